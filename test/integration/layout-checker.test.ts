/**
 * The layout checker must catch each class of defect spec D.2 names: every case prints a report with
 * one of the layout's fixes taken away (a stylesheet appended, the HTML edited, or the pagination pass
 * left out) and expects that defect's finding, with its page and text. A checker that cannot fail
 * proves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLayout, type LayoutCode, type LayoutFinding } from "../../functions/layout/index.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { layoutCorpus } from "../corpus/index.js";
import { paragraphOfLines, Random } from "../corpus/text.js";
import { DefectPrinter, type Defect } from "../helpers/defects.js";
import { example } from "../helpers/examples.js";
import { pageTexts } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

let printer: DefectPrinter;
beforeAll(() => {
  printer = new DefectPrinter();
});
afterAll(() => printer?.close());

const corpus = layoutCorpus();
function fromCorpus(name: string): NormalizedReport {
  const entry = corpus.find((e) => e.name === name);
  if (!entry) throw new Error(`no corpus report ${name}`);
  return normalized(entry.report);
}

/** The 2021 example with a preamble of `lines` full lines: everything after it moves a line at a time. */
function shifted(lines: number): NormalizedReport {
  const report = example("yunxi2021");
  report.preamble = [paragraphOfLines(new Random(lines + 1), lines)];
  return normalized(report);
}

async function findings(pdf: Uint8Array, code: LayoutCode): Promise<LayoutFinding[]> {
  return (await checkLayout(pdf)).findings.filter((f) => f.code === code);
}

/** Prints variations with the defect until the checker reports `code`; the defect must show in one. */
async function firstWith(code: LayoutCode, variations: readonly (() => NormalizedReport)[], defect: Defect) {
  for (const [i, variation] of variations.entries()) {
    const report = variation();
    const found = await findings(await printer.print(report, defect), code);
    if (found.length > 0) return { report, found, variation: i };
  }
  throw new Error(`no variation showed ${code}`);
}

/** The same report rendered properly has no such finding. */
async function goodHasNone(report: NormalizedReport, code: LayoutCode): Promise<void> {
  expect(await findings((await printer.renderer.render(report)).pdf, code)).toEqual([]);
}

const sweep = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => () => shifted(from + i));
/** Chromium left to itself: no forced breaks, no keeping together (only the pagination pass's absence would not show every defect). */
const NO_KEEPS = "h1, .subhead-line { break-after: auto; } table { break-inside: auto; } .closing { break-before: auto; break-inside: auto; }";

describe("the layout checker catches", () => {
  it("full lines that hold 27 characters instead of 28", async () => {
    const report = normalized(example("yunxi2021"));
    const found = await findings(await printer.print(report, { css: "body { letter-spacing: 0; } p { text-indent: 2em; }" }), "chars-per-line");
    expect(found.length).toBeGreaterThan(5);
    expect(found[0]).toMatchObject({ page: 1, message: expect.stringContaining("27个字") });
    await goodHasNone(report, "chars-per-line");
  }, 60_000);

  it("a line pitch that does not give 22 lines to the page", async () => {
    const found = await findings(await printer.print(normalized(example("yunxi2021")), { css: ":root { --line: 40px; }" }), "lines-per-page");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("21行");
  }, 60_000);

  it("headings off the line grid", async () => {
    const found = await findings(await printer.print(normalized(example("yunxi2021")), { css: "h1 { line-height: 41px; }" }), "line-grid");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.message).toMatch(/偏离行距网格/);
  }, 60_000);

  it("justified lines stretched around a URL that may not break", async () => {
    const report = fromCorpus("latin-runs-1");
    const found = await findings(await printer.print(report, { css: "p { word-break: normal; overflow-wrap: normal; text-justify: auto; }" }), "stretched-line");
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.message).toMatch(/之间空出[\d.]+个字/);
    await goodHasNone(report, "stretched-line");
  }, 60_000);

  it("a sub-heading without punctuation run into its text, and one with punctuation standing alone", async () => {
    const ownLine = fromCorpus("zero-township-ownLine-2021");
    const runIn = await findings(
      await printer.print(ownLine, { html: (h) => h.replace(/<p class="subhead-line"><span class="subhead">([^<]*)<\/span><\/p>\s*<p>/g, '<p><span class="subhead">$1</span>') }),
      "subheading-placement",
    );
    expect(runIn.length).toBe(5);
    expect(runIn[0]!.message).toContain("应单独成行");
    await goodHasNone(ownLine, "subheading-placement");

    const punctuated = fromCorpus("zero-township-runIn-2021");
    const alone = await findings(
      await printer.print(punctuated, { html: (h) => h.replace(/<p><span class="subhead">([^<]*)<\/span>/g, '<p class="subhead-line"><span class="subhead">$1</span></p><p>') }),
      "subheading-placement",
    );
    expect(alone.length).toBe(5);
    expect(alone[0]!.message).toContain("应接排正文");
  }, 60_000);

  it("a section heading left at the foot of a page", async () => {
    // title (2 lines) and a blank line, 18 lines of preamble: 一、总体情况 falls on the 22nd line
    const { report, found } = await firstWith("heading-at-page-end", sweep(17, 19), { css: NO_KEEPS });
    expect(found[0]).toMatchObject({ page: 1, text: "一、总体情况" });
    await goodHasNone(report, "heading-at-page-end");
  }, 120_000);

  it("table 二 or 四 broken across pages", async () => {
    const { report, found } = await firstWith("table-split", sweep(0, 22), { css: NO_KEEPS });
    expect(found[0]!.message).toMatch(/^表[二四]跨页断开/);
    await goodHasNone(report, "table-split");
  }, 300_000);

  it("table 三 broken though it would fit a page", async () => {
    const { report, found } = await firstWith("table-3-split", sweep(0, 22), { css: NO_KEEPS });
    expect(found[0]!.message).toContain("整表连同标题能排在一页上");
    await goodHasNone(report, "table-3-split");
  }, 300_000);

  it("table 三 too tall for a page broken inside a group, without （续）", async () => {
    // rows padded until the table is taller than a page: Chromium alone breaks it wherever the page ends
    const tall = { css: ".table-applications td { padding-top: 5pt !important; padding-bottom: 5pt !important; }" };
    const report = fromCorpus("city-fiveDigits-2021");
    const found = await findings(await printer.print(report, tall), "table-3-break");
    expect(found.map((f) => f.message).join("\n")).toMatch(/在分组之内断开|只有\d行数据/);
    expect(found.map((f) => f.message).join("\n")).toContain("（续）");
    // the pagination pass breaks it between groups, at least five rows each side, the label re-set
    const mended = await printer.print(report, { ...tall, paginate: true });
    expect((await checkLayout(mended)).findings.filter((f) => f.code.startsWith("table"))).toEqual([]);
    expect((await pageTexts(mended)).join("")).toContain("三、本年度办理结果（续）");
  }, 60_000);

  it("table labels wrapped inside a word: 自然/人", async () => {
    const found = await findings(
      await printer.print(normalized(example("yunxi2021")), { css: "th, td { word-break: normal; } .table-applications col.col-4 { width: 24pt; }" }),
      "label-break",
    );
    expect(found.map((f) => f.message).join("\n")).toContain("「自然人」在词中换行");
  }, 60_000);

  it("a long title broken inside a word", async () => {
    const report = fromCorpus("name-40");
    const found = await findings(
      await printer.print(report, {
        css: ".title-line { word-break: normal; }",
        html: (h) => h.replace(/<header class="report-title">[\s\S]*?<\/header>/, (header) => `<header class="report-title"><p class="title-line">${header.replace(/<[^>]+>|\s/g, "")}</p></header>`),
      }),
      "title-break",
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.message).toMatch(/标题在.*断行|梯形或菱形/);
    await goodHasNone(report, "title-break");
  }, 60_000);

  it("the closing block split over two pages, or left alone on one", async () => {
    const closing = (lines: number) => () => {
      const report = example("raohe2019");
      report.closing = { signatory: "饶河县小佳河镇人民政府", date: "2024-01-20" };
      report.otherMatters = [paragraphOfLines(new Random(lines), lines)];
      return normalized(report);
    };
    const variations = Array.from({ length: 23 }, (_, i) => closing(i + 1));
    const split = await firstWith("closing-split", variations, { css: NO_KEEPS });
    expect(split.found[0]!.message).toContain("机关名称与日期应在同一页");
    await goodHasNone(split.report, "closing-split");
    const alone = await firstWith("closing-alone", variations, { css: NO_KEEPS });
    expect(alone.found[0]!.message).toMatch(/只带了[01]行正文/);
    await goodHasNone(alone.report, "closing-alone");
  }, 300_000);

  it("a closing date not set two characters right of the name", async () => {
    const found = await findings(await printer.print(normalized(example("yunxi2021")), { css: ".closing .date { padding-left: 0; }" }), "closing-placement");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ text: "2025年3月20日", message: expect.stringContaining("日期首字较机关名称首字右移应为2个字，实为0个字") });
  }, 60_000);
});
