/**
 * The print keeps only the break opportunities its lines use (pagination/used-breaks.ts): every line
 * of every page must be the one the template's full set of <wbr> gives, with far fewer pieces of
 * text for Chromium to tag.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEASURE_FLOW } from "../../functions/render/pagination/measure.js";
import { PDF_OPTIONS, ReportRenderer } from "../../functions/render/renderer.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { layoutCorpus } from "../corpus/index.js";
import { example } from "../helpers/examples.js";
import { normalized } from "../helpers/renderer.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

/** Each page's lines (text at one baseline, left to right) and how many pieces of text it is drawn in. */
async function lines(pdf: Uint8Array): Promise<{ lines: string[][]; pieces: number }> {
  const { getDocument } = (await import("pdfjs-dist/legacy/build/pdf.mjs")) as PdfJs;
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const pages: string[][] = [];
  let pieces = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const items = (await (await doc.getPage(n)).getTextContent()).items.flatMap((item) => ("str" in item && item.str.trim() ? [item] : []));
    pieces += items.length;
    const byBaseline = new Map<number, { x: number; text: string }[]>();
    for (const item of items) {
      const y = Math.round(item.transform[5] * 10) / 10;
      (byBaseline.get(y) ?? byBaseline.set(y, []).get(y)!).push({ x: item.transform[4], text: item.str });
    }
    pages.push([...byBaseline].sort((a, b) => b[0] - a[0]).map(([y, parts]) => `${y}: ${parts.sort((a, b) => a.x - b.x).map((p) => p.text).join("")}`));
  }
  await doc.destroy();
  return { lines: pages, pieces };
}

const corpus = (name: string) => {
  const found = layoutCorpus().find((c) => c.name === name);
  if (!found) throw new Error(`no corpus report ${name}`);
  return normalized(found.report);
};

let renderer: ReportRenderer;
beforeAll(() => {
  renderer = new ReportRenderer({ pages: 1 });
});
afterAll(async () => {
  await renderer?.close();
});

describe("the break opportunities a print keeps", () => {
  const cases: [string, () => NormalizedReport][] = [
    ["the 2021 example", () => normalized(example("yunxi2021"))],
    ["the 2019 example", () => normalized(example("raohe2019"))],
    ["a long signatory on several lines", () => corpus("closing-long-signatory")],
    ["a custom title", () => corpus("title-custom-prefix")],
    ["seven-digit tables", () => corpus("city-sevenDigits-2021")],
  ];
  it.each(cases)("give %s the very lines of the full template, in fewer pieces of text", async (_name, report) => {
    const job = renderer.printJob(report());
    const trimmed = job.finish(await renderer.engine.print(job.html, PDF_OPTIONS, job.pass)).pdf;
    // the same pass, measuring alone: every <wbr> of the template reaches the print
    const full = job.finish(await renderer.engine.print(job.html, PDF_OPTIONS, { measure: MEASURE_FLOW, adjust: job.pass.adjust })).pdf;
    const [kept, all] = await Promise.all([lines(trimmed), lines(full)]);
    expect(kept.lines.length).toBeGreaterThan(1);
    expect(kept.lines).toEqual(all.lines);
    expect(kept.pieces).toBeLessThan(all.pieces * 0.8);
  });

  it("leaves the report's preview HTML with every opportunity", async () => {
    const rendered = await renderer.render(normalized(example("yunxi2021")));
    expect(rendered.html.match(/<wbr>/g)?.length).toBeGreaterThan(200);
  });
});
