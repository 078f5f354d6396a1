/** Regeneration: one report at once, or every report matching a filter as an asynchronous job. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { EDITION_IDS } from "../../report/editions/index.js";
import { jobStatus } from "../../service/job-status.js";
import { startRegeneration } from "../../service/regenerations.js";
import { actorOf } from "../../service/tokens.js";
import { regenerate } from "../../service/use-cases.js";
import { json, jsonBody, reportIdParam, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const filterCheck = new Ajv2020({ allErrors: false, strict: true }).compile({
  type: "object",
  additionalProperties: false,
  properties: {
    year: { type: "integer", minimum: 2008, maximum: 2100 },
    edition: { enum: EDITION_IDS },
    reportIdPrefix: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" },
    force: { type: "boolean" },
  },
});

export const regenerationRoutes: RouteHandlers = {
  async regenerateReport(c, s) {
    const reportId = reportIdParam(c);
    const result = await regenerate(s.deps, { reportId, actor: actorOf(c.get("principal")), trigger: "regenerate" });
    return json(c, result.version, 201, { Location: `/reports/${reportId}/versions/${result.version.version}` });
  },
  async startRegeneration(c, s) {
    if (!s.queue) throw new ApiError(503, "unavailable", "此处不提供批量重新生成");
    const body = await jsonBody(c, s, { optional: true });
    if (!filterCheck(body)) {
      throw new ApiError(400, "invalid_filter", "筛选条件只能包含 year（2008–2100 的整数）、edition（\"2019\" 或 \"2021\"）、reportIdPrefix 和 force（布尔值）");
    }
    // force: re-render even the reports already rendered with the current template
    const { force, ...filter } = body as { force?: boolean };
    const principal = c.get("principal");
    const job = await startRegeneration({ ...s.deps, queue: s.queue }, { filter, force: force === true, actor: actorOf(principal), scopes: principal.scopes });
    return json(c, { jobId: job.jobId }, 202, { Location: `/regenerations/${job.jobId}` });
  },
  async getRegeneration(c, s) {
    const jobId = c.req.param("jobId" as never) as string;
    if (!JOB_ID_PATTERN.test(jobId)) throw new ApiError(404, "not_found", "没有这个重新生成任务");
    const principal = c.get("principal");
    const status = await jobStatus(s.deps, jobId, { actor: actorOf(principal), scopes: principal.scopes });
    return json(c, status, 200);
  },
};
