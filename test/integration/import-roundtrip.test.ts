/**
 * Round trip: every example and every layout-corpus variation, printed by Nianbao (PDF through the
 * real Chromium, and HTML) and filled into the Word template, imports back as the same report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importDocument, type DocumentFormat } from "../../functions/import/index.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { normalizeReport, type NormalizedReport } from "../../functions/report/index.js";
import { layoutCorpus } from "../corpus/index.js";
import { example } from "../helpers/examples.js";
import { fillTemplate } from "../helpers/fill-docx.js";
import { printed } from "../helpers/import.js";
import { normalized } from "../helpers/renderer.js";

const cases = [
  { name: "example-yunxi-2021", report: example("yunxi2021") },
  { name: "example-raohe-2019", report: example("raohe2019") },
  ...layoutCorpus(),
].map((c) => ({ name: c.name, report: normalized(c.report) }));

async function imported(bytes: Uint8Array, format: DocumentFormat, original: NormalizedReport) {
  const result = await importDocument(bytes, format);
  return printed(normalizeReport(result.report as never), original);
}

describe("import: round trip of everything Nianbao prints", () => {
  let renderer: ReportRenderer;
  const pdfChecked: string[] = [];

  beforeAll(() => {
    renderer = new ReportRenderer();
  });
  afterAll(async () => {
    await renderer.close();
  });

  it.each(cases.map((c, i) => [c.name, c.report, i] as const))("%s: HTML, PDF and the filled-in template", async (name, report, index) => {
    const expected = printed(report);
    const rendered = await renderer.render(report);
    expect(await imported(new TextEncoder().encode(rendered.html), "html", report)).toEqual(expected);
    // every figure fits its column since the figures set their own type size (#9): the PDF of every case is read
    expect(await imported(rendered.pdf, "pdf", report)).toEqual(expected);
    pdfChecked.push(name);
    const docx = await fillTemplate(report, index % 2 === 0 ? "template" : "clerk");
    expect(await imported(docx, "docx", report)).toEqual(expected);
  }, 60_000);

  it("checked the PDF of both examples and of every corpus variation (at least 100)", () => {
    expect(pdfChecked).toEqual(cases.map((c) => c.name));
    expect(pdfChecked.filter((n) => !n.startsWith("example-")).length).toBeGreaterThanOrEqual(100);
  });
});
