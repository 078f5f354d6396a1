/**
 * Tables from a PDF page's rulings. Producers draw a table's grid differently — Chromium fills thin
 * rectangles per cell edge, WPS and Word stroke lines — but either way the rules end up as horizontal
 * and vertical segments. Segments that touch form a table; their distinct positions are its row and
 * column boundaries; a boundary with no rule across it is a merged cell.
 */
import type { Cell } from "../document.js";

export interface Segment {
  /** horizontal: y fixed, from a to b in x; vertical: x fixed, from a to b in y */
  readonly at: number;
  readonly a: number;
  readonly b: number;
}

export interface Rulings {
  readonly horizontal: Segment[];
  readonly vertical: Segment[];
}

export interface GridBox {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A table found on a page: its outline, boundaries (x left→right, y top→bottom in PDF space) and cells. */
export interface PageTable extends GridBox {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  /** cells by grid position, with their spans; `slot[r][c]` is the index of the cell covering it */
  readonly cells: readonly { readonly r: number; readonly c: number; readonly rowspan: number; readonly colspan: number }[];
  readonly slot: readonly (readonly number[])[];
}

const SNAP = 1.6;
const TOUCH = 2.5;

/** Joins collinear pieces (Chromium draws a border per cell) into whole rules. */
function mergeSegments(segments: readonly Segment[]): Segment[] {
  const sorted = [...segments].sort((p, q) => p.at - q.at || p.a - q.a);
  const out: Segment[] = [];
  const open: Segment[] = [];
  for (const s of sorted) {
    const line = open.find((o) => Math.abs(o.at - s.at) <= SNAP && s.a <= o.b + TOUCH && s.b >= o.a - TOUCH);
    if (line) {
      const merged = { at: line.at, a: Math.min(line.a, s.a), b: Math.max(line.b, s.b) };
      open[open.indexOf(line)] = merged;
      continue;
    }
    // rules at this position that can no longer grow are done
    for (let i = open.length - 1; i >= 0; i--) if (s.at - open[i]!.at > SNAP) out.push(...open.splice(i, 1));
    open.push({ ...s });
  }
  return [...out, ...open];
}

/** Distinct positions, each cluster of nearly equal values as one. */
function cluster(values: readonly number[]): number[] {
  const sorted = [...values].sort((p, q) => p - q);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= SNAP) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

function touches(h: Segment, v: Segment): boolean {
  return v.at >= h.a - TOUCH && v.at <= h.b + TOUCH && h.at >= v.a - TOUCH && h.at <= v.b + TOUCH;
}

function covers(segments: readonly Segment[], at: number, from: number, to: number): boolean {
  const mid = (from + to) / 2;
  return segments.some((s) => Math.abs(s.at - at) <= SNAP && s.a <= mid + 0.5 && s.b >= mid - 0.5);
}

export function findTables(rulings: Rulings): PageTable[] {
  const horizontal = mergeSegments(rulings.horizontal);
  const vertical = mergeSegments(rulings.vertical);
  // connected groups of rules: union-find over horizontal (0..h-1) and vertical (h..) rules
  const parent = Array.from({ length: horizontal.length + vertical.length }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  horizontal.forEach((h, i) => vertical.forEach((v, j) => touches(h, v) && (parent[find(i)] = find(horizontal.length + j))));
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  horizontal.forEach((h, i) => (groups.get(find(i)) ?? groups.set(find(i), { h: [], v: [] }).get(find(i))!).h.push(h));
  vertical.forEach((v, j) => (groups.get(find(horizontal.length + j)) ?? groups.set(find(horizontal.length + j), { h: [], v: [] }).get(find(horizontal.length + j))!).v.push(v));
  const tables: PageTable[] = [];
  for (const { h, v } of groups.values()) {
    if (h.length < 2 || v.length < 2) continue;
    const xs = cluster(v.map((s) => s.at));
    const ys = cluster(h.map((s) => s.at)).reverse();
    if (xs.length < 2 || ys.length < 2) continue;
    tables.push(buildGrid(xs, ys, h, v));
  }
  return tables.sort((p, q) => q.top - p.top);
}

function buildGrid(xs: readonly number[], ys: readonly number[], h: readonly Segment[], v: readonly Segment[]): PageTable {
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  const slot: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
  const cells: PageTable["cells"][number][] = [];
  // a rule between two positions: vertical at xs[c+1] across row r, horizontal at ys[r+1] across column c
  const ruleRight = (r: number, c: number) => covers(v, xs[c + 1]!, ys[r + 1]!, ys[r]!);
  const ruleBelow = (r: number, c: number) => covers(h, ys[r + 1]!, xs[c]!, xs[c + 1]!);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (slot[r]![c]! >= 0) continue;
      let colspan = 1;
      while (c + colspan < cols && !ruleRight(r, c + colspan - 1) && slot[r]![c + colspan]! < 0) colspan++;
      let rowspan = 1;
      const free = (rr: number) => Array.from({ length: colspan }, (_, k) => slot[rr]![c + k]! < 0 && !ruleBelow(rr - 1, c + k)).every(Boolean);
      while (r + rowspan < rows && free(r + rowspan)) rowspan++;
      const index = cells.length;
      cells.push({ r, c, rowspan, colspan });
      for (let dr = 0; dr < rowspan; dr++) for (let dc = 0; dc < colspan; dc++) if (slot[r + dr]![c + dc]! < 0) slot[r + dr]![c + dc] = index;
    }
  }
  return { xs, ys, cells, slot, left: xs[0]!, right: xs[xs.length - 1]!, top: ys[0]!, bottom: ys[ys.length - 1]! };
}

/** Which grid position a point falls in, or undefined outside the table. */
export function locate(t: PageTable, x: number, y: number): { r: number; c: number } | undefined {
  if (x < t.left - 1 || x > t.right + 1 || y > t.top + 1 || y < t.bottom - 1) return undefined;
  let c = t.xs.findIndex((edge, i) => i > 0 && x <= edge) - 1;
  let r = t.ys.findIndex((edge, i) => i > 0 && y >= edge) - 1;
  if (c < 0) c = x < t.left ? 0 : t.xs.length - 2;
  if (r < 0) r = y > t.top ? 0 : t.ys.length - 2;
  return { r, c };
}

/** The table's cells as authored rows (each cell in the row it starts on), ready for the document model. */
export function authoredRows(t: PageTable, texts: ReadonlyMap<number, string>): Cell[][] {
  const rows: Cell[][] = Array.from({ length: t.ys.length - 1 }, () => []);
  t.cells.forEach((cell, index) => rows[cell.r]!.push({ text: texts.get(index) ?? "", rowspan: cell.rowspan, colspan: cell.colspan }));
  return rows;
}
