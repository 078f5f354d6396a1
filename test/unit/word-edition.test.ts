/**
 * The Word edition, parsed back as an OOXML package: a valid package, A4 with GB/T 9704 margins,
 * fonts named by their official roles, the title and the six headings as Word headings, every label
 * and number, the three tables cell for cell with their merged cells, the closing block, the page
 * numbers of odd and even pages.
 */
import { describe, expect, it } from "vitest";
import { FONT_ROLES } from "../../functions/render/font-roles.js";
import { buildReportView, type TableView } from "../../functions/render/view-model.js";
import { wordEdition } from "../../functions/render/word-edition.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { layoutCorpus } from "../corpus/index.js";
import { readDocx, type DocxFacts } from "../helpers/docx.js";
import { example } from "../helpers/examples.js";
import { officialLabels } from "../helpers/labels.js";
import { squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

const MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const mmToTwips = (mm: number) => Math.round((mm * 1440) / 25.4);

const cases: [string, NormalizedReport][] = [
  ["yunxi2021", normalized(example("yunxi2021"))],
  ["raohe2019", normalized(example("raohe2019"))],
  ...layoutCorpus({ limit: 6 }).map(({ name, report }): [string, NormalizedReport] => [name, normalized(report)]),
];

/** A view table's rows as the Word table should hold them. */
function expectedRows(table: TableView) {
  return [...table.head, ...table.bodies.flat()].map((row) => row.map((cell) => ({ text: squeeze(cell.text), colspan: cell.colspan ?? 1, rowspan: cell.rowspan ?? 1 })));
}

describe.each(cases)("the Word edition of %s", (_name, report) => {
  let docx: DocxFacts;
  const view = buildReportView(report);

  it("is a valid OOXML word-processing package", async () => {
    const bytes = await wordEdition(report, { generator: "nianbao test" });
    expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe("PK");
    docx = readDocx(bytes);
    expect(docx.mainPart).toBe("word/document.xml");
    expect(docx.contentTypes.overrides[`/${docx.mainPart}`]).toBe(MAIN_TYPE);
    // every XML part is well-formed and every part is typed
    for (const [name, xml] of docx.parts) {
      if (name.endsWith(".xml") || name.endsWith(".rels")) expect(xml.trimStart().startsWith("<?xml"), name).toBe(true);
      const extension = name.split(".").pop()!;
      expect(docx.contentTypes.overrides[`/${name}`] ?? docx.contentTypes.defaults[extension], name).toBeTruthy();
    }
    expect(docx.title).toBe(report.title);
  });

  it("is A4 with the margins of GB/T 9704", () => {
    expect(docx.page).toMatchObject({ width: mmToTwips(210), height: mmToTwips(297) });
    expect(docx.page.margins).toMatchObject({ top: mmToTwips(37), bottom: mmToTwips(35), left: mmToTwips(28), right: mmToTwips(26) });
  });

  it("names its fonts by the official roles, and only those", () => {
    const official = Object.values(FONT_ROLES).map((role) => role.official.name);
    // the page numbers are set in 宋体, as GB/T 9704 prints them
    expect([...docx.fonts].filter((f) => !official.includes(f))).toEqual([]);
    for (const name of ["方正小标宋简体", "黑体", "仿宋_GB2312"]) expect(docx.fonts).toContain(name);
    const title = docx.paragraphs.find((p) => p.style === "Title")!;
    expect(title.runs.filter((r) => r.text.trim()).every((r) => r.fonts.eastAsia === "方正小标宋简体")).toBe(true);
    if (view.sections.some((s) => s.subsections.length > 0)) expect(docx.fonts).toContain("楷体_GB2312");
  });

  it("declares its text as Chinese (zh-CN), for spelling, line breaking and screen readers", () => {
    expect(docx.parts.get("word/styles.xml")).toMatch(/<w:lang\b[^>]*w:eastAsia="zh-CN"/);
  });

  it("has the title and the six sections as Word headings, in order", () => {
    expect(docx.paragraphs.filter((p) => p.style === "Title").map((p) => squeeze(p.text))).toEqual([squeeze(view.titleLines.flat().join(""))]);
    expect(docx.paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual(view.sections.map((s) => s.title));
    const ownLine = view.sections.flatMap((s) => s.subsections.filter((sub) => !sub.runIn).map((sub) => sub.heading));
    expect(docx.paragraphs.filter((p) => p.style === "Heading2").map((p) => p.text)).toEqual(ownLine);
  });

  it("holds every label, every paragraph and every number", () => {
    const all = squeeze(docx.body.map((b) => ("runs" in b ? b.text : b.rows.flat().map((c) => c.text).join(""))).join(""));
    expect(officialLabels(report).filter((label) => !all.includes(squeeze(label)))).toEqual([]);
    for (const text of [...view.preamble, ...view.sections.flatMap((s) => [...s.paragraphs, ...s.subsections.flatMap((sub) => [sub.heading, ...sub.paragraphs])])]) {
      expect(all).toContain(squeeze(text));
    }
  });

  it("has the three tables cell for cell, merged cells and repeated header rows as the format lays them out", () => {
    const tables = view.sections.flatMap((s) => (s.table ? [s.table] : []));
    expect(docx.tables).toHaveLength(tables.length);
    tables.forEach((table, t) => {
      const actual = docx.tables[t]!;
      expect(actual.rows.map((row) => row.map(({ text, colspan, rowspan }) => ({ text: squeeze(text), colspan, rowspan }))), table.name).toEqual(expectedRows(table));
      expect(actual.headerRows).toBe(table.head.length);
    });
  });

  it("ends with the closing block, right-aligned", () => {
    if (!view.closing) return;
    const tail = docx.paragraphs.slice(view.closing.date ? -2 : -1);
    expect(tail[0]).toMatchObject({ text: view.closing.signatoryLines.map((line) => line.join("")).join("\n"), align: "right" });
    if (view.closing.date) expect(tail[1]!.text).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  });

  it("numbers the pages 「— N —」, right on odd pages and left on even ones", () => {
    expect(docx.evenAndOddHeaders).toBe(true);
    for (const [kind, align] of [["default", "right"], ["even", "left"]] as const) {
      const footer = docx.footers[kind]!;
      expect(footer, kind).toMatch(/PAGE/);
      expect(footer).toContain(`w:val="${align}"`);
      expect(footer).toContain("— ");
    }
  });
});

describe("report text in the Word edition", () => {
  it("is written literally: no element, field, link or external part comes from the report", async () => {
    const attacks = [
      `<script>alert(1)</script>`,
      `</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDETEXT "http://127.0.0.1/x"</w:instrText></w:r><w:r><w:t>`,
      `<w:hyperlink r:id="rId1"><w:r><w:t>click</w:t></w:r></w:hyperlink>`,
      `]]><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e; &amp; &lt;`,
      `{ HYPERLINK "http://127.0.0.1/field" } { INCLUDEPICTURE "http://127.0.0.1/pic" }`,
      `a & b " ' \` \u0000\u0008 \uFFFE`.replace(/[\u0000-\u0008\uFFFE]/g, ""),
    ];
    const report = example("yunxi2021");
    report.preamble = attacks;
    report.problems = [attacks.join("")];
    report.overview.subsections[0].heading = `<b>${attacks[0]}</b>`;
    report.title = `<title>${attacks[0]}</title>`;
    report.closing.signatory = attacks[2]!.slice(0, 200);
    const docx = readDocx(await wordEdition(normalized(report)));

    const all = docx.body.map((b) => ("runs" in b ? b.text : b.rows.flat().map((c) => c.text).join(""))).join("");
    for (const attack of attacks) expect(all).toContain(attack);
    expect(docx.title).toBe(report.title);
    const document = docx.parts.get(docx.mainPart)!;
    // the payloads' elements appear only escaped; the package holds no fields but the page number,
    // no hyperlink, no DTD and no relationship that points outside it
    expect(document).not.toMatch(/<(script|title|b|w:hyperlink|w:instrText)\b/);
    expect(document).toContain("&lt;script&gt;");
    for (const [name, xml] of docx.parts) {
      expect(xml, name).not.toMatch(/<!DOCTYPE|<!ENTITY|TargetMode="External"|<w:fldSimple\b|<w:hyperlink\b/);
      if (name.includes("footer")) expect([...xml.matchAll(/<w:instrText[^>]*>([^<]*)</g)].map((m) => m[1]!.trim()).filter((f) => f !== "PAGE"), name).toEqual([]);
    }
  });
});
