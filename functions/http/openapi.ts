/**
 * The OpenAPI 3.1 description of the HTTP API, written out to openapi.json by
 * `npm run openapi:generate` and served at /openapi.json. test/e2e/openapi.test.ts holds it to the
 * route table and to the committed file.
 */
import { componentSchemas, ref } from "./openapi-schemas.js";
import { LAMBDA_DOCUMENT_BYTES, LIMITS as IMPORT_LIMITS, mebibytes } from "../import/limits.js";
import { ROUTES, type RouteDef } from "./routes.js";
import { SCOPE_PATTERN } from "../service/scopes.js";
import { SECRET_PATTERN } from "../service/webhooks.js";
import { WEBHOOK_EVENT_TYPES } from "../store/ports.js";

type Schema = Record<string, unknown>;

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created: a new version",
  202: "Accepted: the job runs asynchronously",
  204: "Done; no content",
  302: "Found: redirect to a short-lived signed URL of the file (the PDF, or the OFD edition)",
  303: "See other: the console's first page",
  400: "Bad request: the body is not JSON, or a parameter is malformed",
  401: "Missing or unknown token",
  403: "The token's role or scope does not allow this",
  404: "Not found",
  409: "Conflict with the current state (already withdrawn; every version withdrawn)",
  410: "Gone: withdrawn (and its bytes purged)",
  413: "The body is over the limit (default 1 MiB)",
  415: "Unsupported media type",
  422: "The report is invalid: see diagnostics; nothing was stored",
  503: "The renderer is busy (its queue is full) or was restarting: retry after Retry-After seconds; nothing was stored",
};

const PARAMETERS: Readonly<Record<string, Schema>> = {
  reportId: { name: "reportId", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{2,63}$" } },
  n: { name: "n", in: "path", required: true, description: "version number, from 1", schema: { type: "integer", minimum: 1 } },
  jobId: { name: "jobId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
  tokenId: { name: "tokenId", in: "path", required: true, description: "the token's public id (GET /tokens)", schema: { type: "string", pattern: "^[0-9a-f]{12}$" } },
  id: { name: "id", in: "path", required: true, description: "the webhook subscription's id (GET /webhooks)", schema: { type: "string", pattern: "^[0-9a-f]{16}$" } },
};

const WEBHOOK_EVENTS = [...WEBHOOK_EVENT_TYPES];
const WEBHOOK: Schema = {
  type: "object",
  required: ["id", "url", "events", "scopes", "createdAt", "createdBy"],
  properties: {
    id: { type: "string" },
    url: { type: "string", format: "uri" },
    events: { type: "array", items: { enum: WEBHOOK_EVENTS } },
    scopes: { type: "array", items: { type: "string" } },
    createdAt: { type: "string", format: "date-time" },
    createdBy: { type: "string" },
  },
};
const FIGURE_FILTER: Schema[] = [
  { name: "year", in: "query", required: false, schema: { type: "integer", minimum: 2008, maximum: 2100 } },
  { name: "edition", in: "query", required: false, schema: { enum: ["2019", "2021"] } },
  { name: "prefix", in: "query", required: false, description: "reportId prefix", schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" } },
];
const SUMS: Schema = { type: "object", description: "the report's own keys, every cell summed", additionalProperties: true };

const LIMIT = (fallback: number): Schema => ({ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 100, default: fallback } });
const CURSOR: Schema = { name: "cursor", in: "query", required: false, description: "from the previous page", schema: { type: "string" } };
const json = (schema: Schema): Schema => ({ content: { "application/json": { schema } } });
/** a required JSON request body */
const jsonRequest = (schema: Schema): Schema => ({ required: true, ...json(schema) });
const GONE: Schema = {
  content: {
    "application/json": { schema: ref("Withdrawn") },
    "text/html": { schema: { type: "string", description: "a notice page, for browsers (Accept: text/html)" } },
  },
};

const HTML_PAGE: Schema = { content: { "text/html": { schema: { type: "string" } } } };

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

const OPERATIONS: Readonly<Record<string, { summary: string; request?: Schema; query?: Schema[]; ok: Record<number, Schema>; statuses?: Record<number, string> }>> = {
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
  importReport: {
    summary: "Import a filled-in Word template, a published PDF or a web page as report JSON, with notes and the validator's result; nothing is stored",
    request: {
      required: true,
      description: `the document itself, at most ${mebibytes(IMPORT_LIMITS.documentBytes)}; on AWS at most ${LAMBDA_DOCUMENT_BYTES} bytes (${mebibytes(LAMBDA_DOCUMENT_BYTES)}), what API Gateway can hand a Lambda function`,
      content: {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: { type: "string", contentEncoding: "binary" } },
        "application/pdf": { schema: { type: "string", contentEncoding: "binary" } },
        "text/html": { schema: { type: "string" } },
      },
    },
    ok: { 200: { content: { "application/json": { schema: ref("ImportResult") } } } },
    statuses: {
      413: `The document is over the limit (${mebibytes(IMPORT_LIMITS.documentBytes)}; on AWS ${mebibytes(LAMBDA_DOCUMENT_BYTES)})`,
      415: "Content-Type is not DOCX, PDF or HTML",
      422: "No report could be read: damaged, encrypted, a scan without text, past a structural limit, or no annual report in it",
    },
  },
  listReports: {
    summary: "The reports the token's scope covers, newest publish first (a page may hold fewer items than asked and still carry a cursor)",
    query: [
      { name: "year", in: "query", required: false, schema: { type: "integer", minimum: 2008, maximum: 2100 } },
      { name: "edition", in: "query", required: false, schema: { enum: ["2019", "2021"] } },
      { name: "prefix", in: "query", required: false, description: "reportId prefix", schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" } },
      LIMIT(20),
      CURSOR,
    ],
    ok: { 200: json(ref("ReportPage")) },
  },
  getReport: { summary: "Report metadata", ok: { 200: json(ref("ReportSummary")) } },
  listVersions: {
    summary: "Versions, newest first (withdrawn ones included, marked)",
    query: [LIMIT(20), CURSOR],
    ok: { 200: json(ref("VersionPage")) },
  },
  withdrawVersion: {
    summary: "Withdraw version n (kept forever, numbering unchanged); with purge its PDF and source objects are deleted for good",
    request: jsonRequest({
      type: "object",
      additionalProperties: false,
      required: ["reason"],
      properties: { reason: { type: "string", minLength: 2, maxLength: 500 }, purge: { type: "boolean", default: false } },
    }),
    ok: { 200: json(ref("WithdrawnVersion")) },
  },
  createToken: {
    summary: "Issue a token within the caller's own scope; the secret is in this answer only",
    request: { required: true, content: { "application/json": { schema: ref("TokenRequest") } } },
    ok: { 201: { ...json(ref("CreatedToken")), headers: { Location: { schema: { type: "string" } } } } },
  },
  listTokens: { summary: "Tokens within the caller's scope; never a secret or its hash", ok: { 200: json(ref("TokenList")) } },
  revokeToken: { summary: "Revoke a token: from now on it gets 401 (on AWS within the authorizer's 60 s cache)", ok: { 204: {} } },
  listAudit: {
    summary: "The audit trail, newest first: publish, regenerate, bulk jobs, withdrawals, tokens, refused calls",
    query: [
      { name: "reportId", in: "query", required: false, schema: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{2,63}$" } },
      { name: "actor", in: "query", required: false, schema: { type: "string" } },
      { name: "action", in: "query", required: false, schema: { enum: ["publish", "regenerate", "bulk.start", "bulk.finish", "withdraw", "token.create", "token.revoke", "webhook.create", "webhook.delete", "refused"] } },
      { name: "since", in: "query", required: false, schema: { type: "string", format: "date-time" } },
      LIMIT(50),
      CURSOR,
    ],
    ok: { 200: json(ref("AuditPage")) },
  },
  createWebhook: {
    summary: "Subscribe a URL to events about the reports within scopes (at most the caller's own); the signing secret is in this answer only",
    request: jsonRequest({
      type: "object",
      additionalProperties: false,
      required: ["url", "events", "scopes"],
      properties: {
        url: { type: "string", format: "uri", maxLength: 2048, description: "https; loopback, link-local, private and metadata addresses are refused (422) unless NIANBAO_WEBHOOK_ALLOWED_HOSTS allows them" },
        events: { type: "array", minItems: 1, items: { enum: WEBHOOK_EVENTS } },
        scopes: { type: "array", minItems: 1, maxItems: 20, items: { type: "string", pattern: SCOPE_PATTERN.source } },
        secret: { type: "string", pattern: SECRET_PATTERN.source, description: "Standard Webhooks secret; generated when absent" },
      },
    }),
    ok: {
      201: { ...json({ ...WEBHOOK, required: [...(WEBHOOK.required as string[]), "secret"], properties: { ...(WEBHOOK.properties as Schema), secret: { type: "string" } } }), headers: { Location: { schema: { type: "string" } } } },
      422: { description: "The URL resolves to a loopback, link-local, private or metadata address, or is not https", ...json(ref("Error")) },
    },
  },
  listWebhooks: { summary: "Webhook subscriptions within the caller's scope; never a secret", ok: { 200: json({ type: "object", required: ["items"], properties: { items: { type: "array", items: WEBHOOK } } }) } },
  deleteWebhook: { summary: "Delete a subscription: deliveries still queued for it are dropped", ok: { 204: {} } },
  listWebhookDeliveries: {
    summary: "The subscription's recent deliveries, newest first",
    query: [LIMIT(50)],
    ok: {
      200: json({
        type: "object",
        required: ["items"],
        properties: {
          items: {
            type: "array",
            items: {
              type: "object",
              required: ["id", "event", "at", "attempts", "status"],
              properties: {
                id: { type: "string", description: "the webhook-id header, the same on every attempt" },
                event: { enum: WEBHOOK_EVENTS },
                at: { type: "string", format: "date-time" },
                attempts: { type: "integer", minimum: 0 },
                status: { enum: ["pending", "retrying", "succeeded", "failed"] },
                lastError: { type: "string" },
              },
            },
          },
        },
      }),
    },
  },
  exportTables: {
    summary: "Every table cell of the reports in scope (latest version that stands): redirect to a signed link of the CSV (UTF-8 with BOM) or XLSX (a sheet per table)",
    query: [...FIGURE_FILTER, { name: "format", in: "query", required: false, schema: { enum: ["csv", "xlsx"], default: "csv" } }],
    ok: { 302: { description: "Found: redirect to a short-lived signed URL of the export file", headers: { Location: { schema: { type: "string", format: "uri" } } } } },
  },
  getStatistics: {
    summary: "Every cell of tables 三 and 四 summed over the latest standing versions in scope, per edition, with the count of reports",
    query: FIGURE_FILTER,
    ok: {
      200: json({
        type: "object",
        required: ["reports", "byEdition"],
        properties: {
          reports: { type: "integer" },
          byEdition: {
            type: "object",
            additionalProperties: { type: "object", required: ["reports", "applications", "reviewLitigation"], properties: { reports: { type: "integer" }, applications: SUMS, reviewLitigation: SUMS } },
          },
        },
      }),
    },
  },
  getVersion: { summary: "One version's metadata with a fresh signed link", ok: { 200: { content: { "application/json": { schema: ref("Version") } } } } },
  getVersionSource: { summary: "The stored normalised report of a version, byte for byte", ok: { 200: { content: { "application/json": { schema: ref("NormalizedReport") } } } } },
  getVersionDocx: {
    summary: "The Word edition of a version (.docx), made from its stored normalised source: the official layout, fonts named by their official roles, A4 with GB/T 9704 margins",
    ok: {
      200: {
        headers: { "Content-Disposition": { schema: { type: "string" }, description: "attachment; the report's title as the file name" } },
        content: { "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { schema: { type: "string", contentEncoding: "binary" } } },
      },
    },
  },
  getVersionOfd: {
    summary: "Redirect to a short-lived signed URL of version n's OFD edition (GB/T 33190); 404 when the version has none; 410 once it is withdrawn",
    ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } } },
  },
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
  downloadLatest: {
    summary: "Citizens' link: redirect to the PDF of the latest version that is not withdrawn; 410 when every version is withdrawn",
    ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } }, 410: GONE },
  },
  downloadLatestOfd: {
    summary: "Citizens' link: redirect to the OFD edition of the latest version that is not withdrawn; 404 when it has none; 410 when every version is withdrawn",
    ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } }, 410: GONE },
  },
  downloadVersion: {
    summary: "Citizens' link to version n; 410 with the reason once it is withdrawn",
    ok: { 302: { headers: { Location: { schema: { type: "string", format: "uri" } } } }, 410: GONE },
  },
  health: { summary: "Liveness", ok: { 200: { content: { "application/json": { schema: { type: "object", properties: { status: { const: "ok" } } } } } } } },
  openapi: { summary: "This document", ok: { 200: { content: { "application/json": { schema: { type: "object" } } } } } },
  openConsole: {
    summary: "The web console for admins and portal staff (HTML; it asks for a token and keeps a session cookie): redirects to its report list or sign-in page",
    ok: { 303: { headers: { Location: { schema: { type: "string" } } } } },
  },
  reportPage: {
    summary: "The citizens' report page: the report as accessible HTML, its download links and version history (withdrawn versions marked 已撤回 with the reason)",
    ok: { 200: HTML_PAGE, 404: HTML_PAGE, 410: HTML_PAGE },
  },
};

function operation(route: RouteDef): Schema {
  const spec = OPERATIONS[route.operationId];
  const description = (status: number) => DESCRIPTIONS[status] ?? String(status);
  if (!spec) throw new Error(`no OpenAPI description for ${route.operationId}`);
  const responses: Record<string, Schema> = {};
  for (const status of route.statuses) {
    const ok = spec.ok[status];
    const error = {
      ...(status === 503 ? { headers: { "Retry-After": { schema: { type: "integer", minimum: 1 }, description: "seconds to wait before retrying" } } } : {}),
      ...json(ref("Error")),
    };
    responses[String(status)] = ok
      ? { description: spec.statuses?.[status] ?? description(status), ...ok }
      : { description: spec.statuses?.[status] ?? description(status), ...error };
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
  return {
    openapi: "3.1.0",
    info: {
      title: "Nianbao — 政府信息公开工作年度报告服务",
      version: "2.0.0",
      description: "Validate, render, publish and download annual government information-disclosure reports; tokens, withdrawal, audit. See docs/api.md.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: "/", description: "the service's own address (locally http://127.0.0.1:3000; on AWS the HTTP API's URL)" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "Authorization: Bearer <token>; a token from POST /tokens or `nianbao token create`: role portal or admin, scoped to reportId globs" },
      },
      schemas: componentSchemas(),
    },
  };
}
