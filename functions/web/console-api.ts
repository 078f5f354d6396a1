/**
 * How the console acts: it calls the service's own API routes as the signed-in token, so a click
 * in the console is checked, scoped, audited and answered exactly like the same call from a portal's
 * script. The session layer has checked the token; the call carries its verdict the way API Gateway's
 * authorizer passes it to a function (requestContext.authorizer.lambda), never the secret.
 *
 * Locally every route is in the same app (inProcessApi); on AWS the web function invokes the
 * function that serves the route (functions/handlers/web.ts), so the light web function never
 * carries Chromium nor any grant of its own on reports, tokens or jobs.
 */
import type { Principal } from "../http/context.js";

export interface ApiCall {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** path and query, e.g. /reports?year=2024 */
  readonly path: string;
  readonly body?: Uint8Array | string;
  readonly contentType?: string;
  /** what the console asks for (text/html on /d pages) */
  readonly accept?: string;
}

export interface ConsoleApi {
  call(principal: Principal, call: ApiCall): Promise<Response>;
}

/** The authorizer's verdict for a principal, as the API reads it (functions/http/auth.ts). */
export function authorizerContext(principal: Principal): Record<string, string> {
  return { authenticated: "true", role: principal.role, tokenId: principal.id, scopes: principal.scopes.join(",") };
}

/** The API's answer as JSON, or an ApiFailure carrying its status and message. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly diagnostics: readonly unknown[] = [],
  ) {
    super(message);
  }
}

export async function jsonOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string }; diagnostics?: unknown[] } | undefined) ?? {};
    throw new ApiFailure(response.status, error.error?.code ?? "error", error.error?.message ?? `请求失败（${response.status}）`, error.diagnostics ?? []);
  }
  return body as T;
}

/** The API in the same process: the app's own fetch, with the verdict where the authorizer puts it. */
export function inProcessApi(fetch: (request: Request, env: unknown) => Response | Promise<Response>): ConsoleApi {
  return {
    async call(principal, call) {
      const headers: Record<string, string> = {};
      if (call.contentType) headers["content-type"] = call.contentType;
      if (call.accept) headers.accept = call.accept;
      const request = new Request(`http://console.internal${call.path}`, { method: call.method, headers, ...(call.body !== undefined ? { body: call.body as BodyInit } : {}) });
      return fetch(request, { event: { requestContext: { authorizer: { lambda: authorizerContext(principal) } } } });
    },
  };
}
