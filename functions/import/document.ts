/**
 * The document model every reader produces and the recogniser reads: what a person sees on the page,
 * in reading order — paragraphs (with a heading level and alignment when the source says so) and
 * tables as grids. A DOCX, a PDF and a web page of the same report give the same model, so the
 * report is found once, by one recogniser, whatever the format.
 */
import { ImportError } from "./errors.js";
import { LIMITS } from "./limits.js";

export type DocumentFormat = "docx" | "pdf" | "html";

export interface Paragraph {
  readonly kind: "paragraph";
  /** the text, whitespace collapsed; "\n" where the source broke the line on purpose (<br>, w:br) */
  readonly text: string;
  /** 1–6 when the source marks the paragraph as a heading (h1–h6, a Word heading style or outline level) */
  readonly level?: number;
  readonly align?: "left" | "center" | "right" | "justify";
  /**
   * A leading run the source sets apart by its style (bold, another font, a span of its own), e.g. a
   * run-in sub-heading 「（一）主动公开。」 before the paragraph's own text.
   */
  readonly lead?: string;
}

/** A cell as the source authored it: its text (lines joined by "\n") and how far it spans. */
export interface Cell {
  readonly text: string;
  readonly rowspan: number;
  readonly colspan: number;
}

/** A position of the resolved grid: the cell that covers it and where that cell starts. */
export interface Slot {
  readonly cell: Cell;
  readonly row: number;
  readonly col: number;
}

export interface Table {
  readonly kind: "table";
  /** rows × columns; every position holds the cell covering it (a merged cell appears in each of its positions) */
  readonly grid: readonly (readonly Slot[])[];
  readonly columns: number;
}

export type Block = Paragraph | Table;

export interface SourceDocument {
  readonly format: DocumentFormat;
  readonly blocks: readonly Block[];
  /** pages read (PDF) */
  readonly pages?: number;
}

export function paragraph(text: string, extra: Omit<Paragraph, "kind" | "text"> = {}): Paragraph {
  return { kind: "paragraph", text, ...extra };
}

/**
 * Resolves authored rows (cells with spans, the HTML table model) into a grid: each cell takes the
 * next free position of its row, so a cell spanning down from above pushes later cells right. A rowspan
 * or colspan past the table's end is cut at the end; rows come out as long as the widest.
 */
export function table(rows: readonly (readonly Cell[])[]): Table {
  if (rows.length > LIMITS.tableRows) throw ImportError.tooComplex(`表格超过 ${LIMITS.tableRows} 行`);
  const grid: (Slot | undefined)[][] = rows.map(() => []);
  let columns = 0;
  let slots = 0;
  rows.forEach((cells, r) => {
    let c = 0;
    for (const authored of cells) {
      while (grid[r]![c] !== undefined) c++;
      const rowspan = Math.max(1, Math.min(authored.rowspan, rows.length - r));
      const colspan = Math.max(1, authored.colspan);
      if (c + colspan > LIMITS.tableColumns) throw ImportError.tooComplex(`表格超过 ${LIMITS.tableColumns} 列`);
      slots += rowspan * colspan;
      if (slots > LIMITS.tableCells) throw ImportError.tooComplex(`表格超过 ${LIMITS.tableCells} 个单元格`);
      const cell: Cell = { text: authored.text, rowspan, colspan };
      const slot: Slot = { cell, row: r, col: c };
      for (let dr = 0; dr < rowspan; dr++) for (let dc = 0; dc < colspan; dc++) grid[r + dr]![c + dc] ??= slot;
      c += colspan;
      columns = Math.max(columns, c);
    }
    columns = Math.max(columns, grid[r]!.length);
  });
  const empty = (r: number, c: number): Slot => ({ cell: { text: "", rowspan: 1, colspan: 1 }, row: r, col: c });
  const resolved = grid.map((row, r) => Array.from({ length: columns }, (_, c) => row[c] ?? empty(r, c)));
  return { kind: "table", grid: resolved, columns };
}

/** The distinct cells of a grid row, left to right, each once (with the column it starts at here). */
export function rowCells(t: Table, r: number): { readonly slot: Slot; readonly col: number; readonly width: number }[] {
  const out: { slot: Slot; col: number; width: number }[] = [];
  const row = t.grid[r]!;
  for (let c = 0; c < row.length; c++) {
    const slot = row[c]!;
    const last = out[out.length - 1];
    if (last && last.slot === slot) last.width++;
    else out.push({ slot, col: c, width: 1 });
  }
  return out;
}
