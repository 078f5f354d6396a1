/**
 * The pagination pass measures the page as it will print: with the report's web fonts loaded. A new
 * browser's first render used to measure while the faces were still loading (the load event does not
 * wait for a font that layout has only just asked for), so lines were counted in the fallback face and
 * `subsections-ownLine-2021` of the layout corpus broke before （三） in some runs and split a paragraph
 * in others. Each render here is a new browser's first (the case that raced), then warm ones: the
 * bytes and the page breaks must not vary.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { layoutCorpus } from "../corpus/index.js";
import { pageTexts, squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

const VARIATION = "subsections-ownLine-2021";
const NEW_BROWSERS = 4;

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Where each page begins and ends: the first and last characters of its text, page numbers aside. */
async function pageBreaks(pdf: Uint8Array): Promise<string[]> {
  return (await pageTexts(pdf)).map((text) => {
    const body = squeeze(text).replace(/—\d+—/g, "");
    return `${body.slice(0, 12)}…${body.slice(-12)}`;
  });
}

describe("the pagination pass measures with the web fonts loaded", () => {
  it(`gives ${VARIATION} the same pages on a new browser's first render as on a warm one`, async () => {
    const variation = layoutCorpus().find((v) => v.name === VARIATION);
    expect(variation, `${VARIATION} is in the layout corpus`).toBeDefined();
    const report = normalized(variation!.report);
    const pdfs: Uint8Array[] = [];
    for (let i = 0; i < NEW_BROWSERS; i++) {
      const renderer = new ReportRenderer();
      try {
        pdfs.push((await renderer.render(report)).pdf);
        if (i === NEW_BROWSERS - 1) for (let warm = 0; warm < 2; warm++) pdfs.push((await renderer.render(report)).pdf);
      } finally {
        await renderer.close();
      }
    }
    const breaks = await Promise.all(pdfs.map(pageBreaks));
    for (const [i, pages] of breaks.entries()) expect(pages, `render ${i + 1}`).toEqual(breaks.at(-1));
    expect(new Set(pdfs.map(sha256)).size).toBe(1);
  }, 120_000);
});
