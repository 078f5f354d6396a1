/** The audit trail, for admins: newest first, filtered by report, actor, action and time. */
import { listAudit } from "../../service/audit.js";
import { REPORT_ID_PATTERN } from "../../service/errors.js";
import { AUDIT_ACTIONS, type AuditAction, type AuditFilter } from "../../store/ports.js";
import { json, limitParam, queryParams, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

const ACTOR_PATTERN = /^[a-z]+(:[A-Za-z0-9._-]{1,64})?$/;
const ISO_TIME = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d))?$/;

export const auditRoutes: RouteHandlers = {
  async listAudit(c, s) {
    const query = queryParams(c, ["reportId", "actor", "action", "since", "limit", "cursor"]);
    const filter: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = {};
    if (query.reportId !== undefined) {
      if (!REPORT_ID_PATTERN.test(query.reportId)) throw new ApiError(400, "invalid_filter", "reportId 须匹配 ^[a-z0-9][a-z0-9-]{2,63}$");
      filter.reportId = query.reportId;
    }
    if (query.actor !== undefined) {
      if (!ACTOR_PATTERN.test(query.actor)) throw new ApiError(400, "invalid_filter", "actor 形如 admin:0123456789ab、system:bootstrap、cli:<用户> 或 anonymous");
      filter.actor = query.actor;
    }
    if (query.action !== undefined) {
      if (!AUDIT_ACTIONS.includes(query.action as AuditAction)) throw new ApiError(400, "invalid_filter", `action 须为 ${AUDIT_ACTIONS.join("、")} 之一`);
      filter.action = query.action as AuditAction;
    }
    if (query.since !== undefined) {
      const since = new Date(query.since);
      if (!ISO_TIME.test(query.since) || Number.isNaN(since.getTime())) throw new ApiError(400, "invalid_filter", "since 须为 ISO 8601 时间，如 2025-01-31 或 2025-01-31T08:00:00Z");
      filter.since = since.toISOString();
    }
    const page = await listAudit(s.deps, filter, { limit: limitParam(c, 50), ...(query.cursor ? { cursor: query.cursor } : {}) });
    return json(c, page, 200);
  },
};
