/**
 * The rows of a section's tables, read as one sequence. A table that breaks across pages arrives as
 * several tables (a PDF page each, often with the header repeated); the recognisers read rows by
 * their labels, so where one table ends and the next begins does not matter.
 */
import { rowCells, type Block, type Table } from "../document.js";
import { cleanText, joinLines, labelKey } from "../text.js";

export interface RowCell {
  /** the cell's text, its lines joined */
  readonly text: string;
  readonly key: string;
  /** the grid column the cell starts at, and how many it covers in this row */
  readonly col: number;
  readonly width: number;
  /** the cell starts on an earlier row (a rowspan reaching down) */
  readonly fromAbove: boolean;
}

export interface TableRow {
  readonly table: Table;
  readonly r: number;
  readonly cells: readonly RowCell[];
}

export function cellText(text: string): string {
  return joinLines(cleanText(text).split("\n"));
}

export function tableRows(blocks: readonly Block[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const block of blocks) {
    if (block.kind !== "table") continue;
    for (let r = 0; r < block.grid.length; r++) {
      const cells = rowCells(block, r).map(({ slot, col, width }): RowCell => {
        const text = cellText(slot.cell.text);
        return { text, key: labelKey(text), col, width, fromAbove: slot.row < r };
      });
      rows.push({ table: block, r, cells });
    }
  }
  return rows;
}

/** The cell covering column `col` of a row (a merged cell answers for every column it covers). */
export function cellAt(row: TableRow, col: number): RowCell | undefined {
  return row.cells.find((c) => col >= c.col && col < c.col + c.width);
}

export function isBlankRow(row: TableRow): boolean {
  return row.cells.every((c) => c.key === "");
}
