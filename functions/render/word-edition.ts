/**
 * The Word edition of a report (.docx): the same view model the PDF is printed from, laid out as the
 * official format in Word, so an agency can hand out an editable copy without retyping it.
 *
 * - A4 with the margins of GB/T 9704-2012 (top 37 mm, bottom 35 mm, binding edge 28 mm, outer 26 mm;
 *   a 156 × 225 mm text block of 22 lines at a fixed 28.95 pt);
 * - fonts named by their official roles (方正小标宋简体, 黑体, 楷体_GB2312, 仿宋_GB2312), so the
 *   document looks right on a clerk's machine that has them; sizes 二号 (title), 三号 (text), 五号
 *   (tables);
 * - the title as Word's Title, the six sections as Heading 1 and sub-headings on their own line as
 *   Heading 2 (the navigation pane and screen readers find them), run-in sub-headings in 楷体;
 * - the three tables with their merged cells (gridSpan, vMerge), header rows repeated on every page,
 *   rows kept whole;
 * - the closing block right-aligned, and page numbers 「— N —」 outside the text block, right on odd
 *   pages and left on even ones, as GB/T 9704 prints them.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IRunOptions,
} from "docx";
import type { NormalizedReport } from "../report/index.js";
import { chineseDate } from "./chinese-date.js";
import { FONT_ROLES, type FontRole } from "./font-roles.js";
import { buildReportView, type Cell, type SectionView, type TableView } from "./view-model.js";

/** Twentieths of a point per millimetre. */
const TWIPS_PER_MM = 1440 / 25.4;
const mm = (value: number) => Math.round(value * TWIPS_PER_MM);

const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
/** 22 lines in the 225 mm text block */
const LINE = 579;
/** sizes in half-points: 二号, 三号, 四号, 五号, 小五 */
const SIZE = { title: 44, text: 32, pageNumber: 28, table: 21, small: 18 } as const;
/** two characters of 三号 text, the first-line indent of every paragraph */
const TWO_CHARS = 2 * 16 * 20;

function font(role: FontRole): IRunOptions["font"] {
  const name = FONT_ROLES[role].official.name;
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name };
}

function run(text: string, role: FontRole, size: number = SIZE.text): TextRun {
  return new TextRun({ text, font: font(role), size });
}

/** A paragraph before it is made: its kind decides its style; keepNext may still be set on it. */
interface Block {
  readonly kind: "body" | "section" | "subsection";
  readonly runs: TextRun[];
  keepNext?: boolean;
  spaceBefore?: number;
}

function paragraph(block: Block): Paragraph {
  const heading = block.kind === "section" ? HeadingLevel.HEADING_1 : block.kind === "subsection" ? HeadingLevel.HEADING_2 : undefined;
  return new Paragraph({
    children: block.runs,
    ...(heading ? { heading } : { alignment: AlignmentType.JUSTIFIED, widowControl: true }),
    indent: { firstLine: TWO_CHARS },
    spacing: { line: LINE, lineRule: LineRuleType.EXACT, ...(block.spaceBefore ? { before: block.spaceBefore } : {}) },
    ...(heading || block.keepNext ? { keepNext: true } : {}),
  });
}

const body = (text: string): Block => ({ kind: "body", runs: [run(text, "body")] });

function sectionBlocks(section: SectionView, afterTable: boolean): (Block | Table)[] {
  // a table ends flush with its last rule: the next heading keeps a half line away, as the PDF does
  const blocks: (Block | Table)[] = [{ kind: "section", runs: [run(section.title, "heading")], ...(afterTable ? { spaceBefore: 280 } : {}) }];
  blocks.push(...section.paragraphs.map(body));
  for (const sub of section.subsections) {
    if (sub.runIn) {
      const [first, ...rest] = sub.paragraphs;
      blocks.push({ kind: "body", runs: [run(sub.heading, "subheading"), ...(first !== undefined ? [run(first, "body")] : [])] });
      blocks.push(...rest.map(body));
    } else {
      blocks.push({ kind: "subsection", runs: [run(sub.heading, "subheading")] }, ...sub.paragraphs.map(body));
    }
  }
  if (section.table) blocks.push(wordTable(section.table));
  return blocks;
}

/** Column widths as shares of the text block, by table: the label columns wide, the figures even. */
function columnShares(table: TableView): number[] {
  const n = table.columns.length;
  const even = (from: number, share: number) => Array.from({ length: n - from }, () => share / (n - from));
  switch (table.name) {
    case "proactive":
      return [0.34, ...even(1, 0.66)];
    case "applications":
      return [0.07, 0.1, 0.29, ...even(3, 0.54)];
    default:
      return even(0, 1);
  }
}

const RULE = { style: BorderStyle.SINGLE, size: 6, color: "000000" } as const;

function wordCell(cell: Cell, inHead: boolean, small: boolean): TableCell {
  const role: FontRole = (inHead && cell.kind === "head") || cell.kind === "group" ? "heading" : "body";
  const left = cell.kind === "label" || cell.kind === "group" || cell.kind === "corner";
  const size = cell.kind === "corner" || small ? SIZE.small : SIZE.table;
  return new TableCell({
    children: [
      new Paragraph({
        alignment: left ? AlignmentType.LEFT : AlignmentType.CENTER,
        // an exact line height, as the CSS's 1.35
        spacing: { line: Math.round(size * 10 * 1.35), lineRule: LineRuleType.EXACT },
        children: [run(cell.text, role, size)],
      }),
    ],
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    ...(cell.colspan && cell.colspan > 1 ? { columnSpan: cell.colspan } : {}),
    ...(cell.rowspan && cell.rowspan > 1 ? { rowSpan: cell.rowspan } : {}),
  });
}

function wordTable(table: TableView): Table {
  const small = table.name === "reviewLitigation";
  const widths = columnShares(table).map((share) => Math.floor(share * TEXT_WIDTH));
  const rows = [
    ...table.head.map((row) => new TableRow({ children: row.map((cell) => wordCell(cell, true, small)), tableHeader: true, cantSplit: true })),
    ...table.bodies.flat().map((row) => new TableRow({ children: row.map((cell) => wordCell(cell, false, small)), cantSplit: true })),
  ];
  return new Table({
    rows,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: { top: RULE, bottom: RULE, left: RULE, right: RULE, insideHorizontal: RULE, insideVertical: RULE },
  });
}

function pageNumberFooter(alignment: "left" | "right"): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: alignment === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: alignment === "right" ? { right: 280 } : { left: 280 },
        children: [new TextRun({ children: ["— ", PageNumber.CURRENT, " —"], font: { ascii: "宋体", hAnsi: "宋体", eastAsia: "宋体" }, size: SIZE.pageNumber })],
      }),
    ],
  });
}

export interface WordEditionOptions {
  /** written into the document's properties, e.g. "nianbao 0.1.0+…" */
  readonly generator?: string;
}

/** Lines as the view model breaks them (each a list of words), one run each, with line breaks between. */
function lines(text: readonly (readonly string[])[], role: FontRole, size?: number): TextRun[] {
  return text.flatMap((words, i) => [...(i > 0 ? [new TextRun({ break: 1 })] : []), run(words.join(""), role, size)]);
}

/** The .docx bytes of a report. */
export async function wordEdition(report: NormalizedReport, options: WordEditionOptions = {}): Promise<Uint8Array> {
  const view = buildReportView(report);
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: LINE },
      children: lines(view.titleLines, "title", SIZE.title),
    }),
  ];
  const blocks = [...view.preamble.map(body), ...view.sections.flatMap((section, i) => sectionBlocks(section, view.sections[i - 1]?.table !== undefined))];
  // the closing block does not stand alone on a page: the last paragraph goes with it
  const last = blocks.at(-1);
  if (view.closing && last && !(last instanceof Table)) last.keepNext = true;
  children.push(...blocks.map((block) => (block instanceof Table ? block : paragraph(block))));
  if (view.closing) {
    const closing = (text: readonly (readonly string[])[], spaceBefore: boolean) =>
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: TWO_CHARS },
        spacing: { line: LINE, lineRule: LineRuleType.EXACT, ...(spaceBefore ? { before: LINE } : {}) },
        keepNext: true,
        children: lines(text, "body"),
      });
    children.push(closing(view.closing.signatoryLines, true));
    if (view.closing.date) children.push(closing([[chineseDate(view.closing.date)]], false));
  }
  const text = { font: font("body"), size: SIZE.text, language: { value: "zh-CN", eastAsia: "zh-CN" } };
  const black = { color: "000000", bold: false, italics: false };
  const document = new Document({
    title: report.title,
    subject: `${report.agency.name}${report.year}年政府信息公开工作年度报告`,
    creator: report.agency.name,
    keywords: ["政府信息公开", "年度报告", String(report.year), report.agency.name].join("; "),
    description: options.generator ?? "nianbao",
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: { run: text, paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT } } },
        title: { run: { ...black, font: font("title"), size: SIZE.title } },
        heading1: { run: { ...black, font: font("heading"), size: SIZE.text }, paragraph: { spacing: { before: 0, after: 0 } } },
        heading2: { run: { ...black, font: font("subheading"), size: SIZE.text }, paragraph: { spacing: { before: 0, after: 0 } } },
      },
    },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: { ...MARGIN, header: mm(15), footer: mm(23), gutter: 0 } },
        },
        footers: { default: pageNumberFooter("right"), even: pageNumberFooter("left") },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
