/** A report's versions: the list, one version's metadata, and its stored source. */
import { getVersion, listVersions, versionSource } from "../../service/use-cases.js";
import { json, limitParam, reportIdParam, versionParam, type RouteHandlers } from "../context.js";

export const versionRoutes: RouteHandlers = {
  async listVersions(c, s) {
    const cursor = c.req.query("cursor");
    const page = await listVersions(s.deps, reportIdParam(c), { limit: limitParam(c), ...(cursor ? { cursor } : {}) });
    return json(c, page, 200);
  },
  async getVersion(c, s) {
    return json(c, await getVersion(s.deps, reportIdParam(c), versionParam(c)), 200);
  },
  async getVersionSource(c, s) {
    const bytes = await versionSource(s.deps, reportIdParam(c), versionParam(c));
    return c.body(bytes as unknown as ArrayBuffer, 200, { "Content-Type": "application/json; charset=utf-8" });
  },
};
