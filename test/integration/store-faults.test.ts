/**
 * Crashes at each point of a publish. The faults are injected by wrapping the real adapters (the
 * emulators cannot fail on cue); everything else is real: s3rver, dynalite, the AWS SDK, Chromium.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { findOrphans } from "../../functions/service/orphans.js";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { getVersion, listVersions, publish, regenerate, reportSummary, versionSource } from "../../functions/service/use-cases.js";
import { withdrawVersion } from "../../functions/service/withdrawal.js";
import type { DocumentStore, ReportStore } from "../../functions/store/ports.js";
import { example } from "../helpers/examples.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

class Crash extends Error {}

/** Fails the named method on its next call(s) matching `when`, after letting `partial` happen. */
function failing<T extends object>(target: T, method: keyof T, when: (...args: unknown[]) => boolean = () => true): T & { armed: boolean } {
  const wrapper = Object.create(target) as T & { armed: boolean };
  wrapper.armed = true;
  const original = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  (wrapper as Record<keyof T, unknown>)[method] = async (...args: unknown[]) => {
    if (wrapper.armed && when(...args)) throw new Crash(`injected failure in ${String(method)}`);
    return original(...args);
  };
  return wrapper;
}

let stores: TestStores;
let renderer: ReportRenderer;
let deps: ServiceDeps;
const sha256 = (bytes: ArrayBuffer | Uint8Array) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

function variant(n: number) {
  const report = example("raohe2019");
  report.otherMatters = [`更正${n}`];
  return report;
}

async function snapshot(reportId: string) {
  const versions = (await listVersions(deps, reportId, { limit: 100 })).items;
  return Promise.all(versions.map(async (v) => ({ version: v.version, sha: v.pdf.sha256, fetched: sha256(await (await fetch(v.pdf.url!)).arrayBuffer()) })));
}

beforeAll(async () => {
  stores = await startTestStores();
  renderer = new ReportRenderer();
  deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
  await publish(deps, { reportId: "faulty", report: variant(1), actor: "portal:t" });
  await publish(deps, { reportId: "faulty", report: variant(2), actor: "portal:t" });
});
afterAll(async () => {
  await renderer?.close();
  await stores?.close();
});

describe("a publish that fails part way", () => {
  it("after the PDF is written and before the version is recorded: no version, earlier ones intact, the objects are orphans", async () => {
    const before = await snapshot("faulty");
    const reports = failing<ReportStore>(stores.reports, "putVersion");
    await expect(publish({ ...deps, reports }, { reportId: "faulty", report: variant(3), actor: "portal:t" })).rejects.toBeInstanceOf(Crash);
    expect(await snapshot("faulty")).toEqual(before);
    expect(before.every((v) => v.sha === v.fetched)).toBe(true);
    const orphans = await findOrphans(deps, { reportId: "faulty", olderThanMs: 0 });
    expect(orphans).toHaveLength(2); // the source and the PDF of the failed publish
    expect(orphans.some((k) => k.endsWith(".pdf"))).toBe(true);
    // young orphans may belong to a publish in flight: left alone
    expect(await findOrphans(deps, { reportId: "faulty", olderThanMs: 3_600_000 })).toEqual([]);
    // cleaning removes them and nothing else
    await findOrphans(deps, { reportId: "faulty", olderThanMs: 0, delete: true });
    expect(await findOrphans(deps, { reportId: "faulty", olderThanMs: 0 })).toEqual([]);
    expect(await snapshot("faulty")).toEqual(before);
  });

  it("while writing the PDF: no version, nothing pointing at a missing object", async () => {
    const before = await snapshot("faulty");
    const documents = failing<DocumentStore>(stores.documents, "put", (key) => String(key).endsWith(".pdf"));
    await expect(publish({ ...deps, documents }, { reportId: "faulty", report: variant(4), actor: "portal:t" })).rejects.toBeInstanceOf(Crash);
    expect(await snapshot("faulty")).toEqual(before);
    // the source written before the failed PDF is an orphan; no PDF object was left
    const orphans = await findOrphans(deps, { reportId: "faulty", olderThanMs: 0 });
    expect(orphans).toHaveLength(1);
    expect(orphans[0]).toMatch(/\/source\//);
  });

  it("after the version is recorded but before the summary: the version stands, readers see it, the next publish carries on", async () => {
    const reports = failing<ReportStore>(stores.reports, "updateReport");
    await expect(publish({ ...deps, reports }, { reportId: "faulty", report: variant(5), actor: "portal:t" })).rejects.toBeInstanceOf(Crash);
    expect((await stores.reports.getReport("faulty"))!.latestVersion).toBe(2); // the summary lags
    expect((await reportSummary(deps, "faulty")).latestVersion).toBe(3); // the versions are the authority
    const v3 = await getVersion(deps, "faulty", 3);
    expect(sha256(await (await fetch(v3.pdf.url!)).arrayBuffer())).toBe(v3.pdf.sha256);
    const next = await publish(deps, { reportId: "faulty", report: variant(6), actor: "portal:t" });
    expect(next.version.version).toBe(4);
    expect((await stores.reports.getReport("faulty"))!.latestVersion).toBe(4);
  });

  it("when the renderer fails: nothing is written at all", async () => {
    await findOrphans(deps, { reportId: "faulty", olderThanMs: 0, delete: true }); // left by the test above
    const before = await snapshot("faulty");
    const broken: ServiceDeps = { ...deps, renderer: { templateVersion: renderer.templateVersion, render: () => Promise.reject(new Crash("render")), html: () => "" } };
    await expect(publish(broken, { reportId: "faulty", report: variant(7), actor: "portal:t" })).rejects.toBeInstanceOf(Crash);
    expect(await snapshot("faulty")).toEqual(before);
    expect(await findOrphans(deps, { reportId: "faulty", olderThanMs: 0 })).toEqual([]);
  });
});

describe("a purge racing a new version that reuses its objects", () => {
  it("the new version puts shared objects back when a purge of the version it is based on deleted them before the version was committed", async () => {
    await publish(deps, { reportId: "racing", report: variant(1), actor: "portal:t" });
    const v1 = (await stores.reports.getVersion("racing", 1))!;
    // A purge of version 1 runs while version 2 (a regeneration of the same source, rendering the
    // same PDF) is not yet recorded: it sees no other version, so it deletes the source and the PDF
    // that version 2 is about to name.
    const reports = Object.create(stores.reports) as ReportStore;
    reports.putVersion = async (record) => {
      const { purge } = await withdrawVersion(deps, { reportId: "racing", version: 1, reason: "个人信息", purge: true, actor: "admin:t" });
      expect([...purge!.deleted].sort()).toEqual(["pdf", "source"]);
      return stores.reports.putVersion(record);
    };
    const result = await regenerate({ ...deps, reports }, { reportId: "racing", actor: "admin:t", trigger: "regenerate" });
    expect(result.version.sourceSha256).toBe(v1.source.sha256);
    expect(result.version.pdf.sha256).toBe(v1.pdf.sha256);
    expect(sha256(await versionSource(deps, "racing", 2))).toBe(v1.source.sha256);
    expect(sha256(await (await fetch(result.version.pdf.url!)).arrayBuffer())).toBe(v1.pdf.sha256);
  });

  it("without a purge, a regeneration that renders the same bytes neither looks up nor writes any object", async () => {
    await publish(deps, { reportId: "calm", report: variant(1), actor: "portal:t" });
    const v1 = (await stores.reports.getVersion("calm", 1))!;
    const puts: string[] = [];
    const documents = Object.create(stores.documents) as DocumentStore;
    documents.put = (key, body, headers) => {
      puts.push(key);
      return stores.documents.put(key, body, headers);
    };
    const result = await regenerate({ ...deps, documents }, { reportId: "calm", actor: "admin:t", trigger: "regenerate" });
    expect(result.version.version).toBe(2);
    expect(result.version.pdf.sha256).toBe(v1.pdf.sha256);
    expect(puts).toEqual([]);
    expect(sha256(await (await fetch(result.version.pdf.url!)).arrayBuffer())).toBe(v1.pdf.sha256);
  });
});
