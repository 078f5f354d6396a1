/**
 * Tables as ruled regions: rules that touch form one table, the rules around a glyph make its cell,
 * and rows holding a cell of figures are its data rows.
 */
import { gatherLines, squeeze, type Line } from "./lines.js";
import type { Glyph, Rule } from "./pdf-geometry.js";

export interface Cell {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly lines: readonly Line[];
  readonly text: string;
}

/** The part of a ruled table printed on one page. */
export interface TablePiece {
  readonly page: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly cells: readonly Cell[];
  /** all its text, without white space */
  readonly text: string;
  /** the tops of its data rows: rows that hold a cell of figures */
  readonly dataRowTops: readonly number[];
  /** where its first data row begins (the header rows are above) */
  readonly firstDataTop: number;
}


/** Rules that touch one another form one table. */
export function clusterRules(rules: readonly Rule[]): Rule[][] {
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const touch = (a: Rule, b: Rule) => a.x0 <= b.x1 + 1 && b.x0 <= a.x1 + 1 && a.y0 <= b.y1 + 1 && b.y0 <= a.y1 + 1;
  for (let i = 0; i < rules.length; i++) {
    for (let j = i + 1; j < rules.length; j++) if (touch(rules[i]!, rules[j]!)) parent[find(i)] = find(j);
  }
  const groups = new Map<number, Rule[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(r);
  });
  return [...groups.values()].filter((g) => g.some((r) => r.vertical) && g.some((r) => !r.vertical) && g.length >= 4);
}

const FIGURES = /^[-+]?[\d,]+(\.\d+)?(万?元)?$/u;

export function buildTable(page: number, rules: readonly Rule[], glyphs: readonly Glyph[]): TablePiece {
  const left = Math.min(...rules.map((r) => r.x0));
  const right = Math.max(...rules.map((r) => r.x1));
  const top = Math.min(...rules.map((r) => r.y0));
  const bottom = Math.max(...rules.map((r) => r.y1));
  const verticals = rules.filter((r) => r.vertical);
  const horizontals = rules.filter((r) => !r.vertical);
  const cellsByKey = new Map<string, { left: number; right: number; top: number; bottom: number; glyphs: Glyph[] }>();
  for (const g of glyphs) {
    const mid = g.y - g.size * 0.35;
    const cx = g.x + g.width / 2;
    const spanning = verticals.filter((r) => r.y0 <= mid + 0.5 && r.y1 >= mid - 0.5);
    const l = Math.max(left, ...spanning.filter((r) => (r.x0 + r.x1) / 2 <= cx).map((r) => r.x1));
    const rt = Math.min(right, ...spanning.filter((r) => (r.x0 + r.x1) / 2 > cx).map((r) => r.x0));
    const across = horizontals.filter((r) => r.x0 <= cx + 0.5 && r.x1 >= cx - 0.5);
    const t = Math.max(top, ...across.filter((r) => (r.y0 + r.y1) / 2 <= mid).map((r) => r.y1));
    const b = Math.min(bottom, ...across.filter((r) => (r.y0 + r.y1) / 2 > mid).map((r) => r.y0));
    const key = [l, rt, t, b].map((v) => v.toFixed(1)).join("|");
    if (!cellsByKey.has(key)) cellsByKey.set(key, { left: l, right: rt, top: t, bottom: b, glyphs: [] });
    cellsByKey.get(key)!.glyphs.push(g);
  }
  const cells: Cell[] = [...cellsByKey.values()]
    .map((c) => {
      const lines = gatherLines(page, c.glyphs);
      return { left: c.left, right: c.right, top: c.top, bottom: c.bottom, lines, text: squeeze(lines.map((l) => l.text).join("")) };
    })
    .sort((a, b) => a.top - b.top || a.left - b.left);
  const dataRowTops = [...new Set(cells.filter((c) => FIGURES.test(c.text)).map((c) => Math.round(c.top * 2) / 2))].sort((a, b) => a - b);
  return { page, left, right, top, bottom, cells, text: cells.map((c) => c.text).join(""), dataRowTops, firstDataTop: dataRowTops[0] ?? bottom };
}
