/**
 * The OFD edition on a thread of its own (functions/ofd/edition-thread.ts), as the local service makes
 * it on a machine with more than one core: the same bytes as in process, the same errors, and a
 * thread that can be closed and started again.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ofdEdition } from "../../functions/ofd/edition.js";
import { localOfdEdition, ofdEditionOnThread } from "../../functions/ofd/edition-thread.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { validateReport, type NormalizedReport } from "../../functions/report/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const report = (file: string): NormalizedReport => validateReport(JSON.parse(readFileSync(join(ROOT, "examples", file), "utf8"))).normalized!;

describe("the OFD edition on its own thread", () => {
  const renderer = new ReportRenderer({ pages: 1 });
  const thread = ofdEditionOnThread("ofd");
  const pdfs = new Map<string, { report: NormalizedReport; pdf: Uint8Array }>();
  const context = { templateVersion: renderer.templateVersion, date: "2026-01-01" };

  beforeAll(async () => {
    for (const file of ["yunxi-county-2024.json", "raohe-xiaojiahe-2023.json"]) {
      const r = report(file);
      pdfs.set(file, { report: r, pdf: (await renderer.render(r)).pdf });
    }
  }, 60_000);
  afterAll(async () => {
    await thread.close();
    await renderer.close();
  });

  it("makes the very bytes the converter makes in process, for both editions of the format, several at once", async () => {
    const inProcess = ofdEdition("ofd");
    const items = [...pdfs.values(), ...pdfs.values()];
    const onThread = await Promise.all(items.map(({ pdf, report }) => thread.make(pdf, report, context)));
    for (const [index, { pdf, report }] of items.entries()) {
      const expected = await inProcess.make(pdf, report, context);
      expect(Buffer.from(onThread[index]!).equals(Buffer.from(expected))).toBe(true);
    }
    expect(thread.edition).toBe(inProcess.edition);
  }, 60_000);

  it("leaves the caller's PDF as it was (the thread works on a copy)", async () => {
    const { pdf, report } = pdfs.get("yunxi-county-2024.json")!;
    const before = Buffer.from(pdf);
    await thread.make(pdf, report, context);
    expect(pdf.byteLength).toBe(before.byteLength);
    expect(Buffer.from(pdf).equals(before)).toBe(true);
  }, 30_000);

  it("fails a PDF it cannot convert with the error the converter gives in process", async () => {
    const { report } = pdfs.get("yunxi-county-2024.json")!;
    const broken = new TextEncoder().encode("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    const inProcess = await ofdEdition("ofd").make(broken, report, context).then(() => undefined, (error: Error) => error);
    const onThread = await thread.make(broken, report, context).then(() => undefined, (error: Error) => error);
    expect(inProcess).toBeInstanceOf(Error);
    expect(onThread).toBeInstanceOf(Error);
    expect(onThread!.name).toBe(inProcess!.name === "OfdConversionError" ? "OfdConversionError" : "Error");
    if (inProcess!.name === "OfdConversionError") expect((onThread as Error & { failure: string }).failure).toBe((inProcess as Error & { failure: string }).failure);
    expect(onThread!.message).toContain(inProcess!.message);
  }, 30_000);

  it("starts a new thread for the next conversion after it was closed", async () => {
    const { pdf, report } = pdfs.get("raohe-xiaojiahe-2023.json")!;
    await thread.close();
    const again = await thread.make(pdf, report, context);
    expect(Buffer.from(again.subarray(0, 2)).toString("latin1")).toBe("PK");
  }, 30_000);

  it("is what the local service uses on more than one core; one core converts in process; off is off", async () => {
    const many = localOfdEdition({ NIANBAO_OFD: "ofd-a" }, 4)!;
    const one = localOfdEdition({ NIANBAO_OFD: "ofd" }, 1)!;
    expect(many.edition).toBe("ofd-a/1");
    expect(one.edition).toBe("ofd/1");
    expect(localOfdEdition({ NIANBAO_OFD: "off" }, 4)).toBeUndefined();
    // the one-core edition has no thread to start or close, and still converts
    const { pdf, report } = pdfs.get("yunxi-county-2024.json")!;
    one.start();
    expect((await one.make(pdf, report, context)).byteLength).toBeGreaterThan(1000);
    await one.close();
    await many.close();
  }, 30_000);
});
