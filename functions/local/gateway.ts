/**
 * The local stand-in for API Gateway: turns each Node request into the HTTP API (payload 2.0) event
 * the Lambda functions receive, and hands it to the same handler.
 *
 * Like the gateway with its authorizer, it decides who is calling before it reads a body: a request
 * for an authenticated route without a valid token is answered (401, by the app) without its body
 * ever being read, and a body declared larger than the route's limit gets 413 at once. A body is
 * buffered only for a known caller, only within the limit, so large bodies cannot pile up in memory.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from "aws-lambda";
import { errorBody, ApiError } from "../http/errors.js";
import { authorizerContext, type AuthorizerContext } from "../http/authorizer-context.js";
import { bodyLimitFor, routeOf } from "../http/routes.js";
import type { TokenStore } from "../store/ports.js";

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult & { cookies?: string[] }>;

export interface GatewayOptions {
  readonly handler: LambdaHandler;
  readonly tokens: TokenStore;
  /** the JSON body limit of the API (routes may declare their own) */
  readonly bodyLimitBytes: number;
  readonly log: (entry: Record<string, unknown>) => void;
}

function toEvent(req: IncomingMessage, body: Buffer, authorizer: AuthorizerContext | undefined): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie") headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "local",
      apiId: "local",
      ...(authorizer ? { authorizer: { lambda: { ...authorizer } } } : {}),
      domainName: req.headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: { method: req.method ?? "GET", path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: req.headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.toString("base64"),
    isBase64Encoded: true,
  } as APIGatewayProxyEventV2;
}

function sendError(res: ServerResponse, error: ApiError): void {
  res.writeHead(error.status, { "Content-Type": "application/json; charset=utf-8", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store", ...error.headers });
  res.end(JSON.stringify(errorBody(error)));
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "payload_too_large", `请求体超过 ${limit} 字节`);
}

/** Reads a body of at most `limit` bytes; undefined (and the request destroyed) beyond it. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", () => resolve(undefined));
  });
}

function hasBody(req: IncomingMessage): boolean {
  return (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0") || req.headers["transfer-encoding"] !== undefined;
}

/** The request listener of the local HTTP server. */
function isConsolePath(path: string): boolean {
  return path === "/console" || path.startsWith("/console/");
}

export function gateway(options: GatewayOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { handler, tokens, bodyLimitBytes, log } = options;

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const route = routeOf(req.method ?? "GET", path);
    let authorizer: AuthorizerContext | undefined;
    let body: Buffer = Buffer.alloc(0);
    if (route && route.access !== "public") authorizer = await authorizerContext({ tokens }, req.headers.authorization);
    if (hasBody(req)) {
      // Read a body only for a route that takes one, from a caller that is known (or needs none).
      const limit = bodyLimitFor(req.method ?? "GET", path, bodyLimitBytes);
      const declared = Number(req.headers["content-length"] ?? "0");
      // The console's own pages (forms under /console/) are not API routes: they authenticate by
      // their session cookie inside the app, as API Gateway hands them to the web function.
      const accepted = (route !== undefined && authorizer?.authenticated !== "false") || isConsolePath(path);
      const read = accepted && Number.isFinite(declared) && declared <= limit ? await readBody(req, limit) : undefined;
      if (!read) res.setHeader("Connection", "close"); // the rest of the body is not wanted
      if (accepted && !read) return sendError(res, tooLarge(limit));
      if (read) body = read;
    }
    const result = await handler(toEvent(req, body, authorizer), { awsRequestId: randomUUID() } as Context);
    const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) headers["set-cookie"] = result.cookies;
    res.writeHead(result.statusCode, headers);
    res.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
    log({ level: "info", method: req.method, path: req.url, status: result.statusCode, ms: Math.round(performance.now() - started) });
  }

  return (req, res) => {
    // A body left unread is never read: the connection closes after the answer, so the client
    // cannot keep streaming into it (Node stops reading the socket once its small buffer is full).
    res.on("finish", () => {
      if (!req.complete) req.socket.destroy();
    });
    req.on("error", () => res.destroy());
    respond(req, res).catch((error: unknown) => {
      log({ level: "error", message: "handler crashed", error: String(error) });
      if (!res.headersSent) sendError(res, new ApiError(500, "internal", "内部错误"));
      else res.destroy();
    });
  };
}
