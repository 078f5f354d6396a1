/**
 * The console on AWS: every action is an invocation of the function that serves the route, with the
 * authorizer's verdict in the event. Lambda itself cannot run here, so the invoker is a stand-in that
 * hands the payload to the real function app the stack deploys for that name (createApp with only
 * that function's routes, hono/aws-lambda's handler), over the real stores.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import openapi from "../../openapi.json" with { type: "json" };
import { createApp, DEFAULT_BODY_LIMIT_BYTES } from "../../functions/http/app.js";
import { FUNCTION_NAMES, type FunctionName } from "../../functions/http/routes.js";
import { withConsole } from "../../functions/web/index.js";
import { functionFor, lambdaApi, type FunctionInvoker } from "../../functions/web/lambda-api.js";
import { example } from "../helpers/examples.js";
import { startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
const invoked: string[] = [];
let invoker: FunctionInvoker;
const names = Object.fromEntries(FUNCTION_NAMES.map((fn) => [fn, `nianbao-${fn}`])) as Record<FunctionName, string>;
const admin = { id: "0123456789ab", role: "admin" as const, scopes: ["*"] };

beforeAll(async () => {
  service = await startTestService();
  const handlers = new Map(
    FUNCTION_NAMES.map((fn) => [names[fn], handle(createApp({ deps: service.deps, queue: service.queue, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, functions: [fn], openapi }))]),
  );
  invoker = {
    async invoke(functionName, payload) {
      invoked.push(functionName);
      const handler = handlers.get(functionName);
      if (!handler) return { functionError: "ResourceNotFoundException" };
      const event = JSON.parse(Buffer.from(payload).toString("utf8")) as APIGatewayProxyEventV2;
      const result = await handler(event as never, {} as never);
      return { payload: Buffer.from(JSON.stringify(result)) };
    },
  };
  expect((await service.call("PUT", "/reports/lambda-county-2024", { token: await service.token("admin", ["*"]), body: example("yunxi2021") })).status).toBe(201);
});
afterAll(() => service?.close());

describe("the console's API by Lambda invocation", () => {
  it("finds the function of every route in the route table", () => {
    expect(functionFor("GET", "/reports")).toBe("metadata");
    expect(functionFor("POST", "/reports/a-b-c/versions/3/withdraw")).toBe("withdraw");
    expect(functionFor("PUT", "/reports/a-b-c")).toBe("publish");
    expect(functionFor("DELETE", "/tokens/0123456789ab")).toBe("tokens");
    expect(functionFor("GET", "/nowhere")).toBeUndefined();
  });

  it("invokes the function that serves the route, as the signed-in token, and gets its answer back", async () => {
    const api = lambdaApi(invoker, names);
    invoked.length = 0;
    const list = await api.call(admin, { method: "GET", path: "/reports?prefix=lambda" });
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((r: { reportId: string }) => r.reportId)).toEqual(["lambda-county-2024"]);
    const validation = await api.call(admin, { method: "POST", path: "/validate", body: JSON.stringify(example("yunxi2021")), contentType: "application/json" });
    expect((await validation.json()).valid).toBe(true);
    const preview = await api.call(admin, { method: "POST", path: "/preview", body: JSON.stringify(example("yunxi2021")), contentType: "application/json" });
    expect(preview.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await preview.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(invoked).toEqual(["nianbao-metadata", "nianbao-validate", "nianbao-preview"]);
  }, 60_000);

  it("carries the token's scope: the invoked function refuses what the scope does not cover", async () => {
    const api = lambdaApi(invoker, names);
    const portal = { id: "ba9876543210", role: "portal" as const, scopes: ["other-*"] };
    expect((await api.call(portal, { method: "GET", path: "/reports/lambda-county-2024" })).status).toBe(403);
    expect((await api.call(portal, { method: "GET", path: "/tokens" })).status).toBe(403);
  });

  it("answers 404 for a route no function serves and 502 when the invocation fails", async () => {
    expect((await lambdaApi(invoker, names).call(admin, { method: "GET", path: "/nowhere" })).status).toBe(404);
    const broken = lambdaApi(invoker, { ...names, metadata: "nianbao-gone" });
    expect((await broken.call(admin, { method: "GET", path: "/reports" })).status).toBe(502);
  });

  it("serves the console from the web function's app alone, every page's data by invocation", async () => {
    const web = withConsole(createApp({ deps: service.deps, bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES, functions: ["web"], openapi }), {
      deps: service.deps,
      api: lambdaApi(invoker, names),
      sessionKey: Buffer.alloc(32, 7),
    });
    const secret = await service.token("admin", ["lambda-*"]);
    const signIn = await web.request("http://console.test/console/login", { method: "POST", body: new URLSearchParams({ token: secret }) });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    expect(signIn.headers.get("set-cookie")).toMatch(/; Secure/); // not loopback: https only
    invoked.length = 0;
    const page = await web.request("http://console.test/console/reports/lambda-county-2024", { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("云溪县人民政府2024年政府信息公开工作年度报告");
    expect(new Set(invoked)).toEqual(new Set(["nianbao-metadata"]));
    expect((await web.request("http://console.test/r/lambda-county-2024")).status).toBe(200);
  });
});
