/**
 * The tagged PDF as a screen reader meets it: its structure tree (pdf.js getStructTree) holds the title
 * as H1 and the six section headings as H2 in order, the three tables with TH and TD cells, every
 * data cell naming its header cells, the content in reading order, and the page numbers and the
 * watermark as artifacts; the catalog says it is tagged, in zh-CN, with its title displayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NormalizedReport } from "../../functions/report/index.js";
import { compactFonts } from "../../functions/render/fonts.js";
import { ASSET_ORIGIN } from "../../functions/render/html.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { buildReportView, splitTableView, type ReportView, type TableView } from "../../functions/render/view-model.js";
import { layoutCorpus } from "../corpus/index.js";
import { example } from "../helpers/examples.js";
import { documentFacts, pageStructures, walk, type DocumentFacts, type PageStructure } from "../helpers/pdf-structure.js";
import { drawnFonts, pageTexts, squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

interface Rendered {
  readonly report: NormalizedReport;
  readonly view: ReportView;
  readonly pages: PageStructure[];
  readonly facts: DocumentFacts;
  /** the PostScript names of the fonts the pages draw with */
  readonly fonts: string[];
  /** all the text the pages draw, whatever its tagging (pdf.js getTextContent), spaces removed */
  readonly drawn: string;
}

/** A spread over every axis of the layout corpus (issue 9): long tables, sub-headings, page ends. */
const CORPUS = layoutCorpus({ limit: 20 });

let renderer: ReportRenderer;
const rendered = new Map<string, Rendered>();

async function render(name: string, report: NormalizedReport, draft = false): Promise<Rendered> {
  const out = await renderer.render(report, { draft });
  const result = {
    report,
    view: buildReportView(report, { draft }),
    pages: await pageStructures(out.pdf),
    facts: await documentFacts(out.pdf),
    fonts: (await drawnFonts(out.pdf)).map((f) => f.name),
    // (page numbers interrupt a paragraph that runs over a page end)
    drawn: (await pageTexts(out.pdf)).map((text) => squeeze(text).replace(/—\d+—/g, "")).join(""),
  };
  rendered.set(name, result);
  return result;
}

beforeAll(async () => {
  renderer = new ReportRenderer();
  await render("yunxi2021", normalized(example("yunxi2021")));
  await render("raohe2019", normalized(example("raohe2019")));
  for (const { name, report } of CORPUS) await render(name, normalized(report));
}, 240_000);
afterAll(() => renderer?.close());

/** The cells a table should have in the PDF, from the view model the template printed. */
function expectedCells(table: TableView) {
  const rows = [...table.head, ...table.bodies.flat()];
  const byId = new Map(rows.flat().flatMap((c) => (c.id ? [[c.id, squeeze(c.text)] as const] : [])));
  return rows.map((row) =>
    row.map((cell) => ({
      role: cell.scope ? "TH" : "TD",
      text: squeeze(cell.text),
      ...(cell.scope ? { scope: cell.scope.startsWith("col") ? "Column" : "Row" } : {}),
      rowSpan: cell.rowspan ?? 1,
      colSpan: cell.colspan ?? 1,
      headers: (cell.headers ?? "").split(" ").filter(Boolean).map((id) => byId.get(id)!),
    })),
  );
}

/** Asserts that `chunks` occur in `text` in this order (those the pages draw at all). */
function expectInOrder(text: string, chunks: readonly string[], drawn: string): void {
  let from = 0;
  for (const chunk of chunks.map(squeeze).filter((c) => c && drawn.includes(c))) {
    const at = text.indexOf(chunk, from);
    expect(at, `${chunk.slice(0, 30)}… after position ${from}`).toBeGreaterThanOrEqual(from);
    from = at + chunk.length;
  }
}

function checkTaggedStructure(get: () => Rendered): void {
  it("is marked as tagged, in zh-CN, with its title displayed", () => {
    const { facts } = get();
    expect(facts).toMatchObject({ marked: true, lang: "zh-CN", displayDocTitle: true });
  });

  it("has the title as H1, the six section headings as H2 and sub-headings on their own line as H3, in order", () => {
    const { view, pages } = get();
    const nodes = pages.flatMap((p) => walk(p.tree));
    expect(nodes.filter((n) => n.role === "H1").map((n) => n.text)).toEqual([squeeze(view.titleLines.flat().join(""))]);
    expect(nodes.filter((n) => n.role === "H2").map((n) => n.text)).toEqual(view.sections.map((s) => squeeze(s.title)));
    const ownLine = view.sections.flatMap((s) => s.subsections.filter((sub) => !sub.runIn).map((sub) => squeeze(sub.heading)));
    expect(nodes.filter((n) => n.role === "H3").map((n) => n.text)).toEqual(ownLine);
  });

  it("reads in logical order, without page numbers or watermark in the content", () => {
    const { view, pages, drawn } = get();
    const content = pages.map((p) => p.tree.text).join("");
    const chunks = [...view.titleLines.map((line) => line.join("")), ...view.preamble];
    for (const section of view.sections) {
      chunks.push(section.title, ...section.paragraphs);
      for (const sub of section.subsections) chunks.push(sub.heading, ...sub.paragraphs);
      if (section.table) for (const row of [...section.table.head, ...section.table.bodies.flat()]) chunks.push(row.map((c) => c.text).join(""));
    }
    if (view.closing) chunks.push(view.closing.signatoryLines.flat().join(""));
    expectInOrder(content, chunks, drawn);
    // everything is drawn: since issue 9 a figure's size is set so that it fits its column
    expect(chunks.filter((c) => !drawn.includes(squeeze(c)))).toEqual([]);
    pages.forEach((page, i) => {
      expect(page.artifacts).toContain(`—${i + 1}—`);
      expect(page.tree.text).not.toContain(`—${i + 1}—`);
      expect(page.unmarked).toBe("");
    });
  });

  it("has the three tables with their header cells, and every data cell names its headers", () => {
    const { view, pages, facts } = get();
    const tables = view.sections.flatMap((s) => (s.table ? [s.table] : []));
    expect(facts.tables).toHaveLength(tables.length);
    tables.forEach((table, t) => {
      expect(facts.tables[t], table.name).toEqual(expectedCells(table));
    });
    // and pdf.js finds the header cells under Table elements
    const th = pages.flatMap((p) => walk(p.tree)).filter((n) => n.role === "Table").flatMap((n) => walk(n).filter((c) => c.role === "TH").map((c) => c.text));
    for (const table of tables) for (const cell of [...table.head, ...table.bodies.flat()].flat()) if (cell.scope) expect(th).toContain(squeeze(cell.text));
  });

  it("embeds at most one font per role, each one of the compact faces", () => {
    const { fonts } = get();
    const compact = Object.values(compactFonts().faces).map((f) => f.postscriptName);
    expect(fonts.filter((name) => !compact.includes(name))).toEqual([]);
    expect(new Set(fonts).size).toBe(fonts.length);
  });
}

describe.each(["yunxi2021", "raohe2019"])("the tagged PDF of %s", (name) => {
  checkTaggedStructure(() => rendered.get(name)!);

  it("maps the multi-level headers of table 三: three column levels, three row levels", () => {
    const { facts } = rendered.get(name)!;
    const applications = facts.tables[1]!;
    const secret = applications.flat().find((c) => c.role === "TD" && c.headers.includes("1.属于国家秘密") && c.headers.includes("商业企业"))!;
    expect(secret.headers).toEqual(["申请人情况", "法人或其他组织", "商业企业", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]);
  });

  it("gives a cell of table 二 its own group's headers only", () => {
    const { facts, report } = rendered.get(name)!;
    const proactive = facts.tables[0]!;
    const groups = proactive.flat().filter((c) => c.role === "TH" && c.scope === "Row" && c.colSpan > 1).map((c) => c.text);
    expect(groups.length).toBeGreaterThanOrEqual(4);
    const lastGroup = groups.at(-1)!;
    const cells = proactive.flat().filter((c) => c.role === "TD" && c.headers[0] === lastGroup);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      // the group heading, one column header, one row label: never another group's column header
      expect(cell.headers).toHaveLength(3);
      expect(groups.filter((g) => cell.headers.includes(g))).toEqual([lastGroup]);
    }
    void report;
  });
});

describe.each(CORPUS.map((entry) => entry.name))("the tagged PDF of corpus variation %s", (name) => {
  checkTaggedStructure(() => rendered.get(name)!);
});

describe("table 三 broken by the pagination pass", () => {
  it("is two tables for a screen reader too, each part's cells naming the headers of their own part", async () => {
    // rows padded until table 三 is taller than a page, as a wider licensed face could make it: the
    // stylesheet the renderer serves gets the padding appended (the renderer has no option for it)
    const tall = new ReportRenderer();
    try {
      const assets = (tall as unknown as { assets: Map<string, { body?: Buffer }> }).assets;
      const css = assets.get(`${ASSET_ORIGIN}/styles/report.css`)!;
      css.body = Buffer.concat([css.body!, Buffer.from(".table-applications td { padding-top: 5pt !important; padding-bottom: 5pt !important; }")]);
      const report = normalized(CORPUS.find((c) => c.name === "city-fiveDigits-2021")?.report ?? layoutCorpus().find((c) => c.name === "city-fiveDigits-2021")!.report);
      const out = await tall.render(report);
      const facts = await documentFacts(out.pdf);
      const table = buildReportView(report).sections.find((s) => s.table?.name === "applications")!.table!;
      expect(facts.tables).toHaveLength(4);
      const beforeRow = facts.tables[1]!.length - table.head.length;
      const [first, second] = splitTableView(table, beforeRow);
      expect(facts.tables[1]).toEqual(expectedCells(first));
      expect(facts.tables[2]).toEqual(expectedCells(second));
      const carried = facts.tables[2]!.flat().find((c) => c.text === "三、本年度办理结果（续）")!;
      expect(carried).toMatchObject({ role: "TH", scope: "Row" });
      expect(facts.tables[2]!.flat().filter((c) => c.role === "TD" && c.headers.includes("三、本年度办理结果（续）")).length).toBeGreaterThan(0);
      const nodes = (await pageStructures(out.pdf)).flatMap((p) => walk(p.tree));
      // each part's header read once, on the page its body begins (the second part starts a page)
      expect(nodes.filter((n) => n.role === "TH" && n.text === "申请人情况")).toHaveLength(2);
      expect(nodes.filter((n) => n.role === "Table" && n.text).map((n) => n.text.slice(0, 5))).toHaveLength(4);
    } finally {
      await tall.close();
    }
  }, 120_000);
});

describe("the draft watermark", () => {
  it("is an artifact on every page, outside the structure", async () => {
    const { pages } = await render("draft", normalized(example("yunxi2021")), true);
    for (const page of pages) {
      expect(page.artifacts).toContain("草稿");
      expect(page.tree.text).not.toContain("草稿");
      expect(page.unmarked).toBe("");
    }
  });
});
