/**
 * Reproducible PDFs: one normalised report and one template give the same bytes — in one browser or
 * another, on one page of the pool or another, a second apart — so identical publishes store one
 * object, and a regeneration with an unchanged template stores nothing new. The document's date is
 * the report's own date, never the clock's.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument, PDFHexString, PDFName } from "pdf-lib";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { publish, regenerate } from "../../functions/service/use-cases.js";
import { example } from "../helpers/examples.js";
import { pdfFacts } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
let renderer: ReportRenderer;
let other: ReportRenderer;
beforeAll(() => {
  renderer = new ReportRenderer({ pages: 2 });
  other = new ReportRenderer({ pages: 1 });
});
afterAll(async () => {
  await renderer?.close();
  await other?.close();
});

describe("two renders of one source", () => {
  it("are byte-identical: across browsers, pages of the pool, and time", async () => {
    const report = normalized(example("yunxi2021"));
    const first = await renderer.render(report);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a new second on the clock
    const [a, b] = await Promise.all([renderer.render(report), renderer.render(report)]); // both pages at once
    const elsewhere = await other.render(report);
    for (const again of [a, b, elsewhere]) expect(sha256(again.pdf)).toBe(sha256(first.pdf));
    // and a different report gives different bytes
    const changed = normalized({ ...example("yunxi2021"), otherMatters: ["无。"] });
    expect(sha256((await renderer.render(changed)).pdf)).not.toBe(sha256(first.pdf));
  }, 60_000);

  it("carry the report's date as the document date, and a document ID derived from the content", async () => {
    const report = normalized(example("yunxi2021")); // publishedAt 2025-03-20
    const { pdf } = await renderer.render(report);
    const facts = await pdfFacts(pdf);
    expect(facts.info.CreationDate).toBe("D:20250320000000+08'00'");
    expect(facts.info.ModDate).toBe("D:20250320000000+08'00'");
    // no trace of the render's own time anywhere in the file
    const text = Buffer.from(pdf).toString("latin1");
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", "");
    expect(text).not.toContain(`D:${today}`);
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const id = doc.context.trailerInfo.ID as unknown as { get(i: number): PDFHexString } | undefined;
    expect(id?.get(0)).toBeInstanceOf(PDFHexString);
    expect(id!.get(0).asString()).toMatch(/^[0-9A-F]{32}$/);
    expect(doc.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(zh-CN)");
  });

  it("without a date in the report, carry no document date at all", async () => {
    const report = normalized(example("raohe2019"));
    expect(report.publishedAt ?? report.closing?.date).toBeUndefined();
    const facts = await pdfFacts((await renderer.render(report)).pdf);
    expect(facts.info.CreationDate).toBeUndefined();
    expect(facts.info.ModDate).toBeUndefined();
  });
});

describe("storing reproducible PDFs", () => {
  let stores: TestStores;
  let deps: ServiceDeps;
  beforeAll(async () => {
    stores = await startTestStores();
    deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
  });
  afterAll(() => stores?.close());

  async function pdfObjects(reportId: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const object of stores.documents.list(`reports/${reportId}/pdf/`)) keys.push(object.key);
    return keys;
  }

  it("identical concurrent publishes store one version and one object", async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => publish(deps, { reportId: "same-6", report: example("yunxi2021"), actor: "portal:test" })));
    expect(new Set(results.map((r) => r.version.version))).toEqual(new Set([1]));
    expect(await pdfObjects("same-6")).toHaveLength(1);
  }, 60_000);

  it("a regeneration with an unchanged template stores no new object", async () => {
    const published = await publish(deps, { reportId: "regen-same", report: example("raohe2019"), actor: "admin:test" });
    const regenerated = await regenerate(deps, { reportId: "regen-same", actor: "admin:test", trigger: "regenerate" });
    expect(regenerated.version.pdf.sha256).toBe(published.version.pdf.sha256);
    expect(await pdfObjects("regen-same")).toHaveLength(1);
  }, 60_000);
});
