/**
 * The OpenAPI 3.1 description of the HTTP API, written out to openapi.json by
 * `npm run openapi:generate` and served at /openapi.json. test/e2e/openapi.test.ts holds it to the
 * route table and to the committed file.
 */
import { reportSchema, normalizedReportSchema } from "../report/schema/index.js";
import { ROUTES, type RouteDef } from "./routes.js";

type Schema = Record<string, unknown>;
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created: a new version",
  202: "Accepted: the job runs asynchronously",
  302: "Found: redirect to a short-lived signed URL of the PDF",
  400: "Bad request: the body is not JSON, or a parameter is malformed",
  401: "Missing or unknown token",
  403: "The token's role or scope does not allow this",
  404: "Not found",
  413: "The body is over the limit (default 1 MiB)",
  422: "The report is invalid: see diagnostics; nothing was stored",
  503: "The renderer is busy (its queue is full) or was restarting: retry after Retry-After seconds; nothing was stored",
};

const PARAMETERS: Readonly<Record<string, Schema>> = {
  reportId: { name: "reportId", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{2,63}$" } },
  n: { name: "n", in: "path", required: true, description: "version number, from 1", schema: { type: "integer", minimum: 1 } },
  jobId: { name: "jobId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
};

/** The stored report the prior-year check compares 上年结转 with, instead of the one found by agency and year. */
const PREVIOUS_REPORT_ID: Schema = {
  name: "previousReportId",
  in: "query",
  required: false,
  description:
    "the stored report of the previous year to check 二、上年结转 against (400 when the store holds no such report, 403 outside the token's scope). " +
    "Without it the service finds the same agency's report of the year before by itself (agency name compared without spaces, full-width forms folded).",
  schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{2,63}$" },
};

const OPERATIONS: Readonly<Record<string, { summary: string; request?: Schema; query?: Schema[]; ok: Record<number, Schema> }>> = {
  publishReport: {
    summary: "Publish: validate → render → store a new version (idempotent: an unchanged report returns the existing version with 200)",
    request: { required: true, content: { "application/json": { schema: ref("Report") } } },
    query: [PREVIOUS_REPORT_ID],
    ok: { 200: { content: { "application/json": { schema: ref("Version") } } }, 201: { content: { "application/json": { schema: ref("Version") } }, headers: { Location: { schema: { type: "string" } } } } },
  },
  validateReport: {
    summary: "Dry run: validate and normalise (with the prior-year check against the stored previous report), store nothing",
    request: { required: true, content: { "application/json": { schema: { description: "a report (any JSON is accepted and diagnosed)" } } } },
    query: [PREVIOUS_REPORT_ID],
    ok: { 200: { content: { "application/json": { schema: ref("ValidationResult") } } } },
  },
  previewReport: {
    summary: "Render without storing, with a 草稿 watermark on every page",
    request: { required: true, content: { "application/json": { schema: ref("Report") } } },
    query: [{ name: "format", in: "query", required: false, schema: { enum: ["pdf", "html"] } }],
    ok: { 200: { content: { "application/pdf": { schema: { type: "string", contentEncoding: "binary" } }, "text/html": { schema: { type: "string" } } } } },
  },
  getReport: { summary: "Report metadata", ok: { 200: { content: { "application/json": { schema: ref("ReportSummary") } } } } },
  listVersions: {
    summary: "Versions, newest first",
    query: [
      { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
      { name: "cursor", in: "query", required: false, schema: { type: "string" } },
    ],
    ok: { 200: { content: { "application/json": { schema: ref("VersionPage") } } } },
  },
  getVersion: { summary: "One version's metadata with a fresh signed link", ok: { 200: { content: { "application/json": { schema: ref("Version") } } } } },
  getVersionSource: { summary: "The stored normalised report of a version, byte for byte", ok: { 200: { content: { "application/json": { schema: ref("NormalizedReport") } } } } },
  regenerateReport: {
    summary: "Re-render the latest version's stored source with the current template as a new version (trigger regenerate)",
    ok: { 201: { content: { "application/json": { schema: ref("Version") } } } },
  },
  startRegeneration: {
    summary:
      "Bulk regeneration of every report matching the filter (and the token's scope). Only reports rendered with another template are re-rendered, unless force is true; a job run twice makes no new versions",
    request: { required: false, content: { "application/json": { schema: ref("RegenerationFilter") } } },
    ok: { 202: { content: { "application/json": { schema: { type: "object", required: ["jobId"], properties: { jobId: { type: "string", format: "uuid" } } } } } } },
  },
  getRegeneration: { summary: "Progress of a bulk regeneration", ok: { 200: { content: { "application/json": { schema: ref("RegenerationStatus") } } } } },
  downloadLatest: { summary: "Citizens' link: redirect to the latest version's PDF", ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } } } },
  downloadVersion: { summary: "Citizens' link to version n", ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } } } },
  health: { summary: "Liveness", ok: { 200: { content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" } } } } } } } },
  openapi: { summary: "This document", ok: { 200: { content: { "application/json": { schema: { type: "object" } } } } } },
};

function operation(route: RouteDef): Schema {
  const spec = OPERATIONS[route.operationId];
  if (!spec) throw new Error(`no OpenAPI description for ${route.operationId}`);
  const responses: Record<string, Schema> = {};
  for (const status of route.statuses) {
    const ok = spec.ok[status];
    responses[String(status)] = ok
      ? { description: DESCRIPTIONS[status], ...ok }
      : {
          description: DESCRIPTIONS[status],
          ...(status === 503 ? { headers: { "Retry-After": { schema: { type: "integer", minimum: 1 }, description: "seconds to wait before retrying" } } } : {}),
          content: { "application/json": { schema: ref("Error") } },
        };
  }
  responses.default = { description: "Unexpected error (500, or 503 when busy)", content: { "application/json": { schema: ref("Error") } } };
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => PARAMETERS[m[1]!]!);
  return {
    operationId: route.operationId,
    summary: spec.summary,
    ...(route.access === "public" ? { security: [] } : { "x-nianbao-roles": route.access }),
    ...(pathParams.length || spec.query ? { parameters: [...pathParams, ...(spec.query ?? [])] } : {}),
    ...(spec.request ? { requestBody: spec.request } : {}),
    responses,
  };
}

export function buildOpenApi(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of ROUTES) (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route);
  const diagnostic = {
    type: "object",
    required: ["code", "severity", "path", "message"],
    properties: {
      code: { enum: ["schema", "A1", "A2", "A3", "A4", "edition-year", "text-table", "prior-year", "plausibility"] },
      severity: { enum: ["error", "warning"] },
      path: { type: "string", description: "RFC 6901 JSON pointer into the submitted report" },
      message: { type: "string" },
      expected: { type: ["number", "string"] },
      actual: { type: ["number", "string"] },
      quote: { type: "string", description: "text-table: the phrase of the paragraph at path that states the figure" },
    },
  };
  return {
    openapi: "3.1.0",
    info: {
      title: "Nianbao — 政府信息公开工作年度报告服务",
      version: "1.0.0",
      description: "Validate, render, publish and download annual government information-disclosure reports. See README.md.",
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "a token from `nianbao token create`; role portal or admin, scoped to reportId globs" } },
      schemas: {
        Report: reportSchema,
        NormalizedReport: normalizedReportSchema,
        Diagnostic: diagnostic,
        Error: {
          type: "object",
          required: ["error", "diagnostics"],
          properties: {
            error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
            diagnostics: { type: "array", items: ref("Diagnostic") },
          },
        },
        ValidationResult: {
          type: "object",
          required: ["valid", "errors", "warnings", "normalized"],
          properties: {
            valid: { type: "boolean" },
            errors: { type: "array", items: ref("Diagnostic") },
            warnings: { type: "array", items: ref("Diagnostic") },
            normalized: { oneOf: [ref("NormalizedReport"), { type: "null" }] },
            priorYear: ref("PriorYearComparison"),
          },
        },
        PriorYearComparison: {
          type: "object",
          description: "the stored report of the previous year whose 四、结转下年度继续办理 the prior-year check compared with",
          required: ["reportId", "version", "year", "found"],
          properties: {
            reportId: { type: "string" },
            version: { type: "integer", minimum: 1 },
            year: { type: "integer" },
            found: { enum: ["automatic", "requested"], description: "found by agency and year, or named with previousReportId" },
          },
        },
        Version: {
          type: "object",
          required: ["reportId", "version", "createdAt", "trigger", "actor", "sourceSha256", "templateVersion", "pdf", "warnings"],
          properties: {
            reportId: { type: "string" },
            version: { type: "integer", minimum: 1 },
            createdAt: { type: "string", format: "date-time" },
            trigger: { enum: ["publish", "regenerate", "bulk"] },
            actor: { type: "string", description: "role:tokenId of the caller" },
            sourceSha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
            templateVersion: { type: "string" },
            pdf: {
              type: "object",
              required: ["sha256", "bytes", "pages", "url", "expiresAt"],
              properties: {
                sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
                bytes: { type: "integer" },
                pages: { type: "integer" },
                url: { type: "string", format: "uri", description: "signed, GET only, short-lived" },
                expiresAt: { type: "string", format: "date-time" },
              },
            },
            warnings: { type: "array", items: ref("Diagnostic") },
            priorYear: ref("PriorYearComparison"),
          },
        },
        VersionPage: { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Version") }, cursor: { type: "string" } } },
        ReportSummary: {
          type: "object",
          required: ["reportId", "agency", "year", "edition", "title", "latestVersion", "versionCount", "createdAt", "updatedAt"],
          properties: {
            reportId: { type: "string" },
            agency: { type: "string" },
            year: { type: "integer" },
            edition: { enum: ["2019", "2021"] },
            title: { type: "string" },
            latestVersion: { type: "integer" },
            versionCount: { type: "integer" },
            createdAt: { type: "string", format: "date-time" },
            updatedAt: { type: "string", format: "date-time" },
          },
        },
        RegenerationFilter: {
          type: "object",
          additionalProperties: false,
          properties: {
            year: { type: "integer", minimum: 2008, maximum: 2100 },
            edition: { enum: ["2019", "2021"] },
            reportIdPrefix: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" },
            force: { type: "boolean", default: false, description: "re-render even reports already rendered with the current template (request only)" },
          },
        },
        RegenerationStatus: {
          type: "object",
          required: ["jobId", "status", "total", "succeeded", "failed", "failures"],
          properties: {
            jobId: { type: "string", format: "uuid" },
            status: {
              enum: ["planning", "running", "completed", "failed"],
              description: "failed: the job made no progress for the stall time (NIANBAO_JOB_STALL_SECONDS) and was ended; the reports it left are among failures",
            },
            filter: ref("RegenerationFilter"),
            force: { type: "boolean" },
            createdAt: { type: "string", format: "date-time" },
            total: { type: "integer" },
            succeeded: { type: "integer" },
            failed: { type: "integer" },
            unchanged: { type: "integer", description: "of the succeeded, those left as they were (already rendered with the current template)" },
            failures: { type: "array", items: { type: "object", required: ["reportId", "reason"], properties: { reportId: { type: "string" }, reason: { type: "string" } } } },
          },
        },
      },
    },
  };
}
