/**
 * Glyphs gathered into lines of text: the unit an editor reads, and the helpers every part of the
 * checker measures lines with.
 */
import type { Glyph } from "./pdf-geometry.js";

export type LineRole = "title" | "heading" | "subheading" | "body" | "closing" | "pageNumber" | "other";

export interface Line {
  readonly page: number;
  /** baseline from the page top */
  readonly y: number;
  readonly x0: number;
  readonly x1: number;
  readonly size: number;
  readonly glyphs: readonly Glyph[];
  readonly text: string;
  role: LineRole;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026]/u;

/** Full-width characters (ideographs and full-width punctuation) occupy one character cell. */
export function isFullWidth(text: string): boolean {
  return CJK.test(text);
}

export const squeeze = (text: string) => text.replace(/\s+/g, "");

export function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestCount = -1;
  for (const [v, c] of counts) if (c > bestCount) [best, bestCount] = [v, c];
  return best;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function makeLine(page: number, glyphs: Glyph[]): Line {
  glyphs.sort((a, b) => a.x - b.x);
  const last = glyphs[glyphs.length - 1]!;
  return {
    page,
    y: median(glyphs.map((g) => g.y)),
    x0: glyphs[0]!.x,
    x1: last.x + last.width,
    size: mode(glyphs.map((g) => Math.round(g.size * 2) / 2)),
    glyphs,
    text: glyphs.map((g) => g.text).join(""),
    role: "other",
  };
}

/** Glyphs on one baseline form a line; a wide horizontal gap (more than three characters) splits it. */
export function gatherLines(page: number, glyphs: readonly Glyph[]): Line[] {
  const sorted = [...glyphs].filter((g) => g.text.trim() !== "").sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: Glyph[][] = [];
  for (const g of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.y - g.y) < Math.max(row[0]!.size, g.size) * 0.3) row.push(g);
    else rows.push([g]);
  }
  const lines: Line[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    let current: Glyph[] = [];
    for (const g of row) {
      const prev = current[current.length - 1];
      if (prev && g.x - (prev.x + prev.width) > 3 * Math.max(prev.size, g.size)) {
        lines.push(makeLine(page, current));
        current = [];
      }
      current.push(g);
    }
    if (current.length > 0) lines.push(makeLine(page, current));
  }
  return lines;
}
