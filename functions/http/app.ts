/**
 * The HTTP API as a Hono app. On Lambda it receives API Gateway HTTP API (payload 2.0) events
 * through hono/aws-lambda; the local service turns Node requests into the same events, so both run
 * the same code. Each route is registered from the route table; a composition that lacks the renderer
 * (the light functions) registers only the light routes.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { Hono, type Context } from "hono";
import { validateReport } from "../report/index.js";
import { EDITION_IDS } from "../report/editions/index.js";
import { checkReportId, InvalidReportIdError, ReportNotFoundError, VersionNotFoundError } from "../service/errors.js";
import type { ServiceDeps } from "../service/ports.js";
import { jobStatus } from "../service/job-status.js";
import { startRegeneration, type RegenerationQueue } from "../service/regenerations.js";
import { actorOf, inScope, verifyToken } from "../service/tokens.js";
import {
  getVersion,
  latestVersion,
  listVersions,
  publish,
  regenerate,
  reportSummary,
  signedLink,
  versionSource,
} from "../service/use-cases.js";
import type { Role, TokenRecord } from "../store/ports.js";
import { ApiError, errorBody, toApiError } from "./errors.js";
import { honoPath, ROUTES, type FunctionName } from "./routes.js";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** NIANBAO_BODY_LIMIT_BYTES, within what API Gateway and Lambda can carry (6 MB). */
export function bodyLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NIANBAO_BODY_LIMIT_BYTES;
  if (raw === undefined || raw === "") return DEFAULT_BODY_LIMIT_BYTES;
  const bytes = Number(raw);
  if (!Number.isInteger(bytes) || bytes < 1024 || bytes > 6_000_000) throw new Error(`NIANBAO_BODY_LIMIT_BYTES must be an integer from 1024 to 6000000, not ${raw}`);
  return bytes;
}

export interface AppServices {
  readonly deps: ServiceDeps;
  /** absent where bulk regeneration is not offered */
  readonly queue?: RegenerationQueue;
  readonly bodyLimitBytes: number;
  /** which functions' routes to serve (all when absent): only publish, preview and regenerate need the renderer */
  readonly functions?: readonly FunctionName[];
  /** the OpenAPI document served at /openapi.json */
  readonly openapi: unknown;
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** Who is calling: from the API Gateway authorizer's context on AWS, or from the token itself. */
export interface Principal {
  readonly id: string;
  readonly role: Role;
  readonly scopes: readonly string[];
}

type Env = { Variables: { principal: Principal }; Bindings: { event?: { requestContext?: { authorizer?: { lambda?: Record<string, unknown> } } } } };
type Handler = (c: Context<Env>, services: AppServices) => Promise<Response>;

const VERSION_PATTERN = /^[1-9]\d{0,9}$/;
const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function json(c: Context<Env>, body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as never, { "Content-Type": "application/json; charset=utf-8", ...headers });
}

/** Reads the body as JSON within the size limit: 413 over it, 400 when it is not JSON. */
async function jsonBody(c: Context<Env>, services: AppServices, { optional = false } = {}): Promise<unknown> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > services.bodyLimitBytes) throw new ApiError(413, "payload_too_large", `请求体超过 ${services.bodyLimitBytes} 字节`);
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > services.bodyLimitBytes) throw new ApiError(413, "payload_too_large", `请求体超过 ${services.bodyLimitBytes} 字节`);
  if (bytes.byteLength === 0 && optional) return {};
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new ApiError(400, "invalid_json", "请求体不是 UTF-8 编码的 JSON");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "请求体不是有效的 JSON");
  }
}

function versionParam(c: Context<Env>): number {
  const n = c.req.param("n") ?? "";
  if (!VERSION_PATTERN.test(n)) throw new ApiError(400, "invalid_version", "版本号须为正整数");
  return Number(n);
}

function limitParam(c: Context<Env>): number {
  const raw = c.req.query("limit");
  if (raw === undefined) return 20;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) throw new ApiError(400, "invalid_limit", "limit 须为 1 至 100 的整数");
  return Number(raw);
}

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

/** The public download: a redirect to a short-lived signed URL, never the bytes themselves. */
async function download(c: Context<Env>, services: AppServices, which: "latest" | number): Promise<Response> {
  const reportId = c.req.param("reportId") ?? "";
  try {
    const version = which === "latest" ? await latestVersion(services.deps, reportId) : await services.deps.metadata.getVersion(reportId, which);
    if (!version) throw new VersionNotFoundError(reportId, which as number);
    const link = await signedLink(services.deps, version);
    return c.body(null, 302, { Location: link.url, "Cache-Control": "no-store" });
  } catch (error) {
    if (error instanceof InvalidReportIdError || error instanceof ReportNotFoundError || error instanceof VersionNotFoundError) {
      throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    }
    throw error;
  }
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  async publishReport(c, s) {
    const reportId = c.req.param("reportId")!;
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
    return json(c, await reportSummary(s.deps, c.req.param("reportId")!), 200);
  },
  async listVersions(c, s) {
    const cursor = c.req.query("cursor");
    const page = await listVersions(s.deps, c.req.param("reportId")!, { limit: limitParam(c), ...(cursor ? { cursor } : {}) });
    return json(c, page, 200);
  },
  async getVersion(c, s) {
    return json(c, await getVersion(s.deps, c.req.param("reportId")!, versionParam(c)), 200);
  },
  async getVersionSource(c, s) {
    const bytes = await versionSource(s.deps, c.req.param("reportId")!, versionParam(c));
    return c.body(bytes as unknown as ArrayBuffer, 200, { "Content-Type": "application/json; charset=utf-8" });
  },
  async regenerateReport(c, s) {
    const reportId = c.req.param("reportId")!;
    const result = await regenerate(s.deps, { reportId, actor: actorOf(c.get("principal")), trigger: "regenerate" });
    return json(c, result.version, 201, { Location: `/reports/${reportId}/versions/${result.version.version}` });
  },
  async startRegeneration(c, s) {
    if (!s.queue) throw new ApiError(503, "unavailable", "此处不提供批量重新生成");
    const body = await jsonBody(c, s, { optional: true });
    if (!filterCheck(body)) {
      throw new ApiError(400, "invalid_filter", "筛选条件只能包含 year（2008–2100 的整数）、edition（\"2019\" 或 \"2021\"）、reportIdPrefix 和 force（布尔值）");
    }
    const { force, ...filter } = body as { force?: boolean };
    const principal = c.get("principal");
    const job = await startRegeneration({ ...s.deps, queue: s.queue }, { filter, force: force === true, actor: actorOf(principal), scopes: principal.scopes });
    return json(c, { jobId: job.jobId }, 202, { Location: `/regenerations/${job.jobId}` });
  },
  async getRegeneration(c, s) {
    const jobId = c.req.param("jobId")!;
    if (!JOB_ID_PATTERN.test(jobId)) throw new ApiError(404, "not_found", "没有这个重新生成任务");
    const status = await jobStatus(s.deps, jobId);
    return json(c, status, 200);
  },
  downloadLatest: (c, s) => download(c, s, "latest"),
  async downloadVersion(c, s) {
    const n = c.req.param("n") ?? "";
    if (!VERSION_PATTERN.test(n)) throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    return download(c, s, Number(n));
  },
  async health(c) {
    return json(c, { status: "ok" }, 200);
  },
  async openapi(c, s) {
    return json(c, s.openapi, 200, { "Cache-Control": "public, max-age=300" });
  },
};

async function principalOf(c: Context<Env>, services: AppServices): Promise<Principal> {
  // Behind API Gateway the Lambda authorizer has already checked the token and passes its verdict.
  // It admits unknown tokens with authenticated "false", so that they get the API's 401, not
  // API Gateway's 403 for a denied request.
  const context = c.env?.event?.requestContext?.authorizer?.lambda;
  if (context && context.authenticated === "false") throw new ApiError(401, "unauthenticated", "令牌无效");
  if (context && context.authenticated === "true" && typeof context.role === "string" && typeof context.tokenId === "string") {
    return { id: context.tokenId, role: context.role as Role, scopes: String(context.scopes ?? "").split(",").filter(Boolean) };
  }
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, "unauthenticated", "需要 Authorization: Bearer <token>");
  const token: TokenRecord | undefined = await verifyToken(services.deps.metadata, match[1]!);
  if (!token) throw new ApiError(401, "unauthenticated", "令牌无效");
  return { id: token.id, role: token.role, scopes: token.scopes };
}

export function createApp(services: AppServices): Hono<Env> {
  const app = new Hono<Env>();
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "no-referrer");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  for (const route of ROUTES) {
    if (services.functions && !services.functions.includes(route.fn)) continue;
    const handler = HANDLERS[route.operationId];
    if (!handler) throw new Error(`no handler for ${route.operationId}`);
    app.on(route.method, honoPath(route.path), async (c) => {
      if (route.access !== "public") {
        const principal = await principalOf(c, services);
        if (!route.access.includes(principal.role)) throw new ApiError(403, "forbidden", `此操作需要 ${route.access.join(" 或 ")} 角色`);
        const reportId = c.req.param("reportId" as never) as string | undefined;
        if (reportId !== undefined) {
          checkReportId(reportId);
          if (!inScope(principal.scopes, reportId)) throw new ApiError(403, "forbidden", "令牌的范围不包括这份报告");
        }
        c.set("principal", principal);
      }
      return handler(c, services);
    });
  }
  app.notFound((c) => json(c, errorBody(new ApiError(404, "not_found", "没有这个地址")), 404));
  app.onError((error, c) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) services.log?.({ level: "error", message: "request failed", path: c.req.path, error: String(error), stack: (error as Error).stack });
    return json(c, errorBody(apiError), apiError.status, apiError.headers);
  });
  return app;
}
