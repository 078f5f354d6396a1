/**
 * The console's API on AWS: each call is an invocation of the Lambda function that serves the route
 * (the route table names it), with the API Gateway HTTP API (payload 2.0) event that function expects
 * and the authorizer's verdict for the signed-in token in its request context — the same event API
 * Gateway itself would send after the authorizer. The web function thus needs no grant on reports,
 * tokens or jobs of its own: only lambda:InvokeFunction on the API functions.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { ROUTES, type FunctionName } from "../http/routes.js";
import { authorizerContext, type ConsoleApi } from "./console-api.js";

/** What the adapter needs of a Lambda client: an invocation, payload in, payload out. */
export interface FunctionInvoker {
  invoke(functionName: string, payload: Uint8Array): Promise<{ payload?: Uint8Array; functionError?: string }>;
}

const PATTERNS = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\./g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
}));

/** The function that serves a method and path (query left out), by the route table. */
export function functionFor(method: string, path: string): FunctionName | undefined {
  return PATTERNS.find(({ route, pattern }) => route.method === method && pattern.test(path))?.route.fn;
}

export function lambdaApi(invoker: FunctionInvoker, functionNames: Readonly<Partial<Record<FunctionName, string>>>): ConsoleApi {
  return {
    async call(principal, call) {
      const [path, query = ""] = call.path.split("?", 2) as [string, string?];
      const fn = functionFor(call.method, path);
      const functionName = fn ? functionNames[fn] : undefined;
      if (!functionName) return Response.json({ error: { code: "not_found", message: "没有这个地址" }, diagnostics: [] }, { status: 404 });
      const now = new Date();
      const body = call.body === undefined ? undefined : typeof call.body === "string" ? Buffer.from(call.body, "utf8") : Buffer.from(call.body);
      const event: APIGatewayProxyEventV2 = {
        version: "2.0",
        routeKey: "$default",
        rawPath: path,
        rawQueryString: query,
        headers: {
          host: "console.internal",
          ...(call.contentType ? { "content-type": call.contentType } : {}),
          ...(call.accept ? { accept: call.accept } : {}),
          ...(body ? { "content-length": String(body.byteLength) } : {}),
        },
        ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
        requestContext: {
          accountId: "console",
          apiId: "console",
          domainName: "console.internal",
          domainPrefix: "console",
          http: { method: call.method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "nianbao-console" },
          requestId: randomUUID(),
          routeKey: "$default",
          stage: "$default",
          time: now.toISOString(),
          timeEpoch: now.getTime(),
          authorizer: { lambda: authorizerContext(principal) },
        } as APIGatewayProxyEventV2["requestContext"],
        ...(body ? { body: body.toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
      };
      const result = await invoker.invoke(functionName, Buffer.from(JSON.stringify(event)));
      if (result.functionError || !result.payload) {
        return Response.json({ error: { code: "internal", message: "服务暂时无法处理这个请求" }, diagnostics: [] }, { status: 502 });
      }
      const answer = JSON.parse(Buffer.from(result.payload).toString("utf8")) as { statusCode: number; headers?: Record<string, string>; body?: string; isBase64Encoded?: boolean };
      const bytes = answer.body === undefined ? undefined : answer.isBase64Encoded ? Buffer.from(answer.body, "base64") : Buffer.from(answer.body, "utf8");
      const nullBody = answer.statusCode === 204 || answer.statusCode === 304 || (answer.statusCode >= 300 && answer.statusCode < 400 && !bytes?.byteLength);
      return new Response(nullBody ? null : (bytes ?? null), { status: answer.statusCode, headers: answer.headers ?? {} });
    },
  };
}
