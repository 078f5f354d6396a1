/**
 * Every route of spec/service.md with each of its status codes, through real HTTP against the local
 * service (the same Hono app the Lambda functions run, fed API Gateway v2 events).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { pageTexts } from "../helpers/pdf.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let admin: string;
let portal: string;
let outsider: string;
const sha256 = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

beforeAll(async () => {
  service = await startTestService();
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["e2e-*"]);
  outsider = await service.token("portal", ["other-*"]);
});
afterAll(() => service?.close());

const big = () => ({ ...example("yunxi2021"), problems: ["长".repeat(400_000)] }); // > 1 MiB as UTF-8

describe("authentication and authorisation", () => {
  it("401 without a token, 401 with an unknown or malformed one", async () => {
    for (const [token, path] of [[undefined, "/reports/e2e-x"], ["nb_" + "A".repeat(43), "/reports/e2e-x"], ["garbage", "/validate"]] as const) {
      const post = path === "/validate";
      const response = await service.call(post ? "POST" : "GET", path, { ...(token ? { token } : {}), ...(post ? { body: {} } : {}) });
      expect(response.status, `${token} ${path}`).toBe(401);
      expect((await errorOf(response)).error.code).toBe("unauthenticated");
    }
  });

  it("403 for the wrong role, and for a reportId outside the token's scope", async () => {
    const wrongRole = await service.call("POST", "/reports/e2e-x/regenerate", { token: portal });
    expect(wrongRole.status).toBe(403);
    expect((await errorOf(wrongRole)).error.code).toBe("forbidden");
    const outOfScope = await service.call("PUT", "/reports/e2e-x", { token: outsider, body: example("yunxi2021") });
    expect(outOfScope.status).toBe(403);
    expect((await service.call("GET", "/reports/e2e-x", { token: outsider })).status).toBe(403);
    expect((await service.call("POST", "/regenerations", { token: portal, body: {} })).status).toBe(403);
  });
});

describe("every authenticated route", () => {
  it("answers 401 without a token and with an unknown one, and 403 to a role it does not admit", async () => {
    const { ROUTES } = await import("../../functions/http/routes.js");
    const concrete = (path: string) =>
      path.replace("{reportId}", "e2e-yunxi").replace("{n}", "1").replace("{jobId}", "00000000-0000-4000-8000-000000000000").replace("{tokenId}", "0123456789ab");
    for (const route of ROUTES.filter((r) => r.access !== "public")) {
      const path = concrete(route.path);
      const body = route.method === "GET" ? {} : { body: {} };
      expect((await service.call(route.method, path, body)).status, `${route.method} ${path}`).toBe(401);
      expect((await service.call(route.method, path, { ...body, token: `nb_${"Z".repeat(43)}` })).status, `${route.method} ${path}`).toBe(401);
      if (route.access !== "public" && !route.access.includes("portal")) {
        expect((await service.call(route.method, path, { ...body, token: portal })).status, `${route.method} ${path}`).toBe(403);
      }
    }
  });
});

describe("PUT /reports/{reportId}", () => {
  it("201 with the version, then 200 with the same version for the same report", async () => {
    const created = await service.call("PUT", "/reports/e2e-yunxi", { token: portal, body: example("yunxi2021") });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/reports/e2e-yunxi/versions/1");
    const version = await created.json();
    expect(version).toMatchObject({ reportId: "e2e-yunxi", version: 1, trigger: "publish", warnings: [] });
    expect(version.actor).toMatch(/^portal:[0-9a-f]{12}$/);
    const again = await service.call("PUT", "/reports/e2e-yunxi", { token: admin, body: example("yunxi2021") });
    expect(again.status).toBe(200);
    expect((await again.json()).version).toBe(1);
  });

  it("422 with diagnostics for an invalid report, storing nothing", async () => {
    const report = example("yunxi2021");
    report.applications.received.natural += 1;
    const response = await service.call("PUT", "/reports/e2e-invalid", { token: portal, body: report });
    expect(response.status).toBe(422);
    const body = await errorOf(response);
    expect(body.error.code).toBe("invalid_report");
    expect(body.diagnostics).toContainEqual(expect.objectContaining({ code: "A2", path: "/applications/received/total", expected: 251, actual: 250 }));
    expect((await service.call("GET", "/reports/e2e-invalid", { token: portal })).status).toBe(404);
  });

  it("400 for a body that is not JSON and for a malformed reportId; 413 over the limit", async () => {
    const notJson = await service.call("PUT", "/reports/e2e-yunxi", { token: portal, raw: "{ nope" });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).error.code).toBe("invalid_json");
    const badId = await service.call("PUT", "/reports/E2E_bad", { token: admin, body: example("yunxi2021") });
    expect(badId.status).toBe(400);
    expect((await errorOf(badId)).error.code).toBe("invalid_report_id");
    const tooBig = await service.call("PUT", "/reports/e2e-big", { token: portal, body: big() });
    expect(tooBig.status).toBe(413);
    expect((await errorOf(tooBig)).error.code).toBe("payload_too_large");
  });
});

describe("POST /validate and /preview", () => {
  it("validate: 200 with { valid, errors, warnings, normalized } either way; 400; 413", async () => {
    const ok = await service.call("POST", "/validate", { token: portal, body: example("raohe2019") });
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(Object.keys(body)).toEqual(["valid", "errors", "warnings", "normalized"]);
    expect(body.warnings[0].code).toBe("edition-year");
    const report = example("yunxi2021");
    report.reviewLitigation.review.total = 0;
    const invalid = await (await service.call("POST", "/validate", { token: portal, body: report })).json();
    expect(invalid.valid).toBe(false);
    expect(invalid.errors[0].code).toBe("A4");
    expect((await service.call("POST", "/validate", { token: portal, raw: "[" })).status).toBe(400);
    expect((await service.call("POST", "/validate", { token: portal, body: big() })).status).toBe(413);
  });

  it("preview: a draft PDF, or its HTML; 422 for an invalid report; nothing stored", async () => {
    const pdf = await service.call("POST", "/preview", { token: portal, body: example("yunxi2021") });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    for (const page of await pageTexts(bytes)) expect(page).toContain("草稿");
    const report = example("yunxi2021");
    report.preamble = ["<script>alert(1)</script>"];
    const html = await service.call("POST", "/preview?format=html", { token: portal, body: report });
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const text = await html.text();
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(text).toContain('class="watermark"');
    report.year = "2024";
    expect((await service.call("POST", "/preview", { token: portal, body: report })).status).toBe(422);
    expect((await service.call("POST", "/preview", { token: portal, raw: "x" })).status).toBe(400);
    expect((await service.call("POST", "/preview", { token: portal, body: big() })).status).toBe(413);
  });
});

describe("reading reports and versions", () => {
  it("GET /reports/{id}: 200, 404, 400", async () => {
    const ok = await service.call("GET", "/reports/e2e-yunxi", { token: portal });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ reportId: "e2e-yunxi", agency: "云溪县人民政府", year: 2024, edition: "2021", latestVersion: 1, versionCount: 1 });
    expect((await service.call("GET", "/reports/e2e-nothing", { token: portal })).status).toBe(404);
    expect((await service.call("GET", "/reports/x", { token: admin })).status).toBe(400);
  });

  it("GET /reports/{id}/versions: newest first, paginated; 400 for a bad limit or cursor; 404", async () => {
    const second = example("yunxi2021");
    second.otherMatters = ["（一）本年度未收取信息处理费。"];
    expect((await service.call("PUT", "/reports/e2e-yunxi", { token: portal, body: second })).status).toBe(201);
    const first = await (await service.call("GET", "/reports/e2e-yunxi/versions?limit=1", { token: portal })).json();
    expect(first.items.map((v: { version: number }) => v.version)).toEqual([2]);
    const next = await (await service.call("GET", `/reports/e2e-yunxi/versions?limit=1&cursor=${first.cursor}`, { token: portal })).json();
    expect(next.items.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(next.cursor).toBeUndefined();
    for (const query of ["limit=0", "limit=101", "limit=x", "cursor=%21%21"]) {
      expect((await service.call("GET", `/reports/e2e-yunxi/versions?${query}`, { token: portal })).status, query).toBe(400);
    }
    expect((await service.call("GET", "/reports/e2e-none/versions", { token: portal })).status).toBe(404);
  });

  it("GET /reports/{id}/versions/{n} and its source: 200, 404, 400", async () => {
    const version = await service.call("GET", "/reports/e2e-yunxi/versions/1", { token: portal });
    expect(version.status).toBe(200);
    const body = await version.json();
    const pdf = await fetch(body.pdf.url);
    expect(sha256(await pdf.arrayBuffer())).toBe(body.pdf.sha256);
    const source = await service.call("GET", "/reports/e2e-yunxi/versions/1/source", { token: portal });
    expect(source.status).toBe(200);
    const bytes = await source.arrayBuffer();
    expect(sha256(bytes)).toBe(body.sourceSha256);
    expect(JSON.parse(Buffer.from(bytes).toString("utf8")).applications.results.total.total).toBe(251);
    expect((await service.call("GET", "/reports/e2e-yunxi/versions/9", { token: portal })).status).toBe(404);
    expect((await service.call("GET", "/reports/e2e-yunxi/versions/9/source", { token: portal })).status).toBe(404);
    expect((await service.call("GET", "/reports/e2e-yunxi/versions/0", { token: portal })).status).toBe(400);
    expect((await service.call("GET", "/reports/e2e-yunxi/versions/one/source", { token: portal })).status).toBe(400);
  });
});

describe("POST /reports/{id}/regenerate", () => {
  it("201 with a new version for an admin; 404 for an unknown report", async () => {
    const response = await service.call("POST", "/reports/e2e-yunxi/regenerate", { token: admin });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ version: 3, trigger: "regenerate" });
    expect((await service.call("POST", "/reports/e2e-gone/regenerate", { token: admin })).status).toBe(404);
  });
});

describe("bulk regeneration routes", () => {
  it("POST /regenerations: 202 { jobId }; 400 for a bad filter; 413; GET /regenerations/{jobId}: 200, 404", async () => {
    const created = await service.call("POST", "/regenerations", { token: admin, body: { reportIdPrefix: "e2e-yunxi" } });
    expect(created.status).toBe(202);
    const { jobId } = await created.json();
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    await service.queue.idle();
    const status = await service.call("GET", `/regenerations/${jobId}`, { token: admin });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ jobId, status: "completed", total: 1, succeeded: 1, failed: 0, failures: [] });
    for (const filter of [{ year: "2024" }, { edition: "2020" }, { reportIdPrefix: "A" }, { colour: "red" }, []]) {
      const bad = await service.call("POST", "/regenerations", { token: admin, body: filter });
      expect(bad.status, JSON.stringify(filter)).toBe(400);
      expect((await errorOf(bad)).error.code).toBe("invalid_filter");
    }
    expect((await service.call("POST", "/regenerations", { token: admin, body: big() })).status).toBe(413);
    expect((await service.call("GET", "/regenerations/00000000-0000-4000-8000-000000000000", { token: admin })).status).toBe(404);
    expect((await service.call("GET", "/regenerations/not-a-job", { token: admin })).status).toBe(404);
    expect((await service.call("GET", `/regenerations/${jobId}`, { token: portal })).status).toBe(403);
  });
});

describe("public routes", () => {
  it("GET /d/{id} and /d/{id}/{n}: 302 to the recorded PDF; 404 when unknown", async () => {
    const latest = await service.call("GET", "/d/e2e-yunxi");
    expect(latest.status).toBe(302);
    expect(latest.headers.get("cache-control")).toBe("no-store");
    const followed = await fetch(latest.headers.get("location")!);
    const recorded = await (await service.call("GET", "/reports/e2e-yunxi", { token: portal })).json();
    const version = await (await service.call("GET", `/reports/e2e-yunxi/versions/${recorded.latestVersion}`, { token: portal })).json();
    expect(sha256(await followed.arrayBuffer())).toBe(version.pdf.sha256);
    expect(followed.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    const first = await service.call("GET", "/d/e2e-yunxi/1");
    expect(first.status).toBe(302);
    const v1 = await (await service.call("GET", "/reports/e2e-yunxi/versions/1", { token: portal })).json();
    expect(sha256(await (await fetch(first.headers.get("location")!)).arrayBuffer())).toBe(v1.pdf.sha256);
    for (const path of ["/d/e2e-unknown", "/d/e2e-yunxi/99", "/d/e2e-yunxi/0", "/d/BAD"]) {
      const response = await service.call("GET", path);
      expect(response.status, path).toBe(404);
      expect((await errorOf(response)).error.code).toBe("not_found");
    }
  });

  it("GET /health and /openapi.json need no token; unknown paths are JSON 404s", async () => {
    expect(await (await service.call("GET", "/health")).json()).toEqual({ status: "ok" });
    const openapi = await service.call("GET", "/openapi.json");
    expect(openapi.status).toBe(200);
    expect((await openapi.json()).openapi).toBe("3.1.0");
    const unknown = await service.call("GET", "/nowhere");
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).error.code).toBe("not_found");
  });
});
