/**
 * Every variation of the layout corpus, rendered by the service, passes the layout checker: no D.2
 * violation on any page. At least 100 variations run here, spread over every axis of the corpus; the
 * longer sweep over many seeds is `npm run check:layout:sweep`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLayout, formatFindings } from "../../functions/layout/index.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { layoutCorpus } from "../corpus/index.js";
import { normalized } from "../helpers/renderer.js";

const VARIATIONS = 104;
const corpus = layoutCorpus({ limit: VARIATIONS });

let renderer: ReportRenderer;
const pdfs = new Map<string, Promise<Uint8Array>>();

beforeAll(() => {
  renderer = new ReportRenderer();
  // render in order while the tests check what is ready: Chromium prints as node reads PDFs
  let previous: Promise<unknown> = Promise.resolve();
  for (const { name, report } of corpus) {
    const pdf = previous.then(() => renderer.render(normalized(report))).then((r) => r.pdf);
    pdf.catch(() => undefined);
    pdfs.set(name, pdf);
    previous = pdf.catch(() => undefined);
  }
});
afterAll(() => renderer?.close());

describe(`the layout corpus (${VARIATIONS} variations) passes the layout checker`, () => {
  it("spans at least 100 variations", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
  });

  it.each(corpus.map((e) => e.name))("%s", async (name) => {
    const report = await checkLayout(await pdfs.get(name)!);
    expect(formatFindings(report.findings), name).toBe("");
  }, 120_000);
});
