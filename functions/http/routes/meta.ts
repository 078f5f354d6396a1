/** About the service itself: liveness and the OpenAPI document. */
import { json, type RouteHandlers } from "../context.js";

export const metaRoutes: RouteHandlers = {
  async health(c) {
    return json(c, { status: "ok" }, 200);
  },
  async openapi(c, s) {
    return json(c, s.openapi, 200, { "Cache-Control": "public, max-age=300" });
  },
};
