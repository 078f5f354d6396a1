/**
 * Withdrawal and purge through real HTTP: 410 for the withdrawn version (HTML for browsers, JSON
 * otherwise), /d/{id} falling back to the latest version that stands, numbering and metadata kept,
 * purge deleting the objects — and never an object another version still stands on.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let admin: string;
let portal: string;
beforeAll(async () => {
  service = await startTestService();
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["w-*"]);
});
afterAll(() => service?.close());

function variant(n: number) {
  const report = example("yunxi2021");
  report.otherMatters = [`（一）第${n}稿。`];
  return report;
}

const sha256 = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");
const version = async (reportId: string, n: number) => (await service.call("GET", `/reports/${reportId}/versions/${n}`, { token: admin })).json();
const withdraw = (reportId: string, n: number, body: unknown, token = admin) => service.call("POST", `/reports/${reportId}/versions/${n}/withdraw`, { token, body });
const exists = async (key: string) => (await service.stores.documents.get(key)) !== undefined;

async function publishVersions(reportId: string, count: number) {
  for (let i = 1; i <= count; i++) expect((await service.call("PUT", `/reports/${reportId}`, { token: portal, body: variant(i) })).status).toBe(201);
}

describe("withdrawal", () => {
  it("answers 410 for the withdrawn version and falls back to the latest that stands; numbering unchanged", async () => {
    await publishVersions("w-fallback", 3);
    const before = await version("w-fallback", 3);
    const response = await withdraw("w-fallback", 3, { reason: "第三版的数字有误" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ reportId: "w-fallback", version: 3, withdrawn: { by: expect.stringMatching(/^admin:/), reason: "第三版的数字有误" } });
    expect(body.pdf.url).toBeUndefined();
    // metadata kept: everything but the withdrawal record and the (now absent) link is as before
    const after = await version("w-fallback", 3);
    const strip = ({ pdf: { url: _u, expiresAt: _e, ...pdf }, withdrawn: _w, ...rest }: Record<string, any>) => ({ ...rest, pdf });
    expect(strip(after)).toEqual(strip(before));

    const gone = await service.call("GET", "/d/w-fallback/3");
    expect(gone.status).toBe(410);
    const json = await gone.json();
    expect(json).toMatchObject({ error: { code: "withdrawn" }, version: 3, withdrawn: { reason: "第三版的数字有误" } });
    expect(json.latest).toBe(`${service.url}/d/w-fallback`);

    const latest = await service.call("GET", "/d/w-fallback");
    expect(latest.status).toBe(302);
    const pdf = await fetch(latest.headers.get("location")!);
    expect(sha256(await pdf.arrayBuffer())).toBe((await version("w-fallback", 2)).pdf.sha256);
    expect((await service.call("GET", "/d/w-fallback/2")).status).toBe(302);

    const page = await (await service.call("GET", "/reports/w-fallback/versions", { token: portal })).json();
    expect(page.items.map((v: { version: number; withdrawn?: unknown }) => [v.version, Boolean(v.withdrawn)])).toEqual([[3, true], [2, false], [1, false]]);
    // the next publish is version 4, not a reused 3
    expect((await (await service.call("PUT", "/reports/w-fallback", { token: portal, body: variant(4) })).json()).version).toBe(4);
  });

  it("shows browsers an HTML notice with the reason, escaped", async () => {
    await publishVersions("w-html", 1);
    const reason = `个人信息<script>alert("x")</script> & 更正`;
    expect((await withdraw("w-html", 1, { reason })).status).toBe(200);
    const response = await fetch(`${service.url}/d/w-html/1`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" }, redirect: "manual" });
    expect(response.status).toBe(410);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain("此版本已撤回");
    expect(html).toContain("个人信息&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 更正");
    expect(html).not.toContain("<script>");
    // every version withdrawn: /d/{id} is 410 too, as HTML and as JSON
    const all = await fetch(`${service.url}/d/w-html`, { headers: { accept: "text/html" }, redirect: "manual" });
    expect(all.status).toBe(410);
    expect(await all.text()).toContain("所有版本均已撤回");
    const allJson = await service.call("GET", "/d/w-html");
    expect(allJson.status).toBe(410);
    expect((await errorOf(allJson)).error.code).toBe("all_withdrawn");
    // regeneration has nothing to start from
    expect((await service.call("POST", "/reports/w-html/regenerate", { token: admin })).status).toBe(409);
  });

  it("refuses a second withdrawal (409), an unknown version (404), a bad reason (400), a portal (403)", async () => {
    await publishVersions("w-errors", 1);
    expect((await withdraw("w-errors", 1, { reason: "错误" })).status).toBe(200);
    const again = await withdraw("w-errors", 1, { reason: "再次撤回" });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).error.code).toBe("already_withdrawn");
    expect((await withdraw("w-errors", 9, { reason: "没有这版" })).status).toBe(404);
    expect((await withdraw("w-nothing", 1, { reason: "没有这份" })).status).toBe(404);
    for (const body of [{}, { reason: "x" }, { reason: "长".repeat(501) }, { reason: "  " }, { reason: "正当理由", purge: "yes" }, { reason: "正当理由", other: 1 }]) {
      const response = await withdraw("w-errors", 1, body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await withdraw("w-errors", 1, { reason: "门户不能撤回" }, portal)).status).toBe(403);
  });

  it("publishing the same report after its version was withdrawn makes a new version, not the withdrawn one", async () => {
    await publishVersions("w-same", 1);
    expect((await withdraw("w-same", 1, { reason: "先撤回" })).status).toBe(200);
    const again = await service.call("PUT", "/reports/w-same", { token: portal, body: variant(1) });
    expect(again.status).toBe(201);
    expect((await again.json()).version).toBe(2);
  });
});

describe("purge", () => {
  it("deletes the version's PDF and source for good; hashes and metadata stay", async () => {
    await publishVersions("w-purge", 2);
    const v1 = (await service.stores.reports.getVersion("w-purge", 1))!;
    expect(await exists(v1.pdf.key)).toBe(true);
    const response = await withdraw("w-purge", 1, { reason: "含有个人信息", purge: true });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.withdrawn.purgedAt).toBeDefined();
    expect(body.purge).toEqual({ deleted: ["pdf", "source"], kept: [] });
    expect(await exists(v1.pdf.key)).toBe(false);
    expect(await exists(v1.source.key)).toBe(false);
    const after = await version("w-purge", 1);
    expect(after.pdf.sha256).toBe(v1.pdf.sha256);
    expect(after.sourceSha256).toBe(v1.source.sha256);
    const source = await service.call("GET", "/reports/w-purge/versions/1/source", { token: admin });
    expect(source.status).toBe(410);
    expect((await errorOf(source)).error.code).toBe("purged");
    expect((await service.call("GET", "/d/w-purge/1")).status).toBe(410);
    expect((await service.call("GET", "/d/w-purge")).status).toBe(302);
    // a purge asked for again is a conflict, and deletes nothing more
    expect((await withdraw("w-purge", 1, { reason: "再次清除", purge: true })).status).toBe(409);
  });

  it("keeps objects that another standing version shares (a regeneration reuses the source), until that one is purged too", async () => {
    await publishVersions("w-shared", 1);
    const regenerated = await service.call("POST", "/reports/w-shared/regenerate", { token: admin });
    expect(regenerated.status).toBe(201);
    const [v1, v2] = [(await service.stores.reports.getVersion("w-shared", 1))!, (await service.stores.reports.getVersion("w-shared", 2))!];
    expect(v2.source.key).toBe(v1.source.key);
    const first = await (await withdraw("w-shared", 1, { reason: "含有个人信息", purge: true })).json();
    // identical bytes (same template, same source) make an identical PDF too: both objects are v2's as well
    expect(first.purge.kept).toContainEqual({ object: "source", usedBy: [2] });
    expect(await exists(v1.source.key)).toBe(true);
    // version 2 still stands on them
    const latest = await service.call("GET", "/d/w-shared");
    expect(latest.status).toBe(302);
    expect((await fetch(latest.headers.get("location")!)).status).toBe(200);
    expect((await service.call("GET", "/reports/w-shared/versions/2/source", { token: admin })).status).toBe(200);
    // purging version 2 as well deletes them
    const second = await (await withdraw("w-shared", 2, { reason: "同样含有个人信息", purge: true })).json();
    expect(second.purge.deleted).toContain("source");
    expect(await exists(v1.source.key)).toBe(false);
  });

  it("purges a version withdrawn earlier without purge, when asked later", async () => {
    await publishVersions("w-later", 2);
    const v1 = (await service.stores.reports.getVersion("w-later", 1))!;
    expect((await withdraw("w-later", 1, { reason: "数字有误" })).status).toBe(200);
    expect(await exists(v1.pdf.key)).toBe(true);
    const later = await withdraw("w-later", 1, { reason: "后来发现含有个人信息", purge: true });
    expect(later.status).toBe(200);
    const body = await later.json();
    expect(body.withdrawn.reason).toBe("数字有误");
    expect(body.withdrawn.purgedAt).toBeDefined();
    expect(await exists(v1.pdf.key)).toBe(false);
  });
});
