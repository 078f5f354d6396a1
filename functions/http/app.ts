/**
 * The HTTP API as a Hono app. On Lambda it receives API Gateway HTTP API (payload 2.0) events
 * through hono/aws-lambda; the local service turns Node requests into the same events, so both run
 * the same code. Each row of the route table (routes.ts) is served by the handler of the same
 * operationId from a route module (routes/index.ts); a composition that lacks the renderer (the
 * light functions) registers only the light routes.
 */
import { Hono } from "hono";
import { recordRefusal } from "../service/audit.js";
import { checkReportId, REPORT_ID_PATTERN } from "../service/errors.js";
import { actorOf, inScope } from "../service/tokens.js";
import { principalOf } from "./auth.js";
import { json, type ApiContext, type AppServices, type Env, type Handler } from "./context.js";
import { ApiError, errorBody, Refusal, toApiError } from "./errors.js";
import { honoPath, ROUTES } from "./routes.js";
import { ROUTE_MODULES } from "./routes/index.js";

export type { AppServices, Principal } from "./context.js";

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** NIANBAO_BODY_LIMIT_BYTES, within what API Gateway and Lambda can carry (6 MB). */
export function bodyLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NIANBAO_BODY_LIMIT_BYTES;
  if (raw === undefined || raw === "") return DEFAULT_BODY_LIMIT_BYTES;
  const bytes = Number(raw);
  if (!Number.isInteger(bytes) || bytes < 1024 || bytes > 6_000_000) throw new Error(`NIANBAO_BODY_LIMIT_BYTES must be an integer from 1024 to 6000000, not ${raw}`);
  return bytes;
}

/** The handlers of every route module by operationId; each must have exactly one row in ROUTES. */
function handlersByOperation(): ReadonlyMap<string, Handler> {
  const handlers = new Map<string, Handler>();
  for (const module of ROUTE_MODULES) {
    for (const [operationId, handler] of Object.entries(module)) {
      if (handlers.has(operationId)) throw new Error(`two handlers for ${operationId}`);
      if (!ROUTES.some((route) => route.operationId === operationId)) throw new Error(`handler ${operationId} has no row in routes.ts`);
      handlers.set(operationId, handler);
    }
  }
  return handlers;
}

/**
 * The services for one request: with the public base URL the request came to when none is
 * configured (links must be absolute).
 */
function servicesFor(c: ApiContext, services: AppServices): AppServices {
  if (services.deps.publicBaseUrl) return services;
  return { ...services, deps: { ...services.deps, publicBaseUrl: new URL(c.req.url).origin } };
}

/** Records a refused call (401/403) in the audit trail: who, if known, and why; never the secret. */
async function auditRefusal(c: ApiContext, services: AppServices, error: ApiError): Promise<void> {
  const principal = c.get("principal");
  const actor = (error instanceof Refusal ? error.actor : undefined) ?? (principal ? actorOf(principal) : "anonymous");
  const reportId = c.req.param("reportId" as never) as string | undefined;
  await recordRefusal(services.deps, {
    actor,
    status: error.status as 401 | 403,
    reason: error instanceof Refusal ? error.reason : error.code,
    method: c.req.method,
    path: c.req.path.slice(0, 200),
    ...(reportId && REPORT_ID_PATTERN.test(reportId) ? { reportId } : {}),
  });
}

export function createApp(services: AppServices): Hono<Env> {
  const handlers = handlersByOperation();
  const app = new Hono<Env>();
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    // the console's pages send same-origin referrers, so that its form posts carry their Origin
    if (!c.res.headers.has("Referrer-Policy")) c.header("Referrer-Policy", "no-referrer");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  });
  for (const route of ROUTES) {
    if (services.functions && !services.functions.includes(route.fn)) continue;
    const handler = handlers.get(route.operationId);
    if (!handler) throw new Error(`no handler for ${route.operationId}`);
    app.on(route.method, honoPath(route.path), async (c) => {
      if (route.access !== "public") {
        const principal = await principalOf(c, services);
        c.set("principal", principal);
        if (!route.access.includes(principal.role)) throw new Refusal(403, `此操作需要 ${route.access.join(" 或 ")} 角色`, "role not allowed");
        const reportId = c.req.param("reportId" as never) as string | undefined;
        if (reportId !== undefined) {
          checkReportId(reportId);
          if (!inScope(principal.scopes, reportId)) throw new Refusal(403, "令牌的范围不包括这份报告", "report outside the token's scope");
        }
      }
      return handler(c, servicesFor(c, services));
    });
  }
  app.notFound((c) => json(c, errorBody(new ApiError(404, "not_found", "没有这个地址")), 404));
  app.onError(async (error, c) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) services.log?.({ level: "error", message: "request failed", path: c.req.path, error: String(error), stack: (error as Error).stack });
    if (apiError.status === 401 || apiError.status === 403) await auditRefusal(c, services, apiError);
    return json(c, errorBody(apiError), apiError.status, apiError.headers);
  });
  return app;
}
