/**
 * Publishing against the embedded emulators (s3rver with signature checks, dynalite) through the real
 * AWS SDK, with a real Chromium.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { InvalidReportError, ReportNotFoundError } from "../../functions/service/errors.js";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { getVersion, listVersions, publish, regenerate, reportSummary, versionSource } from "../../functions/service/use-cases.js";
import { InvalidCursorError } from "../../functions/store/cursor.js";
import { example } from "../helpers/examples.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let renderer: ReportRenderer;
let deps: ServiceDeps;

beforeAll(async () => {
  stores = await startTestStores();
  renderer = new ReportRenderer();
  deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
});
afterAll(async () => {
  await renderer?.close();
  await stores?.close();
});

const sha256 = (bytes: ArrayBuffer | Uint8Array) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

/** The 2021 example with one paragraph changed, so each call is a different report. */
function variant(n: number) {
  const report = example("yunxi2021");
  report.problems = [...report.problems, `第${n}次更正。`];
  return report;
}

describe("publish", () => {
  it("stores a version whose signed link delivers exactly the recorded bytes under the Chinese title", async () => {
    const result = await publish(deps, { reportId: "yunxi-2024", report: example("yunxi2021"), actor: "portal:test" });
    expect(result.created).toBe(true);
    const v = result.version;
    expect(v).toMatchObject({ reportId: "yunxi-2024", version: 1, trigger: "publish", actor: "portal:test", templateVersion: renderer.templateVersion });
    expect(v.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(v.pdf.expiresAt!) - Date.now()).toBeGreaterThan(590_000);

    const response = await fetch(v.pdf.url!);
    expect(response.status).toBe(200);
    const bytes = await response.arrayBuffer();
    expect(sha256(bytes)).toBe(v.pdf.sha256);
    expect(bytes.byteLength).toBe(v.pdf.bytes);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const title = "云溪县人民政府2024年政府信息公开工作年度报告.pdf";
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="yunxi-2024.pdf"; filename*=UTF-8''${encodeURIComponent(title)}`,
    );

    const source = await versionSource(deps, "yunxi-2024", 1);
    expect(sha256(source)).toBe(v.sourceSha256);
    expect(JSON.parse(Buffer.from(source).toString("utf8")).applications.received.total).toBe(250);
  });

  it("refuses a tampered link and an expired link", async () => {
    const v = (await getVersion(deps, "yunxi-2024", 1)).pdf.url!;
    const otherKey = v.replace(/\/pdf\/[0-9a-f]{64}\.pdf/, `/pdf/${"0".repeat(64)}.pdf`);
    const otherSignature = v.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === "0" ? "1" : "0"}`);
    const longer = v.replace(/X-Amz-Expires=\d+/, "X-Amz-Expires=3600");
    for (const url of [otherKey, otherSignature, longer]) expect((await fetch(url)).status).toBe(403);

    // A few seconds of life: S3 signs with a time in whole seconds, so a 1 s link can be dead
    // before a busy machine has fetched it once. Wait past the expiry the service states.
    const shortLived: ServiceDeps = { ...deps, linkExpirySeconds: 5 };
    const { url: expiring, expiresAt } = (await getVersion(shortLived, "yunxi-2024", 1)).pdf;
    expect((await fetch(expiring!)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(expiresAt!) - Date.now()) + 1_100));
    expect((await fetch(expiring!)).status).toBe(403);
  });

  it("returns the existing version when the same report is published again, and a new one when it changes back and forth", async () => {
    const again = await publish(deps, { reportId: "yunxi-2024", report: example("yunxi2021"), actor: "portal:other" });
    expect(again.created).toBe(false);
    expect(again.version.version).toBe(1);
    expect(again.version.actor).toBe("portal:test");
    // the same report with its keys in another order and its totals left out is the same report
    const reordered = JSON.parse(JSON.stringify(example("yunxi2021"), (_k, value) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value));
    delete reordered.applications.received.total;
    expect((await publish(deps, { reportId: "yunxi-2024", report: reordered, actor: "portal:x" })).created).toBe(false);
    // A → B → A makes three versions: the latest must always be what was last published
    expect((await publish(deps, { reportId: "yunxi-2024", report: variant(0), actor: "portal:test" })).version.version).toBe(2);
    expect((await publish(deps, { reportId: "yunxi-2024", report: example("yunxi2021"), actor: "portal:test" })).version.version).toBe(3);
  });

  it("stores nothing for an invalid report", async () => {
    const report = example("yunxi2021");
    report.reviewLitigation.review.total = 0;
    await expect(publish(deps, { reportId: "never-stored", report, actor: "portal:test" })).rejects.toBeInstanceOf(InvalidReportError);
    await expect(reportSummary(deps, "never-stored")).rejects.toBeInstanceOf(ReportNotFoundError);
    const objects = [];
    for await (const o of stores.documents.list("reports/never-stored/")) objects.push(o);
    expect(objects).toEqual([]);
  });
});

describe("concurrency", () => {
  it("gives 20 concurrent publishes of different content the versions 1..20, none lost", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => publish(deps, { reportId: "concurrent-20", report: variant(i), actor: `portal:${i}` })),
    );
    expect(results.every((r) => r.created)).toBe(true);
    expect(results.map((r) => r.version.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const all = await listVersions(deps, "concurrent-20", { limit: 50 });
    expect(all.items.map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
    expect(new Set(all.items.map((v) => v.sourceSha256)).size).toBe(20);
    expect((await reportSummary(deps, "concurrent-20")).versionCount).toBe(20);
  });

  it("makes one version of 10 concurrent identical publishes", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => publish(deps, { reportId: "concurrent-same", report: variant(99), actor: `portal:${i}` })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.version.version))).toEqual(new Set([1]));
    expect((await listVersions(deps, "concurrent-same", { limit: 50 })).items).toHaveLength(1);
  });
});

describe("versions", () => {
  it("pages newest first with an opaque cursor, and refuses a forged one", async () => {
    const first = await listVersions(deps, "concurrent-20", { limit: 7 });
    expect(first.items.map((v) => v.version)).toEqual([20, 19, 18, 17, 16, 15, 14]);
    const second = await listVersions(deps, "concurrent-20", { limit: 7, cursor: first.cursor! });
    expect(second.items.map((v) => v.version)).toEqual([13, 12, 11, 10, 9, 8, 7]);
    const third = await listVersions(deps, "concurrent-20", { limit: 7, cursor: second.cursor! });
    expect(third.items.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(third.cursor).toBeUndefined();
    for (const cursor of ["x", "eyJ2IjoiMSJ9", Buffer.from('{"v":1,"PK":"TOKEN#x"}').toString("base64url")]) {
      await expect(listVersions(deps, "concurrent-20", { limit: 7, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it("summarises a report", async () => {
    expect(await reportSummary(deps, "yunxi-2024")).toMatchObject({
      reportId: "yunxi-2024",
      agency: "云溪县人民政府",
      year: 2024,
      edition: "2021",
      latestVersion: 3,
      versionCount: 3,
    });
  });
});

describe("regenerate", () => {
  it("renders the latest stored source as a new version and leaves earlier versions' bytes alone", async () => {
    const before = await Promise.all([1, 2, 3].map((n) => getVersion(deps, "yunxi-2024", n)));
    const beforeBytes = await Promise.all(before.map(async (v) => sha256(await (await fetch(v.pdf.url!)).arrayBuffer())));
    const result = await regenerate(deps, { reportId: "yunxi-2024", actor: "admin:test", trigger: "regenerate" });
    expect(result).toMatchObject({ created: true, previousVersion: 3 });
    expect(result.version).toMatchObject({ version: 4, trigger: "regenerate", actor: "admin:test" });
    expect(result.version.sourceSha256).toBe(before[2]!.sourceSha256);
    for (const [i, v] of before.entries()) {
      const now = await getVersion(deps, "yunxi-2024", v.version);
      expect(now.pdf.sha256).toBe(v.pdf.sha256);
      expect(sha256(await (await fetch(now.pdf.url!)).arrayBuffer())).toBe(beforeBytes[i]);
    }
    await expect(regenerate(deps, { reportId: "no-such-report", actor: "admin:test", trigger: "regenerate" })).rejects.toBeInstanceOf(ReportNotFoundError);
  });

  it("with a new template version, re-renders in bulk; with the same one, leaves the report alone", async () => {
    const same = await regenerate(deps, { reportId: "yunxi-2024", actor: "admin:bulk", trigger: "bulk", onlyIfTemplateChanged: true });
    expect(same.created).toBe(false);
    const newTemplate: ServiceDeps = {
      ...deps,
      renderer: { templateVersion: `${renderer.templateVersion}-next`, render: (r, o) => renderer.render(r, o), html: (r, o) => renderer.html(r, o) },
    };
    const changed = await regenerate(newTemplate, { reportId: "yunxi-2024", actor: "admin:bulk", trigger: "bulk", onlyIfTemplateChanged: true });
    expect(changed.created).toBe(true);
    expect(changed.version).toMatchObject({ version: 5, trigger: "bulk", templateVersion: `${renderer.templateVersion}-next` });
  });
});
