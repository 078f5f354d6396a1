/**
 * Token lifecycle through real HTTP against the local service: issue, list, revoke, expire; an admin
 * confined to its own scope; bulk jobs visible only to their owner and to admins who cover them.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";
import { hashToken } from "../../functions/service/tokens.js";
import { publish } from "../../functions/service/use-cases.js";
import { runCli } from "../helpers/cli.js";
import { example } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let root: string;
beforeAll(async () => {
  service = await startTestService();
  root = await service.token("admin", ["*"]);
  for (const reportId of ["raohe-2023", "yunxi-2024"]) await publish(service.deps, { reportId, report: example("yunxi2021"), actor: "test:seed" });
});
afterAll(() => service?.close());

const concrete = (path: string) =>
  path.replace("{reportId}", "raohe-2023").replace("{n}", "1").replace("{jobId}", "00000000-0000-4000-8000-000000000000").replace("{tokenId}", "0123456789ab");

async function issue(by: string, body: Record<string, unknown>) {
  const response = await service.call("POST", "/tokens", { token: by, body });
  return { status: response.status, body: await response.json() };
}

/** Every authenticated route, called with the token: the statuses it got. */
async function everyRoute(token: string): Promise<Map<string, number>> {
  const statuses = new Map<string, number>();
  for (const route of ROUTES.filter((r) => r.access !== "public")) {
    const response = await service.call(route.method, concrete(route.path), { token, ...(route.method === "GET" || route.method === "DELETE" ? {} : { body: {} }) });
    statuses.set(`${route.method} ${route.path}`, response.status);
    if (response.status === 401) expect((await errorOf(response)).error.code).toBe("unauthenticated");
    else await response.arrayBuffer();
  }
  return statuses;
}

describe("POST /tokens", () => {
  it("issues a token shown once, with an optional expiry, that works at once", async () => {
    const before = Date.now();
    const created = await issue(root, { role: "portal", scopes: ["raohe-*"], label: "饶河县门户", expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: "portal", scopes: ["raohe-*"], label: "饶河县门户" });
    expect(created.body.tokenId).toMatch(/^[0-9a-f]{12}$/);
    expect(created.body.token).toMatch(/^nb_[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(created.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(30 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThan(30 * 86_400_000 + 60_000);
    expect((await service.call("GET", "/reports/raohe-2023", { token: created.body.token })).status).toBe(200);
    expect((await service.call("GET", "/reports/yunxi-2024", { token: created.body.token })).status).toBe(403);
  });

  it("400 for a body that is not a token request", async () => {
    for (const body of [
      { role: "portal", scopes: ["raohe-*"] },
      { role: "owner", scopes: ["raohe-*"], label: "x" },
      { role: "portal", scopes: [], label: "x" },
      { role: "portal", scopes: ["Raohe_*"], label: "x" },
      { role: "portal", scopes: ["raohe-*"], label: "x", expiresInDays: 0 },
      { role: "portal", scopes: ["raohe-*"], label: "x", extra: true },
    ]) {
      const response = await service.call("POST", "/tokens", { token: root, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(response)).error.code).toBe("invalid_token_request");
    }
  });
});

describe("an admin with a narrow scope", () => {
  let regional: string;
  beforeAll(async () => {
    regional = (await issue(root, { role: "admin", scopes: ["raohe-*"], label: "饶河管理员" })).body.token;
  });

  it("cannot issue a token wider than its own scope (403), and can issue one within it", async () => {
    for (const scopes of [["*"], ["rao*"], ["raohe-*", "yunxi-*"], ["?aohe-*"]]) {
      const refused = await service.call("POST", "/tokens", { token: regional, body: { role: "portal", scopes, label: "too wide" } });
      expect(refused.status, scopes.join(" ")).toBe(403);
      expect((await errorOf(refused)).error.code).toBe("forbidden");
    }
    const within = await issue(regional, { role: "portal", scopes: ["raohe-2023", "raohe-20??-*"], label: "饶河门户" });
    expect(within.status).toBe(201);
  });

  it("lists only the tokens within its scope, and cannot revoke others", async () => {
    const listed = await (await service.call("GET", "/tokens", { token: regional })).json();
    expect(listed.items.length).toBeGreaterThan(0);
    for (const item of listed.items) expect(item.scopes.every((s: string) => s.startsWith("raohe-"))).toBe(true);
    const all = await (await service.call("GET", "/tokens", { token: root })).json();
    const outside = all.items.find((t: { scopes: string[] }) => t.scopes.includes("*"));
    expect((await service.call("DELETE", `/tokens/${outside.tokenId}`, { token: regional })).status).toBe(403);
    expect((await service.call("GET", "/reports/raohe-2023", { token: root })).status).toBe(200);
  });

  it("cannot read another scope's bulk job; the job's owner and a covering admin can", async () => {
    const yunxiAdmin = (await issue(root, { role: "admin", scopes: ["yunxi-*"], label: "云溪管理员" })).body.token;
    const started = await service.call("POST", "/regenerations", { token: yunxiAdmin, body: { reportIdPrefix: "yunxi-" } });
    expect(started.status).toBe(202);
    const { jobId } = await started.json();
    const refused = await service.call("GET", `/regenerations/${jobId}`, { token: regional });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).error.code).toBe("forbidden");
    expect((await service.call("GET", `/regenerations/${jobId}`, { token: yunxiAdmin })).status).toBe(200);
    expect((await service.call("GET", `/regenerations/${jobId}`, { token: root })).status).toBe(200);
  });
});

describe("GET /tokens", () => {
  it("never shows a secret or its hash; records the last use at most once a minute", async () => {
    const created = await issue(root, { role: "portal", scopes: ["yunxi-*"], label: "云溪门户" });
    const secret: string = created.body.token;
    expect((await service.call("GET", "/reports/yunxi-2024", { token: secret })).status).toBe(200);
    const first = await service.call("GET", "/tokens", { token: root });
    const text = await first.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(hashToken(secret));
    expect(text).not.toContain(hashToken(root));
    const listed = JSON.parse(text).items.find((t: { tokenId: string }) => t.tokenId === created.body.tokenId);
    expect(listed).toMatchObject({ role: "portal", scopes: ["yunxi-*"], label: "云溪门户" });
    expect(Object.keys(listed).sort()).toEqual(["createdAt", "createdBy", "label", "lastUsedAt", "role", "scopes", "tokenId"]);
    // used again within the minute: no new write
    expect((await service.call("GET", "/reports/yunxi-2024", { token: secret })).status).toBe(200);
    const again = (await (await service.call("GET", "/tokens", { token: root })).json()).items.find((t: { tokenId: string }) => t.tokenId === created.body.tokenId);
    expect(again.lastUsedAt).toBe(listed.lastUsedAt);
  });
});

describe("revocation and expiry", () => {
  it("a revoked token gets 401 on every authenticated route at once", async () => {
    const created = await issue(root, { role: "admin", scopes: ["*"], label: "to be revoked" });
    const secret: string = created.body.token;
    const before = await everyRoute(secret);
    expect([...before.values()].filter((s) => s === 401)).toEqual([]);
    const revoked = await service.call("DELETE", `/tokens/${created.body.tokenId}`, { token: root });
    expect(revoked.status).toBe(204);
    const after = await everyRoute(secret);
    for (const [route, status] of after) expect(status, route).toBe(401);
    const response = await service.call("GET", "/reports/raohe-2023", { token: secret });
    expect((await errorOf(response)).error.message).toBe("令牌已撤销");
    // revoking again changes nothing; an unknown id is 404
    const listed = (await (await service.call("GET", "/tokens", { token: root })).json()).items.find((t: { tokenId: string }) => t.tokenId === created.body.tokenId);
    expect(listed.revokedAt).toBeDefined();
    expect((await service.call("DELETE", `/tokens/${created.body.tokenId}`, { token: root })).status).toBe(204);
    const again = (await (await service.call("GET", "/tokens", { token: root })).json()).items.find((t: { tokenId: string }) => t.tokenId === created.body.tokenId);
    expect(again.revokedAt).toBe(listed.revokedAt);
    expect((await service.call("DELETE", "/tokens/ffffffffffff", { token: root })).status).toBe(404);
  });

  it("an expired token gets 401 on every authenticated route", async () => {
    // a token whose expiry has passed (issued 31 days ago for 30 days), put in the store as issuing would
    const secret = `nb_${"E".repeat(43)}`;
    const hash = hashToken(secret);
    await service.stores.tokens.putToken({
      hash,
      id: hash.slice(0, 12),
      role: "admin",
      scopes: ["*"],
      createdAt: new Date(Date.now() - 31 * 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
      label: "expired",
    });
    for (const [route, status] of await everyRoute(secret)) expect(status, route).toBe(401);
    expect((await errorOf(await service.call("GET", "/reports/raohe-2023", { token: secret }))).error.message).toBe("令牌已过期");
  });

  it("a token revoked with the CLI against the running service's table is refused from the next request", async () => {
    const created = await issue(root, { role: "portal", scopes: ["raohe-*"], label: "revoked by the CLI" });
    expect((await service.call("GET", "/reports/raohe-2023", { token: created.body.token })).status).toBe(200);
    const { config } = service.emulators;
    const env = {
      ...process.env,
      NIANBAO_TABLE: config.table,
      NIANBAO_DYNAMODB_ENDPOINT: config.dynamoEndpoint!,
      NIANBAO_S3_ENDPOINT: config.s3Endpoint!,
      AWS_ACCESS_KEY_ID: config.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: config.credentials!.secretAccessKey,
    };
    const result = await runCli(["token", "revoke", created.body.tokenId], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(created.body.tokenId);
    expect((await service.call("GET", "/reports/raohe-2023", { token: created.body.token })).status).toBe(401);
    const listed = await runCli(["token", "list", "--json"], { env });
    expect(listed.code).toBe(0);
    const item = JSON.parse(listed.stdout).items.find((t: { tokenId: string }) => t.tokenId === created.body.tokenId);
    expect(item.revokedAt).toBeDefined();
    expect(listed.stdout).not.toContain(created.body.token);
    expect(listed.stdout).not.toMatch(new RegExp(createHash("sha256").update(created.body.token).digest("hex")));
    expect((await runCli(["token", "revoke", "ffffffffffff"], { env })).code).toBe(1);
  }, 60_000);
});
