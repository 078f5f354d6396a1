/** Reports: publish, dry-run validation, draft preview, and a report's summary. */
import { validateReport } from "../../report/index.js";
import { actorOf } from "../../service/tokens.js";
import { publish, reportSummary } from "../../service/use-cases.js";
import { json, jsonBody, reportIdParam, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

export const reportRoutes: RouteHandlers = {
  async publishReport(c, s) {
    const reportId = reportIdParam(c);
    const report = await jsonBody(c, s);
    const result = await publish(s.deps, { reportId, report, actor: actorOf(c.get("principal")) });
    return json(c, result.version, result.created ? 201 : 200, result.created ? { Location: `/reports/${reportId}/versions/${result.version.version}` } : {});
  },
  async validateReport(c, s) {
    return json(c, validateReport(await jsonBody(c, s)), 200);
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
