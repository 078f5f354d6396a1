/** Reports: publish, dry-run validation, draft preview, and a report's summary. */
import { EDITION_IDS } from "../../report/editions/index.js";
import { validateReport } from "../../report/index.js";
import { listReports } from "../../service/listing.js";
import { REPORT_ID_PATTERN } from "../../service/errors.js";
import { validateWithPriorYear } from "../../service/prior-year.js";
import { actorOf, inScope } from "../../service/tokens.js";
import { publish, reportSummary } from "../../service/use-cases.js";
import type { ReportFilter } from "../../store/ports.js";
import { json, jsonBody, limitParam, queryParams, reportIdParam, type ApiContext, type RouteHandlers } from "../context.js";
import { ApiError, Refusal } from "../errors.js";

/** `?year&edition&prefix`, each checked: a malformed filter is a 400, never an empty list. */
function listingFilter(query: Record<string, string>): ReportFilter {
  const filter: { -readonly [K in keyof ReportFilter]: ReportFilter[K] } = {};
  if (query.year !== undefined) {
    const year = Number(query.year);
    if (!/^\d{4}$/.test(query.year) || year < 2008 || year > 2100) throw new ApiError(400, "invalid_filter", "year 须为 2008–2100 的年份");
    filter.year = year;
  }
  if (query.edition !== undefined) {
    if (!EDITION_IDS.includes(query.edition as never)) throw new ApiError(400, "invalid_filter", `edition 须为 ${EDITION_IDS.join(" 或 ")}`);
    filter.edition = query.edition;
  }
  if (query.prefix !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(query.prefix)) throw new ApiError(400, "invalid_filter", "prefix 须为 reportId 的开头（a-z、0-9、-）");
    filter.reportIdPrefix = query.prefix;
  }
  return filter;
}

/**
 * `?previousReportId=`: the stored report to check 上年结转 against (the report JSON itself admits no
 * unknown property). It must be a report the token may read; without it the service finds the
 * agency's report of the year before by itself.
 */
function previousReportIdParam(c: ApiContext): { previousReportId?: string } {
  const id = c.req.query("previousReportId");
  if (id === undefined) return {};
  if (!REPORT_ID_PATTERN.test(id)) throw new ApiError(400, "invalid_previous_report_id", "previousReportId 须匹配 ^[a-z0-9][a-z0-9-]{2,63}$");
  if (!inScope(c.get("principal").scopes, id)) throw new Refusal(403, "令牌的范围不包括 previousReportId 所指的报告", "previous report outside the token's scope");
  return { previousReportId: id };
}

export const reportRoutes: RouteHandlers = {
  async listReports(c, s) {
    const query = queryParams(c, ["year", "edition", "prefix", "limit", "cursor"]);
    const page = await listReports(s.deps, {
      filter: listingFilter(query),
      scopes: c.get("principal").scopes,
      limit: limitParam(c),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return json(c, page, 200);
  },
  async publishReport(c, s) {
    const reportId = reportIdParam(c);
    const report = await jsonBody(c, s);
    const result = await publish(s.deps, { reportId, report, actor: actorOf(c.get("principal")), ...previousReportIdParam(c) });
    return json(c, result.version, result.created ? 201 : 200, result.created ? { Location: `/reports/${reportId}/versions/${result.version.version}` } : {});
  },
  async validateReport(c, s) {
    const request = previousReportIdParam(c);
    const { result, priorYear } = await validateWithPriorYear(s.deps, await jsonBody(c, s), request);
    return json(c, { ...result, ...(priorYear ? { priorYear } : {}) }, 200);
  },
  async previewReport(c, s) {
    const result = validateReport(await jsonBody(c, s));
    if (!result.valid || !result.normalized) {
      throw new ApiError(422, "invalid_report", `报告未通过校验：${result.errors.length} 个错误`, [...result.errors, ...result.warnings]);
    }
    if (c.req.query("format") === "html") {
      const html = s.deps.renderer.html(result.normalized, { draft: true });
      return c.body(html, 200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src https://assets.local; font-src https://assets.local" });
    }
    const rendered = await s.deps.renderer.render(result.normalized, { draft: true });
    return c.body(rendered.pdf as unknown as ArrayBuffer, 200, {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="preview.pdf"`,
    });
  },
  async getReport(c, s) {
    return json(c, await reportSummary(s.deps, reportIdParam(c)), 200);
  },
};
