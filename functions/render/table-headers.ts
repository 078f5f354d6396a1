/**
 * Which header cells each data cell of an official table belongs to, so that a screen reader in the
 * HTML and in the tagged PDF reads 「三、本年度办理结果 （三）不予公开 1.属于国家秘密 · 申请人情况
 * 法人或其他组织 商业企业: 0」 and not a bare 0.
 *
 * The tables have multi-level headers (三 has three header rows and three levels of row labels; 二
 * repeats a header row in every group), where HTML's implicit scope rules go wrong: a group's column
 * headers would also claim the cells of every later group. So every data cell gets an explicit
 * `headers` list, computed here from the grid the cells occupy:
 * - a rowgroup header covers every cell of its body;
 * - column headers (scope col/colgroup) of the table head cover their columns in every body;
 * - column headers inside a body cover their columns below them in that body only;
 * - row headers cover the rows they span, for the cells to their right.
 */

export type HeaderScope = "col" | "colgroup" | "row" | "rowgroup";

export interface GridCell {
  readonly text: string;
  readonly rowspan?: number;
  readonly colspan?: number;
  /** a header cell (th) and what it heads; a data cell (td) has none */
  readonly scope?: HeaderScope;
}

export type Associated<C extends GridCell> = C & {
  /** a header cell's id */
  readonly id?: string;
  /** a data cell's header cells, as space-separated ids */
  readonly headers?: string;
};

interface Placed {
  readonly cell: GridCell;
  readonly section: number; // -1 the head, else the body's index
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
  id?: string;
}

const overlaps = (a: number, aLength: number, b: number, bLength: number) => a < b + bLength && b < a + aLength;

/**
 * Places each row's cells on the grid (skipping slots that a rowspan from above still occupies), as
 * HTML's table model does, within the head and within each body.
 */
function place<C extends GridCell>(head: readonly (readonly C[])[], bodies: readonly (readonly (readonly C[])[])[]): Placed[][][] {
  const sections = [head, ...bodies];
  return sections.map((rows, s) => {
    const taken = new Set<number>();
    const slot = (row: number, col: number) => row * 4096 + col;
    return rows.map((cells, r) => {
      let col = 0;
      return cells.map((cell) => {
        while (taken.has(slot(r, col))) col++;
        const placed: Placed = { cell, section: s - 1, row: r, col, rows: cell.rowspan ?? 1, cols: cell.colspan ?? 1 };
        for (let dr = 0; dr < placed.rows; dr++) for (let dc = 0; dc < placed.cols; dc++) taken.add(slot(r + dr, col + dc));
        col += placed.cols;
        return placed;
      });
    });
  });
}

/**
 * Gives header cells ids (`${prefix}-h${n}`) and data cells of the bodies their `headers`. Cells of the
 * head that are not headers (a corner note) get neither.
 */
export function associateHeaders<C extends GridCell>(
  prefix: string,
  head: readonly (readonly C[])[],
  bodies: readonly (readonly (readonly C[])[])[],
): { head: Associated<C>[][]; bodies: Associated<C>[][][] } {
  const placed = place(head, bodies);
  let next = 0;
  for (const section of placed) for (const row of section) for (const p of row) if (p.cell.scope) p.id = `${prefix}-h${++next}`;
  const isColumnHead = (p: Placed) => p.cell.scope === "col" || p.cell.scope === "colgroup";
  const headHeaders = placed[0]!.flat().filter(isColumnHead);

  const out = placed.map((section, s) => {
    // cells come in reading order (rows top down, each left to right), and so do the lists below
    const cells = section.flat();
    const columnHeads = [...(s === 0 ? [] : headHeaders), ...cells.filter(isColumnHead)];
    const groupHeads = cells.filter((h) => h.cell.scope === "rowgroup");
    const rowHeads = cells.filter((h) => h.cell.scope === "row").sort((a, b) => a.col - b.col);
    // read as a person reads the table: the group, then down the columns, then along the row
    const headersOf = (p: Placed): string[] => [
      ...groupHeads,
      ...columnHeads.filter((h) => (h.section < p.section || h.row + h.rows <= p.row) && overlaps(h.col, h.cols, p.col, p.cols)),
      ...rowHeads.filter((h) => h.col < p.col && overlaps(h.row, h.rows, p.row, p.rows)),
    ].map((h) => h.id!);
    return section.map((row) =>
      row.map((p): Associated<C> => {
        const cell = p.cell as C;
        if (p.id) return { ...cell, id: p.id };
        if (s === 0) return cell;
        const headers = headersOf(p);
        return headers.length > 0 ? { ...cell, headers: headers.join(" ") } : cell;
      }),
    );
  });
  return { head: out[0]!, bodies: out.slice(1) };
}
