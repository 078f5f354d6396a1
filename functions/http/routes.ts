/**
 * The routes of spec/service.md: who may call each, the status codes it answers with, and whether
 * it needs the renderer ("heavy": Chromium) or not ("light"). The app registers exactly these, and
 * test/e2e/openapi.test.ts holds openapi.json to them.
 */
import { LIMITS as IMPORT_LIMITS } from "../import/limits.js";
import type { Role } from "../store/ports.js";

export interface RouteDef {
  readonly method: "GET" | "PUT" | "POST" | "DELETE";
  /** OpenAPI path syntax */
  readonly path: string;
  readonly operationId: string;
  /** "public", or the roles allowed */
  readonly access: "public" | readonly Role[];
  /** every status the route answers with */
  readonly statuses: readonly number[];
  readonly weight: "light" | "heavy";
  /** the Lambda function that serves it on AWS */
  readonly fn: FunctionName;
  /** this route's own body limit, where it differs from the API's (NIANBAO_BODY_LIMIT_BYTES) */
  readonly bodyLimitBytes?: number;
  /**
   * The API Gateway route that carries it, when that is another row's path: API Gateway takes a path
   * variable only as a whole segment, so "/d/{reportId}.ofd" arrives through "/d/{reportId}" (the
   * same function, which tells the two apart as the app does).
   */
  readonly gatewayPath?: string;
}

/** The API's Lambda functions: the heavy ones carry Chromium, the light ones do not. */
export type FunctionName = "publish" | "preview" | "regenerate" | "validate" | "metadata" | "download" | "jobs" | "withdraw" | "tokens" | "audit" | "import" | "web" | "webhooks" | "exports";
export const FUNCTION_NAMES: readonly FunctionName[] = ["publish", "preview", "regenerate", "validate", "metadata", "download", "jobs", "withdraw", "tokens", "audit", "import", "web", "webhooks", "exports"];

const CALLERS: readonly Role[] = ["portal", "admin"];
const ADMIN: readonly Role[] = ["admin"];
/** what every authenticated route may also answer */
const AUTH = [401, 403] as const;

export const ROUTES: readonly RouteDef[] = [
  { method: "PUT", path: "/reports/{reportId}", operationId: "publishReport", access: CALLERS, statuses: [200, 201, 400, ...AUTH, 413, 422, 503], weight: "heavy", fn: "publish" },
  { method: "POST", path: "/validate", operationId: "validateReport", access: CALLERS, statuses: [200, 400, ...AUTH, 413], weight: "light", fn: "validate" },
  { method: "POST", path: "/preview", operationId: "previewReport", access: CALLERS, statuses: [200, 400, ...AUTH, 413, 422, 503], weight: "heavy", fn: "preview" },
  { method: "GET", path: "/reports", operationId: "listReports", access: CALLERS, statuses: [200, 400, ...AUTH], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}", operationId: "getReport", access: CALLERS, statuses: [200, 400, ...AUTH, 404], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}/versions", operationId: "listVersions", access: CALLERS, statuses: [200, 400, ...AUTH, 404], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}/versions/{n}", operationId: "getVersion", access: CALLERS, statuses: [200, 400, ...AUTH, 404], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}/versions/{n}/source", operationId: "getVersionSource", access: CALLERS, statuses: [200, 400, ...AUTH, 404, 410], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}/versions/{n}/docx", operationId: "getVersionDocx", access: CALLERS, statuses: [200, 400, ...AUTH, 404, 410, 422], weight: "light", fn: "metadata" },
  { method: "GET", path: "/reports/{reportId}/versions/{n}/ofd", operationId: "getVersionOfd", access: CALLERS, statuses: [302, 400, ...AUTH, 404, 410], weight: "light", fn: "metadata" },
  { method: "POST", path: "/reports/{reportId}/versions/{n}/withdraw", operationId: "withdrawVersion", access: ADMIN, statuses: [200, 400, ...AUTH, 404, 409, 413], weight: "light", fn: "withdraw" },
  { method: "POST", path: "/reports/{reportId}/regenerate", operationId: "regenerateReport", access: ADMIN, statuses: [201, 400, ...AUTH, 404, 409, 422, 503], weight: "heavy", fn: "regenerate" },
  { method: "POST", path: "/regenerations", operationId: "startRegeneration", access: ADMIN, statuses: [202, 400, ...AUTH, 413], weight: "light", fn: "jobs" },
  { method: "GET", path: "/regenerations/{jobId}", operationId: "getRegeneration", access: ADMIN, statuses: [200, ...AUTH, 404], weight: "light", fn: "jobs" },
  { method: "POST", path: "/tokens", operationId: "createToken", access: ADMIN, statuses: [201, 400, ...AUTH, 413], weight: "light", fn: "tokens" },
  { method: "GET", path: "/tokens", operationId: "listTokens", access: ADMIN, statuses: [200, ...AUTH], weight: "light", fn: "tokens" },
  { method: "DELETE", path: "/tokens/{tokenId}", operationId: "revokeToken", access: ADMIN, statuses: [204, ...AUTH, 404], weight: "light", fn: "tokens" },
  { method: "GET", path: "/audit", operationId: "listAudit", access: ADMIN, statuses: [200, 400, ...AUTH], weight: "light", fn: "audit" },
  // before "/d/{reportId}", which would otherwise take "yunxi-county.ofd" for a reportId
  { method: "GET", path: "/d/{reportId}.ofd", operationId: "downloadLatestOfd", access: "public", statuses: [302, 404, 410], weight: "light", fn: "download", gatewayPath: "/d/{reportId}" },
  { method: "POST", path: "/webhooks", operationId: "createWebhook", access: ADMIN, statuses: [201, 400, ...AUTH, 413, 422], weight: "light", fn: "webhooks" },
  { method: "GET", path: "/webhooks", operationId: "listWebhooks", access: ADMIN, statuses: [200, ...AUTH], weight: "light", fn: "webhooks" },
  { method: "DELETE", path: "/webhooks/{id}", operationId: "deleteWebhook", access: ADMIN, statuses: [204, ...AUTH, 404], weight: "light", fn: "webhooks" },
  { method: "GET", path: "/webhooks/{id}/deliveries", operationId: "listWebhookDeliveries", access: ADMIN, statuses: [200, 400, ...AUTH, 404], weight: "light", fn: "webhooks" },
  { method: "GET", path: "/exports/tables", operationId: "exportTables", access: CALLERS, statuses: [302, 400, ...AUTH], weight: "light", fn: "exports" },
  { method: "GET", path: "/statistics", operationId: "getStatistics", access: CALLERS, statuses: [200, 400, ...AUTH], weight: "light", fn: "exports" },
  { method: "GET", path: "/d/{reportId}", operationId: "downloadLatest", access: "public", statuses: [302, 404, 410], weight: "light", fn: "download" },
  { method: "GET", path: "/d/{reportId}/{n}", operationId: "downloadVersion", access: "public", statuses: [302, 404, 410], weight: "light", fn: "download" },
  { method: "POST", path: "/import", operationId: "importReport", access: CALLERS, statuses: [200, ...AUTH, 413, 415, 422], weight: "light", fn: "import", bodyLimitBytes: IMPORT_LIMITS.documentBytes },
  { method: "GET", path: "/health", operationId: "health", access: "public", statuses: [200], weight: "light", fn: "download" },
  { method: "GET", path: "/openapi.json", operationId: "openapi", access: "public", statuses: [200], weight: "light", fn: "download" },
  // HTML for people: the console asks for a token itself (a session cookie), the report page is public
  { method: "GET", path: "/console", operationId: "openConsole", access: "public", statuses: [303], weight: "light", fn: "web" },
  { method: "GET", path: "/r/{reportId}", operationId: "reportPage", access: "public", statuses: [200, 404, 410], weight: "light", fn: "web" },
];

/**
 * The console's own pages and actions under /console/ (sign-in, reports, editor, tokens, …): HTML
 * and form posts for a browser, not API operations, so they are not in the OpenAPI document. They
 * are served by the same function as GET /console.
 */
export const CONSOLE_ROUTES = { path: "/console/{proxy+}", methods: ["GET", "POST"] as const, fn: "web" as FunctionName };

/**
 * "/reports/{reportId}" → "/reports/:reportId". A parameter followed by a suffix in its segment
 * ("/d/{reportId}.ofd") matches only values that end with the suffix, which stays in the value.
 */
export function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}\.(\w+)/g, ":$1{[^/]+\\.$2}").replace(/\{(\w+)\}/g, ":$1");
}

const MATCHERS = ROUTES.map((route) => ({ route, pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, "[^/]+")}$`) }));

/** The route a request is for, if any (what a gateway knows before it reads the body). */
export function routeOf(method: string, path: string): RouteDef | undefined {
  return MATCHERS.find((m) => m.route.method === method.toUpperCase() && m.pattern.test(path))?.route;
}

/** The body limit of the route a request goes to: its own, or the API's default. */
export function bodyLimitFor(method: string, path: string, fallback: number): number {
  return routeOf(method, path)?.bodyLimitBytes ?? fallback;
}
