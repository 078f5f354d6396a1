/** Walking a document's blocks in reading order, across pages. */
import type { Block, LayoutDocument } from "./document.js";
import type { Line } from "./lines.js";
import type { TablePiece } from "./table-geometry.js";

export interface FlowItem {
  readonly page: number;
  readonly block: Block;
}

export function flow(doc: LayoutDocument): FlowItem[] {
  return doc.pages.flatMap((page) => page.blocks.map((block) => ({ page: page.number, block })));
}

/** Lines that carry text of the report's prose (not the title, not tables, not the page number). */
export function isTextLine(line: Line): boolean {
  return line.role === "body" || line.role === "heading" || line.role === "subheading";
}

/** The printed text of a line without spaces, shortened for a message. */
export function excerpt(text: string, max = 40): string {
  const squeezed = text.replace(/\s+/g, "");
  return [...squeezed].length > max ? `${[...squeezed].slice(0, max).join("")}…` : squeezed;
}

export type TableKind = "二" | "三" | "四" | "?";

/** A table as printed: its pieces, one per page it appears on. */
export interface PrintedTable {
  readonly kind: TableKind;
  readonly pieces: readonly TablePiece[];
}

function kindOf(text: string): TableKind {
  if (/勾稽|办理结果|不予公开|结转下年度/u.test(text)) return "三";
  if (/复议后起诉|未经复议/u.test(text)) return "四";
  if (/第二十条|信息内容/u.test(text)) return "二";
  return "?";
}

/**
 * Tables with their continuations: a piece that opens a page directly after a page that ended in a
 * table continues that table.
 */
export function printedTables(doc: LayoutDocument): PrintedTable[] {
  const items = flow(doc);
  const tables: { pieces: TablePiece[] }[] = [];
  items.forEach((item, i) => {
    if (item.block.kind !== "table") return;
    const previous = items[i - 1];
    const continues = previous && previous.block.kind === "table" && previous.page === item.page - 1 && doc.pages[item.page - 1]!.blocks[0] === item.block;
    if (continues) tables[tables.length - 1]!.pieces.push(item.block.table);
    else tables.push({ pieces: [item.block.table] });
  });
  return tables.map((t) => ({ kind: kindOf(t.pieces.map((p) => p.text).join("")), pieces: t.pieces }));
}

/** The height of the text block: GB/T 9704's 225 mm on A4, in proportion on other sizes. */
export function blockHeight(doc: LayoutDocument): number {
  const page = doc.pages[0];
  return page ? (page.height * 225) / 297 : 0;
}
