/**
 * GET /reports within the token's scope, newest publish first; the audit trail of every state change
 * and every refused call, never a secret; the lasting links of a version.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../functions/service/tokens.js";
import { example } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let admin: string;
const secrets: string[] = [];
beforeAll(async () => {
  service = await startTestService({ publicBaseUrl: "https://nianbao.example.gov.cn/api" });
  admin = await service.token("admin", ["*"]);
  secrets.push(admin);
});
afterAll(() => service?.close());

function report(edition: "2019" | "2021", n: number) {
  const r = example(edition === "2021" ? "yunxi2021" : "raohe2019");
  r.otherMatters = [`（一）第${n}号。`];
  return r;
}

async function put(reportId: string, body: unknown, token = admin) {
  const response = await service.call("PUT", `/reports/${reportId}`, { token, body });
  expect(response.status, reportId).toBeLessThan(300);
  return response.json();
}

describe("GET /reports", () => {
  beforeAll(async () => {
    // published in this order: the listing shows them the other way round
    for (const [id, edition] of [["list-a-1", "2021"], ["list-b-1", "2019"], ["list-a-2", "2021"], ["list-b-2", "2019"], ["list-a-3", "2021"]] as const) {
      await put(id, report(edition, Number(id.slice(-1))));
    }
  });

  const ids = (page: { items: { reportId: string }[] }) => page.items.map((r) => r.reportId);

  it("lists newest publish first, in pages with a cursor", async () => {
    const first = await (await service.call("GET", "/reports?prefix=list-&limit=2", { token: admin })).json();
    expect(ids(first)).toEqual(["list-a-3", "list-b-2"]);
    expect(first.items[0]).toMatchObject({ reportId: "list-a-3", edition: "2021", latestVersion: 1, versionCount: 1, links: { page: "https://nianbao.example.gov.cn/api/r/list-a-3", latest: "https://nianbao.example.gov.cn/api/d/list-a-3" } });
    const second = await (await service.call("GET", `/reports?prefix=list-&limit=2&cursor=${first.cursor}`, { token: admin })).json();
    expect(ids(second)).toEqual(["list-a-2", "list-b-1"]);
    const third = await (await service.call("GET", `/reports?prefix=list-&limit=2&cursor=${second.cursor}`, { token: admin })).json();
    expect(ids(third)).toEqual(["list-a-1"]);
    expect(third.cursor).toBeUndefined();
  });

  it("a new publish moves a report up; a regeneration does not", async () => {
    await put("list-a-1", report("2021", 11));
    expect(ids(await (await service.call("GET", "/reports?prefix=list-&limit=1", { token: admin })).json())).toEqual(["list-a-1"]);
    expect((await service.call("POST", "/reports/list-b-1/regenerate", { token: admin })).status).toBe(201);
    expect(ids(await (await service.call("GET", "/reports?prefix=list-&limit=1", { token: admin })).json())).toEqual(["list-a-1"]);
  });

  it("filters by edition and year, and shows only what the token's scope covers", async () => {
    expect(ids(await (await service.call("GET", "/reports?prefix=list-&edition=2019", { token: admin })).json())).toEqual(["list-b-2", "list-b-1"]);
    const year = example("raohe2019").year;
    expect(ids(await (await service.call("GET", `/reports?prefix=list-&year=${year}`, { token: admin })).json())).toEqual(["list-b-2", "list-b-1"]);
    const portal = await service.token("portal", ["list-a-*"]);
    secrets.push(portal);
    expect(ids(await (await service.call("GET", "/reports", { token: portal })).json())).toEqual(["list-a-1", "list-a-3", "list-a-2"]);
    const nobody = await service.token("portal", ["nothing-here-*"]);
    expect(await (await service.call("GET", "/reports", { token: nobody })).json()).toEqual({ items: [] });
  });

  it("400 for a bad filter, limit or cursor", async () => {
    for (const query of ["year=24", "year=1999", "edition=2020", "prefix=List", "prefix=-x", "limit=0", "limit=101", "cursor=nope", "years=2024", "year=2024&year=2023"]) {
      const response = await service.call("GET", `/reports?${query}`, { token: admin });
      expect(response.status, query).toBe(400);
      expect((await errorOf(response)).error.code).toMatch(/^invalid_(filter|limit|cursor)$/);
    }
  });
});

describe("version links", () => {
  it("are absolute, from the configured public address, and outlast the signed URL", async () => {
    const version = await put("links-1", report("2021", 1));
    expect(version.links).toEqual({
      page: "https://nianbao.example.gov.cn/api/r/links-1",
      latest: "https://nianbao.example.gov.cn/api/d/links-1",
      version: `https://nianbao.example.gov.cn/api/d/links-1/${version.version}`,
    });
    const again = await (await service.call("GET", "/reports/links-1/versions/1", { token: admin })).json();
    expect(again.links).toEqual(version.links);
  });
});

describe("GET /audit", () => {
  type Entry = { at: string; actor: string; action: string; target: string; outcome: string; detail: Record<string, unknown>; reportId?: string };
  const trail = async (query = ""): Promise<Entry[]> => {
    const response = await service.call("GET", `/audit?limit=100${query}`, { token: admin });
    expect(response.status).toBe(200);
    return (await response.json()).items;
  };

  it("records each action with its actor and outcome, newest first, and never a secret", async () => {
    const adminId = `admin:${hashToken(admin).slice(0, 12)}`;
    const portalSecret = await service.token("portal", ["audit-*"]);
    secrets.push(portalSecret);
    const portalId = `portal:${hashToken(portalSecret).slice(0, 12)}`;

    await put("audit-1", report("2021", 1), portalSecret);
    await put("audit-1", report("2021", 1), portalSecret); // unchanged
    expect((await service.call("POST", "/reports/audit-1/regenerate", { token: admin })).status).toBe(201);
    const job = await (await service.call("POST", "/regenerations", { token: admin, body: { reportIdPrefix: "audit-" } })).json();
    for (let i = 0; i < 200 && (await (await service.call("GET", `/regenerations/${job.jobId}`, { token: admin })).json()).status !== "completed"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await service.call("POST", "/reports/audit-1/versions/1/withdraw", { token: admin, body: { reason: "审计测试" } })).status).toBe(200);
    const created = await (await service.call("POST", "/tokens", { token: admin, body: { role: "portal", scopes: ["audit-*"], label: "审计" } })).json();
    secrets.push(created.token);
    expect((await service.call("DELETE", `/tokens/${created.tokenId}`, { token: admin })).status).toBe(204);
    // refused: a revoked token (401, its id known), a wrong role (403), no token (401), an unknown one (401)
    expect((await service.call("GET", "/reports/audit-1", { token: created.token })).status).toBe(401);
    expect((await service.call("POST", "/reports/audit-1/regenerate", { token: portalSecret })).status).toBe(403);
    expect((await service.call("GET", "/reports/audit-1")).status).toBe(401);
    const unknown = `nb_${"U".repeat(43)}`;
    secrets.push(unknown);
    expect((await service.call("GET", "/reports/audit-1", { token: unknown })).status).toBe(401);

    const entries = await trail("&since=2000-01-01");
    const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at));
    expect(entries.map((e) => e.at)).toEqual(sorted.map((e) => e.at));
    const find = (action: string, predicate: (e: Entry) => boolean = () => true) => entries.find((e) => e.action === action && predicate(e));
    expect(find("publish", (e) => e.outcome === "success")).toMatchObject({ actor: portalId, target: "audit-1/1", reportId: "audit-1" });
    expect(find("publish", (e) => e.outcome === "unchanged")).toMatchObject({ actor: portalId, target: "audit-1/1" });
    expect(find("regenerate")).toMatchObject({ actor: adminId, target: "audit-1/2", outcome: "success", detail: { from: 1 } });
    expect(find("bulk.start")).toMatchObject({ actor: adminId, target: `job:${job.jobId}`, outcome: "success" });
    expect(find("bulk.finish")).toMatchObject({ actor: adminId, target: `job:${job.jobId}`, outcome: "success", detail: { total: 1, succeeded: 1, failed: 0 } });
    expect(find("withdraw")).toMatchObject({ actor: adminId, target: "audit-1/1", outcome: "success", detail: { reason: "审计测试" } });
    expect(find("token.create", (e) => e.target === `token:${created.tokenId}`)).toMatchObject({ actor: adminId, outcome: "success" });
    expect(find("token.revoke")).toMatchObject({ actor: adminId, target: `token:${created.tokenId}`, outcome: "success" });
    expect(find("refused", (e) => e.detail.reason === "revoked token")).toMatchObject({ actor: `portal:${created.tokenId}`, outcome: "refused", target: "GET /reports/audit-1", detail: { status: 401 } });
    expect(find("refused", (e) => e.detail.status === 403)).toMatchObject({ actor: portalId, target: "POST /reports/audit-1/regenerate" });
    expect(find("refused", (e) => e.detail.reason === "no token")).toMatchObject({ actor: "anonymous" });
    expect(find("refused", (e) => e.detail.reason === "unknown token")).toMatchObject({ actor: "anonymous" });

    // never a secret, nor its hash, anywhere in the trail
    const everything = JSON.stringify(await trail());
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(hashToken(secret));
    }
  }, 60_000);

  it("filters by report, actor, action and time, with cursors", async () => {
    const forReport = await trail("&reportId=audit-1");
    expect(forReport.length).toBeGreaterThan(3);
    expect(forReport.every((e) => e.reportId === "audit-1")).toBe(true);
    const refused = await trail("&action=refused");
    expect(refused.length).toBeGreaterThanOrEqual(4);
    expect(refused.every((e) => e.action === "refused")).toBe(true);
    const anonymous = await trail("&actor=anonymous&action=refused");
    expect(anonymous.length).toBeGreaterThanOrEqual(2);
    expect(anonymous.every((e) => e.actor === "anonymous")).toBe(true);
    expect(await trail(`&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);

    const all = await trail();
    const paged: Entry[] = [];
    let cursor: string | undefined;
    do {
      const page = await (await service.call("GET", `/audit?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: admin })).json();
      paged.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    // refusals made by the calls above may have joined the trail since: compare what both saw
    expect(paged.slice(-all.length)).toEqual(all);
  });

  it("is for admins only, and answers 400 for a bad filter", async () => {
    const portal = await service.token("portal", ["*"]);
    expect((await service.call("GET", "/audit", { token: portal })).status).toBe(403);
    for (const query of ["action=delete", "since=yesterday", "reportId=X", "actor=" + encodeURIComponent("<x>"), "limit=1000", "cursor=zz", "who=me"]) {
      expect((await service.call("GET", `/audit?${query}`, { token: admin })).status, query).toBe(400);
    }
  });
});
