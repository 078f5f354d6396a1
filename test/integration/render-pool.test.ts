/**
 * The page pool prints what one page prints. With more than one page Chromium runs as several
 * processes, and each page of the pool starts fresh: its first render is where the web fonts arrive
 * late — a layout pass that measured before they had (in the narrower fallback face) broke a
 * paragraph where the print did not, and "shift-line-14-2021" came out a page longer with a short
 * line. The same reports, each on a fresh page of a two-page pool and on a lone page, give the same
 * bytes, and pass the layout checker.
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { checkLayout, formatFindings } from "../../functions/layout/index.js";
import { defaultRenderPages } from "../../functions/render/chromium.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { layoutCorpus } from "../corpus/index.js";
import { normalized } from "../helpers/renderer.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const corpus = layoutCorpus();
const byName = (name: string) => normalized(corpus.find((e) => e.name === name)!.report);
// the case that caught the late fonts, and others of the corpus's axes (long tables, headings at a page's foot)
const NAMES = ["shift-line-14-2021", ...corpus.filter((e) => !e.name.startsWith("shift-line")).filter((_, i) => i % 25 === 0).map((e) => e.name)];

const renderers: ReportRenderer[] = [];
afterAll(async () => {
  await Promise.all(renderers.map((r) => r.close()));
});

describe("a report printed by a pool of two pages", () => {
  it("is byte-identical to the same report printed by one page, from each page's first render on", async () => {
    expect(corpus.some((e) => e.name === NAMES[0])).toBe(true);
    const alone = new ReportRenderer({ pages: 1 });
    renderers.push(alone);
    const expected = new Map<string, string>();
    for (const name of NAMES) expected.set(name, sha256((await alone.render(byName(name))).pdf));

    for (const name of NAMES) {
      // a fresh pool for each report: both renders are the first on their page, at the same time
      const pool = new ReportRenderer({ pages: 2 });
      renderers.push(pool);
      const [a, b] = await Promise.all([pool.render(byName(name)), pool.render(byName(name))]);
      await pool.close();
      expect(sha256(a.pdf), name).toBe(expected.get(name));
      expect(sha256(b.pdf), name).toBe(expected.get(name));
      expect(formatFindings((await checkLayout(a.pdf)).findings), name).toBe("");
    }
  }, 240_000);
});

describe("warming the pool with a sample report (what `nianbao serve` does at start)", () => {
  it("readies every page at once, so renders that arrive together load no document of their own", async () => {
    const pool = new ReportRenderer({ pages: 2 });
    renderers.push(pool);
    // without a sample: the browser only, no page yet
    await pool.warm();
    expect(pool.engine.documentLoads).toBe(0);
    await pool.warm(byName("shift-line-14-2021"));
    // both pages opened, each with the template's document (one page used twice would load one)
    expect(pool.engine.documentLoads).toBe(2);
    const [a, b] = await Promise.all([pool.render(byName("city-sevenDigits-2021")), pool.render(byName("closing-line-07-2021"))]);
    expect(pool.engine.documentLoads).toBe(2);
    expect(a.pages).toBeGreaterThan(0);
    expect(b.pages).toBeGreaterThan(0);
  }, 60_000);
});

describe("the pool's size", () => {
  it("is one page per core unless told, at most four", () => {
    expect(defaultRenderPages({}, 2)).toBe(2);
    expect(defaultRenderPages({}, 1)).toBe(1);
    expect(defaultRenderPages({}, 16)).toBe(4);
    expect(defaultRenderPages({ NIANBAO_RENDER_PAGES: "3" }, 2)).toBe(3);
    expect(() => defaultRenderPages({ NIANBAO_RENDER_PAGES: "0" }, 2)).toThrow(/NIANBAO_RENDER_PAGES/);
  });
});
