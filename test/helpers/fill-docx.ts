/**
 * Fills in the official Word template the way a clerk does, from a report: the title on two centred
 * lines, run-in sub-heads in another font, and the three tables in the template's structure (table 二
 * one four-column table with its group rows spanning it; table 三 with the 3×3 corner cell and the
 * rowspans of its label column; table 四 with three header rows) — w:gridSpan and w:vMerge written
 * by the `docx` package from the same view model the renderer prints.
 *
 * The "clerk" style adds what real filled-in templates carry: section numbers from Word's list
 * numbering (not in the text), header labels broken over lines, ASCII brackets in row labels, counts
 * written with thousands separators and 件, the fee with its unit, a long signatory over two lines.
 */
import { AlignmentType, Document, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { chineseDate } from "../../functions/render/html.js";
import { buildReportView, type Cell as ViewCell, type TableView } from "../../functions/render/view-model.js";
import type { NormalizedReport } from "../../functions/report/index.js";

export type FillStyle = "template" | "clerk";

const BODY = { eastAsia: "仿宋_GB2312", ascii: "Times New Roman" };
const HEAD = { eastAsia: "黑体", ascii: "黑体" };
const KAI = { eastAsia: "楷体_GB2312", ascii: "楷体_GB2312" };

function run(text: string, font = BODY, extra: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, font, size: extra.size ?? 32, ...(extra.bold ? { bold: true } : {}) });
}

function body(text: string): Paragraph {
  return new Paragraph({ children: [run(text)], indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED });
}

const SPLIT_LABELS: Readonly<Record<string, string[]>> = {
  商业企业: ["商业", "企业"],
  科研机构: ["科研", "机构"],
  社会公益组织: ["社会", "公益", "组织"],
  法律服务机构: ["法律", "服务", "机构"],
  结果维持: ["结果", "维持"],
  结果纠正: ["结果", "纠正"],
  本年新制作数量: ["本年新", "制作数量"],
};

function cellText(cell: ViewCell, table: TableView["name"], style: FillStyle): string[] {
  if (style === "template") return [cell.text];
  if (cell.kind === "head" && SPLIT_LABELS[cell.text]) return SPLIT_LABELS[cell.text]!;
  if (cell.kind === "label") return [cell.text.replace(/（/g, "(").replace(/）/g, ")")];
  if (cell.kind === "number" && /^\d+$/.test(cell.text) && Number(cell.text) >= 1000) {
    // counts of applications written as 1,234件; table 二's figures (the fee among them) with separators only
    return [`${Number(cell.text).toLocaleString("en-US")}${table === "applications" ? "件" : ""}`];
  }
  return [cell.text];
}

function tableOf(view: TableView, style: FillStyle): Table {
  const rows = [...view.head, ...view.bodies.flat()];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells) =>
        new TableRow({
          children: cells.map(
            (cell) =>
              new TableCell({
                children: cellText(cell, view.name, style).map((line) => new Paragraph({ alignment: cell.kind === "label" ? AlignmentType.LEFT : AlignmentType.CENTER, children: [run(line, BODY, { size: 21 })] })),
                ...(cell.rowspan ? { rowSpan: cell.rowspan } : {}),
                ...(cell.colspan ? { columnSpan: cell.colspan } : {}),
              }),
          ),
        }),
    ),
  });
}

export async function fillTemplate(report: NormalizedReport, style: FillStyle = "template"): Promise<Uint8Array> {
  const view = buildReportView(report);
  const children: (Paragraph | Table)[] = view.titleLines.map(
    (line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [run(line.join(""), { eastAsia: "方正小标宋简体", ascii: "方正小标宋简体" }, { size: 44 })] }),
  );
  children.push(new Paragraph({ children: [] }));
  for (const text of view.preamble) children.push(body(text));
  for (const section of view.sections) {
    const numbered = style === "clerk";
    children.push(
      new Paragraph({
        indent: { firstLine: 640 },
        ...(numbered ? { numbering: { reference: "sections", level: 0 } } : {}),
        children: [run(numbered ? section.title.slice(2) : section.title, HEAD)],
      }),
    );
    for (const text of section.paragraphs) children.push(body(text));
    for (const sub of section.subsections) {
      if (sub.paragraphs.length === 0) {
        children.push(new Paragraph({ indent: { firstLine: 640 }, children: [run(sub.heading, KAI)] }));
        continue;
      }
      sub.paragraphs.forEach((text, i) =>
        children.push(new Paragraph({ indent: { firstLine: 640 }, alignment: AlignmentType.JUSTIFIED, children: i === 0 ? [run(sub.heading, KAI), run(text)] : [run(text)] })),
      );
    }
    if (section.table) children.push(tableOf(section.table, style));
  }
  if (view.closing) {
    children.push(new Paragraph({ children: [] }));
    // the template's one line for the name; a clerk breaks a long name where the printed report does
    const names = style === "clerk" ? view.closing.signatoryLines.map((words) => words.join("")) : [report.closing!.signatory];
    for (const name of names) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(name)] }));
    if (view.closing.date) children.push(new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(chineseDate(view.closing.date))] }));
  }
  const document = new Document({
    numbering: { config: [{ reference: "sections", levels: [{ level: 0, format: LevelFormat.CHINESE_COUNTING, text: "%1、", alignment: AlignmentType.LEFT }] }] },
    sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
