/** A report's versions: the list, one version's metadata, its stored source, its OFD edition, and its withdrawal. */
import { actorOf } from "../../service/tokens.js";
import { getVersion, listVersions, ofdLink, versionSource } from "../../service/use-cases.js";
import { withdrawVersion } from "../../service/withdrawal.js";
import { json, jsonBody, limitParam, reportIdParam, versionParam, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

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
  /** A redirect to a short-lived signed URL of the OFD (the object carries its file name). */
  async getVersionOfd(c, s) {
    const link = await ofdLink(s.deps, reportIdParam(c), versionParam(c));
    return c.body(null, 302, { Location: link.url, "Cache-Control": "no-store" });
  },
  async withdrawVersion(c, s) {
    const body = await jsonBody(c, s);
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ApiError(400, "invalid_withdrawal", "请求体须为 { reason, purge? }");
    const { reason, purge, ...rest } = body as { reason?: unknown; purge?: unknown };
    if (Object.keys(rest).length || (purge !== undefined && typeof purge !== "boolean")) {
      throw new ApiError(400, "invalid_withdrawal", "请求体须为 { reason: 2–500 个字符, purge?: true|false }");
    }
    const result = await withdrawVersion(s.deps, {
      reportId: reportIdParam(c),
      version: versionParam(c),
      reason: typeof reason === "string" ? reason : "",
      purge: purge === true,
      actor: actorOf(c.get("principal")),
    });
    return json(c, { ...result.version, ...(result.purge ? { purge: result.purge } : {}) }, 200);
  },
};
