/**
 * Housekeeping against the embedded stores: the orphan sweep over every report (what the daily
 * cleanup and `nianbao gc` run), and the TTL that job items and audit entries carry when a retention
 * is configured.
 */
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { findOrphans, sweepOrphans } from "../../functions/service/orphans.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { publish } from "../../functions/service/use-cases.js";
import { createStores, storeConfigFromEnv } from "../../functions/store/config.js";
import { DynamoJobStore } from "../../functions/store/dynamo-job-store.js";
import type { AuditEntry } from "../../functions/store/ports.js";
import { documentClient, keys, TTL_ATTRIBUTE } from "../../functions/store/table.js";
import { example } from "../helpers/examples.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let deps: ServiceDeps;
let renderer: ReportRenderer;
const HOUR = 3600_000;

beforeAll(async () => {
  stores = await startTestStores();
  renderer = new ReportRenderer();
  deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
  await publish(deps, { reportId: "hk-kept", report: example("yunxi2021"), actor: "test" });
  // objects no version points at: a failed publish of a known report, and of a report never published
  await stores.documents.put("reports/hk-kept/pdf/orphan.pdf", new Uint8Array([1]), { contentType: "application/pdf" });
  await stores.documents.put("reports/hk-never/pdf/orphan.pdf", new Uint8Array([2]), { contentType: "application/pdf" });
  await stores.documents.put("reports/hk-never/source/orphan.json", new Uint8Array([3]), { contentType: "application/json" });
}, 60_000);
afterAll(async () => {
  await renderer?.close();
  await stores?.close();
});

describe("the orphan sweep", () => {
  it("leaves objects younger than the grace period alone (their publish may be in flight)", async () => {
    const result = await sweepOrphans(deps, { olderThanMs: 24 * HOUR, delete: true });
    expect(result).toEqual({ reports: 2, objects: 5, orphans: [] });
  });

  it("finds every report's orphans in one listing, including a report that has no version at all, and deletes only those", async () => {
    const later = { ...deps, now: () => new Date(Date.now() + 25 * HOUR) };
    const dry = await sweepOrphans(later, { olderThanMs: 24 * HOUR });
    expect([...dry.orphans].sort()).toEqual(["reports/hk-kept/pdf/orphan.pdf", "reports/hk-never/pdf/orphan.pdf", "reports/hk-never/source/orphan.json"]);
    expect(await stores.documents.get("reports/hk-never/pdf/orphan.pdf")).toBeDefined();

    const swept = await sweepOrphans(later, { olderThanMs: 24 * HOUR, delete: true });
    expect(swept.orphans).toHaveLength(3);
    for (const key of swept.orphans) expect(await stores.documents.get(key)).toBeUndefined();
    // what versions point at is untouched, and the report still downloads
    const latest = (await stores.reports.latestVersion("hk-kept"))!;
    expect(await stores.documents.get(latest.pdf.key)).toBeDefined();
    expect(await stores.documents.get(latest.source.key)).toBeDefined();
    expect(await findOrphans(later, { reportId: "hk-kept", olderThanMs: 24 * HOUR })).toEqual([]);
  });
});

describe("job retention", () => {
  it("gives every item of a job a TTL of the retention after it was written, when configured", async () => {
    const config = storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: stores.config.table, NIANBAO_JOB_RETENTION_DAYS: "30" });
    expect(config.jobRetentionDays).toBe(30);
    const now = new Date("2026-11-28T00:00:00Z");
    const jobs = new DynamoJobStore(stores.dynamo, stores.config.table, { retentionDays: 30, now: () => now });
    const job = { jobId: "ttl-job", filter: {}, actor: "admin:t", scopes: ["*"], createdAt: now.toISOString(), planned: true, total: 2, succeeded: 0, failed: 0 };
    await jobs.createJob(job);
    await jobs.recordJobSuccess("ttl-job", "a");
    await jobs.recordJobFailure("ttl-job", { reportId: "b", reason: "r", attempts: 3 });
    const expected = Math.floor(now.getTime() / 1000) + 30 * 86_400;
    const doc = documentClient(stores.dynamo);
    for (const key of [keys.job("ttl-job"), keys.jobOutcome("ttl-job", "a"), keys.jobOutcome("ttl-job", "b")]) {
      const { Item } = await doc.send(new GetCommand({ TableName: stores.config.table, Key: key }));
      expect(Item?.[TTL_ATTRIBUTE], key.SK).toBe(expected);
    }
    // the TTL is storage's business: the job reads as before
    expect(await jobs.getJob("ttl-job")).toEqual({ ...job, succeeded: 1, failed: 1, lastProgressAt: now.toISOString() });
  });

  it("keeps job items without a TTL when no retention is configured, and refuses a nonsense retention", async () => {
    await stores.jobs.createJob({ jobId: "kept-job", filter: {}, actor: "admin:t", scopes: ["*"], createdAt: new Date().toISOString(), planned: true, total: 0, succeeded: 0, failed: 0 });
    const { Item } = await documentClient(stores.dynamo).send(new GetCommand({ TableName: stores.config.table, Key: keys.job("kept-job") }));
    expect(Item).toBeDefined();
    expect(Item![TTL_ATTRIBUTE]).toBeUndefined();
    expect(() => storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: "t", NIANBAO_JOB_RETENTION_DAYS: "soon" })).toThrow(/NIANBAO_JOB_RETENTION_DAYS/);
  });
});

describe("audit retention", () => {
  const entry = (actor: string): AuditEntry => ({ at: "2026-11-28T08:00:00.000Z", actor, action: "token.create", target: "token:0123456789ab", outcome: "success", detail: { role: "portal" } });
  const itemOf = async (actor: string) => {
    const { Items } = await documentClient(stores.dynamo).send(
      new ScanCommand({ TableName: stores.config.table, FilterExpression: "actor = :actor", ExpressionAttributeValues: { ":actor": actor } }),
    );
    expect(Items).toHaveLength(1);
    return Items![0]!;
  };

  it("gives every audit entry a TTL of the retention after the entry's time, when configured; the entry reads as written", async () => {
    const config = storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: stores.config.table, NIANBAO_AUDIT_RETENTION_DAYS: "400" });
    expect(config.auditRetentionDays).toBe(400);
    const audit = createStores({ ...stores.config, auditRetentionDays: config.auditRetentionDays }).audit;
    await audit.append(entry("admin:ttl"));
    expect((await itemOf("admin:ttl"))[TTL_ATTRIBUTE]).toBe(Date.parse("2026-11-28T08:00:00.000Z") / 1000 + 400 * 86_400);
    expect((await audit.list({ actor: "admin:ttl" }, { limit: 10 })).items).toEqual([entry("admin:ttl")]);
  });

  it("keeps audit entries without a TTL when no retention is configured, and refuses a nonsense retention", async () => {
    await stores.audit.append(entry("admin:kept"));
    expect((await itemOf("admin:kept"))[TTL_ATTRIBUTE]).toBeUndefined();
    expect(() => storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: "t", NIANBAO_AUDIT_RETENTION_DAYS: "0" })).toThrow(/NIANBAO_AUDIT_RETENTION_DAYS/);
  });
});
