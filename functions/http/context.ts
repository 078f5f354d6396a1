/**
 * What every route module shares: the services the app is composed with, the caller (principal),
 * and the request/response helpers (JSON bodies within the size limit, common parameters).
 */
import type { Context } from "hono";
import type { ServiceDeps } from "../service/ports.js";
import type { RegenerationQueue } from "../service/regenerations.js";
import type { Role } from "../store/ports.js";
import { ApiError } from "./errors.js";
import type { FunctionName } from "./routes.js";

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

export type Env = {
  Variables: { principal: Principal };
  Bindings: { event?: { requestContext?: { authorizer?: { lambda?: Record<string, unknown> } } } };
};
export type ApiContext = Context<Env>;
export type Handler = (c: ApiContext, services: AppServices) => Promise<Response>;
/** A route module: the handlers of one resource, by the operationId of their row in routes.ts. */
export type RouteHandlers = Readonly<Record<string, Handler>>;

const VERSION_PATTERN = /^[1-9]\d{0,9}$/;

export function json(c: ApiContext, body: unknown, status: number, headers: Record<string, string> = {}): Response {
  return c.body(JSON.stringify(body), status as never, { "Content-Type": "application/json; charset=utf-8", ...headers });
}

/** Reads the body as JSON within the size limit: 413 over it, 400 when it is not JSON. */
export async function jsonBody(c: ApiContext, services: AppServices, { optional = false } = {}): Promise<unknown> {
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

/** The version number in the path, or undefined when it is not a positive integer. */
export function versionNumber(c: ApiContext): number | undefined {
  const n = c.req.param("n" as never) ?? "";
  return VERSION_PATTERN.test(n) ? Number(n) : undefined;
}

export function versionParam(c: ApiContext): number {
  const n = versionNumber(c);
  if (n === undefined) throw new ApiError(400, "invalid_version", "版本号须为正整数");
  return n;
}

/**
 * The query parameters, refusing any the route does not know (a misspelt filter must not silently
 * widen a listing) and repeated ones.
 */
export function queryParams(c: ApiContext, known: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!known.includes(name)) throw new ApiError(400, "invalid_filter", `未知的查询参数 ${name}（可用：${known.join("、")}）`);
    if (values.length !== 1) throw new ApiError(400, "invalid_filter", `查询参数 ${name} 只能出现一次`);
    params[name] = values[0]!;
  }
  return params;
}

export function limitParam(c: ApiContext, fallback = 20): number {
  const raw = c.req.query("limit");
  if (raw === undefined) return fallback;
  if (!/^\d{1,3}$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) throw new ApiError(400, "invalid_limit", "limit 须为 1 至 100 的整数");
  return Number(raw);
}

/** The reportId path parameter (checked by the app before any handler runs). */
export function reportIdParam(c: ApiContext): string {
  return c.req.param("reportId" as never) as string;
}
