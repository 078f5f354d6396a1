/**
 * The console's and the report page's guarantees over real HTTP: the session cookie's attributes,
 * a session that never holds the token, CSRF refused on every state change, the content security
 * policy (no inline script, no framing), roles, sign-in refusals audited, and the report page's
 * HTML 404/410 for browsers while the API keeps its JSON statuses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";
import { hashToken } from "../../functions/service/tokens.js";
import { example } from "../helpers/examples.js";
import { startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let admin: string;
let portal: string;

beforeAll(async () => {
  service = await startTestService();
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["sec-*"]);
  expect((await service.call("PUT", "/reports/sec-county-2024", { token: admin, body: example("yunxi2021") })).status).toBe(201);
});
afterAll(() => service?.close());

async function signIn(token: string, headers: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string; csrf: string }> {
  const response = await fetch(`${service.url}/console/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual", headers });
  expect(response.status).toBe(303);
  const setCookie = response.headers.get("set-cookie")!;
  const cookie = setCookie.split(";")[0]!;
  const page = await (await fetch(`${service.url}/console/reports`, { headers: { cookie } })).text();
  return { cookie, setCookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page)![1]! };
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers, redirect: "manual" });
const post = (path: string, headers: Record<string, string>, body: Record<string, string>) =>
  fetch(`${service.url}${path}`, { method: "POST", headers, body: new URLSearchParams(body), redirect: "manual" });

describe("console sessions", () => {
  it("exchanges the token for an HttpOnly, SameSite=Strict, expiring cookie that holds neither the token nor its hash", async () => {
    const { setCookie, cookie } = await signIn(admin);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Max-Age=28800/);
    expect(setCookie).toMatch(/Path=\/console/);
    expect(setCookie).not.toMatch(/Secure/); // plain http on loopback
    expect(cookie).not.toContain(admin);
    expect(cookie).not.toContain(hashToken(admin));
    expect(Buffer.from(cookie.split("=")[1]!, "base64url").toString("latin1")).not.toContain(hashToken(admin).slice(0, 16));
    const page = await (await get("/console/reports", { cookie })).text();
    expect(page).not.toContain(admin);
  });

  it("marks the cookie Secure behind https", async () => {
    const { setCookie } = await signIn(admin, { "x-forwarded-proto": "https" });
    expect(setCookie).toMatch(/; Secure/);
  });

  it("refuses a bad token with 401, audited without the secret", async () => {
    const response = await post("/console/login", {}, { token: "nb_thisisnotarealtokenatallxxxxxxxxxxxxxxxxxxxxx" });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("令牌无效");
    const audit = await (await service.call("GET", "/audit?action=refused", { token: admin })).json();
    const entry = audit.items.find((e: { target: string }) => e.target === "POST /console/login");
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).not.toContain("nb_thisisnotarealtoken");
  });

  it("sends a forged or damaged cookie to the sign-in page", async () => {
    const { cookie } = await signIn(admin);
    const damaged = `${cookie.slice(0, -4)}AAAA`;
    const response = await get("/console/reports", { cookie: damaged });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/login?next=%2Fconsole%2Freports");
  });

  it("refuses every state change without the session's CSRF token, or from another origin; nothing happens", async () => {
    const { cookie, csrf } = await signIn(admin);
    const victim = await service.token("portal", ["sec-*"]);
    const tokenId = hashToken(victim).slice(0, 12);
    const attempts = [
      post(`/console/tokens/${tokenId}/revoke`, { cookie }, {}),
      post(`/console/tokens/${tokenId}/revoke`, { cookie }, { csrf: "wrong" }),
      post(`/console/tokens/${tokenId}/revoke`, { cookie, origin: "https://evil.example" }, { csrf }),
      post("/console/reports/sec-county-2024/versions/1/withdraw", { cookie }, { reason: "伪造的撤回" }),
      fetch(`${service.url}/console/api/validate`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: "{}" }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(403);
    expect((await service.call("GET", "/reports", { token: victim })).status).toBe(200);
    expect((await (await service.call("GET", "/reports/sec-county-2024/versions/1", { token: admin })).json()).withdrawn).toBeUndefined();
    const allowed = await post(`/console/tokens/${tokenId}/revoke`, { cookie, origin: service.url }, { csrf });
    expect(allowed.status).toBe(303);
    expect((await service.call("GET", "/reports", { token: victim })).status).toBe(401);
  });

  it("serves pages under a strict policy: own script and styles only, no inline script, no framing", async () => {
    const { cookie } = await signIn(admin);
    for (const path of ["/console/login", "/console/reports", "/console/reports/sec-county-2024", "/console/editor?from=sec-county-2024", "/console/tokens", "/console/audit", "/r/sec-county-2024"]) {
      const response = await get(path, { cookie });
      expect(response.status, path).toBe(200);
      const policy = response.headers.get("content-security-policy")!;
      expect(policy, path).toContain("frame-ancestors 'none'");
      expect(policy, path).toContain("default-src 'none'");
      expect(policy, path).not.toContain("unsafe-inline");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      const html = await response.text();
      expect(html, path).toMatch(/^<!doctype html>\s*<html lang="zh-CN">/);
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, path).toMatch(/ src="\/console\/assets\/console\.js"/);
      expect(html, path).not.toMatch(/ on[a-z]+=/i);
      expect(html, path).not.toMatch(/ style=/);
    }
  });

  it("keeps the admin pages from portal tokens, and the portal's scope in the lists", async () => {
    const { cookie } = await signIn(portal);
    expect((await get("/console/tokens", { cookie })).status).toBe(403);
    expect((await get("/console/audit", { cookie })).status).toBe(403);
    const reports = await (await get("/console/reports", { cookie })).text();
    expect(reports).not.toContain('href="/console/tokens"');
    expect(reports).toContain("sec-county-2024");
  });
});

describe("the report page and the download links for browsers", () => {
  const html = { accept: "text/html,application/xhtml+xml" };

  it("answers an unknown or malformed report with an HTML 404 page", async () => {
    for (const path of ["/r/no-such-report", "/r/NOT_AN_ID", "/d/no-such-report", "/d/no-such-report/3"]) {
      const response = await get(path, html);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toContain("没有找到这份报告");
    }
    // the API's contract stands for callers that do not ask for HTML
    const api = await get("/d/no-such-report");
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe("not_found");
  });

  it("answers 410 with the history when every version is withdrawn", async () => {
    expect((await service.call("PUT", "/reports/sec-gone-2024", { token: admin, body: example("yunxi2021") })).status).toBe(201);
    expect((await service.call("POST", "/reports/sec-gone-2024/versions/1/withdraw", { token: admin, body: { reason: "含有个人信息" } })).status).toBe(200);
    const response = await get("/r/sec-gone-2024", html);
    expect(response.status).toBe(410);
    const page = await response.text();
    expect(page).toContain("所有版本均已撤回");
    expect(page).toContain("已撤回");
    expect(page).toContain("含有个人信息");
    expect(page).not.toContain('href="/d/sec-gone-2024/1"');
  });

  it("shows the report with real headings and tables whose header cells carry their scope", async () => {
    const page = await (await get("/r/sec-county-2024", html)).text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page.match(/<h2 id="section-\d-title">/g)).toHaveLength(6);
    expect(page.match(/<table /g)).toHaveLength(3);
    expect(page).toMatch(/<th scope="col"[^>]*>自然人<\/th>/);
    expect(page).toMatch(/<th scope="row"[^>]*>（一）予以公开<\/th>/);
    expect(page).toContain('href="/d/sec-county-2024"');
    expect(page).toContain("发布日期");
  });
});

describe("starting the editor from an imported file", () => {
  const importOffered = ROUTES.some((route) => route.method === "POST" && route.path === "/import");

  async function upload(cookie: string, csrf: string, name: string, type: string, body: string): Promise<Response> {
    const form = new FormData();
    form.set("csrf", csrf);
    form.set("file", new File([body], name, { type }));
    return fetch(`${service.url}/console/editor/import`, { method: "POST", headers: { cookie, origin: service.url }, body: form });
  }

  it.runIf(importOffered)("fills the editor from a published web page (the report page itself), the importer's notes at their cells", async () => {
    const { cookie, csrf } = await signIn(admin);
    const published = await (await get("/r/sec-county-2024")).text();
    const response = await upload(cookie, csrf, "report.html", "text/html", published);
    const page = await response.text();
    expect(page).toContain('id="editor"');
    expect(page).toMatch(/<input class="cell" name="n:\/applications\/received\/natural" value="213"/);
  });

  it.runIf(!importOffered)("says so when the service offers no import", async () => {
    const { cookie, csrf } = await signIn(admin);
    const response = await upload(cookie, csrf, "report.html", "text/html", "<html></html>");
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("尚未启用导入功能");
  });

  it("asks for a file when none was chosen", async () => {
    const { cookie, csrf } = await signIn(admin);
    const form = new FormData();
    form.set("csrf", csrf);
    const response = await fetch(`${service.url}/console/editor/import`, { method: "POST", headers: { cookie, origin: service.url }, body: form });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("请选择要导入的文件");
  });
});
