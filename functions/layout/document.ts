/**
 * The page as an editor reads it: glyphs gathered into lines, ruled regions into tables with cells,
 * and every line given its part — title, section heading, sub-heading, body text, table text, the
 * closing block (落款) or the page number. The D.2 rules (rules/*.ts) judge this model.
 *
 * It is inferred from geometry alone (sizes, positions, the fonts' families, the section titles of the
 * official format), so a PDF made in Word or WPS is read the same way as the service's own.
 */
import { EDITIONS } from "../report/editions/index.js";
import { gatherLines, isFullWidth, median, mode, squeeze, type Line } from "./lines.js";
import type { Glyph, PageGeometry, Rule } from "./pdf-geometry.js";
import { buildTable, clusterRules, type TablePiece } from "./table-geometry.js";

export type Block = { readonly kind: "line"; readonly line: Line; readonly top: number } | { readonly kind: "table"; readonly table: TablePiece; readonly top: number };

export interface PageModel {
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** left and right edges of the text block on this page (they swap with the binding edge) */
  readonly left: number;
  readonly right: number;
  readonly lines: readonly Line[];
  readonly tables: readonly TablePiece[];
  /** lines and tables in reading order, the page number left out */
  readonly blocks: readonly Block[];
}

export interface LayoutDocument {
  readonly pages: readonly PageModel[];
  /** the body text's font size */
  readonly bodySize: number;
  /** the body text's font family (the most used face at body size) */
  readonly bodyFont: string;
  /** distance between the baselines of two body lines */
  readonly pitch: number;
  /** the advance of one full-width character of body text (a "character" of the rules) */
  readonly cell: number;
}

/** The six section titles of the official format (the same in both editions). */
const SECTION_TITLES = new Set(Object.values(EDITIONS).flatMap((e) => e.sections.map((s) => s.title)));

const PAGE_NUMBER = /^[—–-]?\d+[—–-]?$/u;
const DATE_LINE = /^(\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$/u;
const SECTION_HEADING = /^[一二三四五六七八九十]、\S{2,40}$/u;
const SUBHEADING = /^（[一二三四五六七八九十]+）/u;

export function fontFamily(font: string): string {
  return font.replace(/-.*$/, "").replace(/(ExtraLight|Light|Thin|Regular|Medium|SemiBold|Bold|Black)$/, "");
}

/** Reads pages of geometry as an editor would. */
export function readLayout(geometry: readonly PageGeometry[]): LayoutDocument {
  const raw = geometry.map((page) => {
    const clusters = clusterRules(page.rules);
    const inside = (g: Glyph, rules: readonly Rule[]) => {
      const mid = g.y - g.size * 0.35;
      return rules.some((r) => r.vertical) && g.x >= Math.min(...rules.map((r) => r.x0)) - 0.5 && g.x <= Math.max(...rules.map((r) => r.x1)) && mid >= Math.min(...rules.map((r) => r.y0)) && mid <= Math.max(...rules.map((r) => r.y1));
    };
    const tableGlyphs = clusters.map(() => [] as Glyph[]);
    const free: Glyph[] = [];
    for (const g of page.glyphs) {
      const i = clusters.findIndex((c) => inside(g, c));
      if (i >= 0) tableGlyphs[i]!.push(g);
      else free.push(g);
    }
    // a ruled region without text is no table: the border of a table cut by the page end, say
    const tables = clusters
      .map((c, i) => buildTable(page.number, c, tableGlyphs[i]!))
      .filter((t) => t.text.length > 0)
      .sort((a, b) => a.top - b.top);
    return { page, tables, lines: gatherLines(page.number, free) };
  });

  const allLines = raw.flatMap((p) => p.lines);
  const sizes = allLines.flatMap((l) => l.glyphs.map((g) => Math.round(g.size * 2) / 2));
  const bodySize = mode(sizes);
  const isBodySize = (l: Line) => Math.abs(l.size - bodySize) <= bodySize * 0.08;
  const bodyFont = mode(allLines.filter(isBodySize).flatMap((l) => l.glyphs.map((g) => g.font)) as never) as unknown as string;
  const bodyFamily = fontFamily(bodyFont);

  // the text block's edges: the widest body lines of pages of the same parity (margins mirror)
  const edges = [0, 1].map((parity) => {
    const lines = raw.filter((p) => p.page.number % 2 === parity).flatMap((p) => p.lines.filter((l) => isBodySize(l) && l.glyphs.length >= 8));
    return lines.length > 0 ? { left: Math.min(...lines.map((l) => l.x0)), right: Math.max(...lines.map((l) => l.x1)) } : undefined;
  });
  const fallback = edges[1] ?? edges[0] ?? { left: 0, right: geometry[0]?.width ?? 0 };

  // the pitch: the mean step between neighbouring body lines (Chromium rounds each baseline to a
  // device pixel, so single steps jitter by 0.75 pt around it)
  const steps: number[] = [];
  const advances: number[] = [];
  for (const p of raw) {
    const edge = edges[p.page.number % 2] ?? fallback;
    const body = p.lines.filter(isBodySize).sort((a, b) => a.y - b.y);
    for (let i = 1; i < body.length; i++) {
      const d = body[i]!.y - body[i - 1]!.y;
      if (d > bodySize && d < bodySize * 2.2) steps.push(d);
    }
    // the unstretched character cell: advances in lines that justification has not widened
    for (const l of body) {
      if (l.x1 >= edge.right - bodySize) continue;
      for (let i = 1; i < l.glyphs.length; i++) {
        const a = l.glyphs[i - 1]!;
        const b = l.glyphs[i]!;
        if (isFullWidth(a.text) && isFullWidth(b.text)) advances.push(Math.round((b.x - a.x) * 20) / 20);
      }
    }
  }
  const typical = median(steps);
  const onGrid = steps.filter((d) => Math.abs(d - typical) < bodySize * 0.15);
  const pitch = onGrid.length > 0 ? onGrid.reduce((a, b) => a + b, 0) / onGrid.length : bodySize * 1.75;
  const cell = mode(advances) || bodySize;

  const pages: PageModel[] = raw.map(({ page, tables, lines }) => {
    const edge = edges[page.number % 2] ?? fallback;
    const sorted = [...lines].sort((a, b) => a.y - b.y || a.x0 - b.x0);
    for (const line of sorted) {
      const text = squeeze(line.text);
      if (PAGE_NUMBER.test(text) && line === sorted[sorted.length - 1]) line.role = "pageNumber";
      else if (!isBodySize(line)) line.role = page.number === 1 && line.size > bodySize * 1.15 ? "title" : "other";
      else if (SECTION_TITLES.has(text) || (SECTION_HEADING.test(text) && fontFamily(line.glyphs[0]!.font) !== bodyFamily && !/[。；]$/u.test(text))) line.role = "heading";
      // a head on its own line (a run-in head long enough to fill its line is the start of a paragraph)
      else if (SUBHEADING.test(text) && line.glyphs.every((g) => fontFamily(g.font) !== bodyFamily) && line.x1 < edge.right - cell) line.role = "subheading";
      else line.role = "body";
    }
    // a title is only what stands above the first line of body text
    const firstBody = sorted.find((l) => l.role === "body" || l.role === "heading");
    for (const line of sorted) if (line.role === "title" && firstBody && line.y > firstBody.y) line.role = "other";
    const blocks: Block[] = [
      ...sorted.filter((l) => l.role !== "pageNumber").map((line): Block => ({ kind: "line", line, top: line.y - line.size })),
      ...tables.map((table): Block => ({ kind: "table", table, top: table.top })),
    ].sort((a, b) => a.top - b.top);
    return { number: page.number, width: page.width, height: page.height, left: edge.left, right: edge.right, lines: sorted, tables, blocks };
  });

  markClosing(pages, cell, pitch);
  return { pages, bodySize, bodyFont, pitch, cell };
}

/**
 * The closing block (落款): at the end of the document, a date line and the agency's name above it
 * (a line or a few, set off from the text above by a blank line or a page break); without a date, a
 * last short line set off the same way.
 */
function markClosing(pages: readonly PageModel[], cell: number, pitch: number): void {
  const lines = pages.flatMap((p) => p.blocks.flatMap((b) => (b.kind === "line" ? [b.line] : [])));
  const blocks = pages.flatMap((p) => p.blocks);
  const last = blocks[blocks.length - 1];
  if (!last || last.kind !== "line" || last.line.role !== "body") return;
  const end = lines.length - 1;
  const page = (l: Line) => pages[l.page - 1]!;
  const full = (l: Line) => l.x1 >= page(l).right - cell * 0.5;
  /** a line set off from the one above it: first on its page, or a blank line between */
  const setOff = (i: number) => {
    const above = lines[i - 1];
    return !above || above.page !== lines[i]!.page || lines[i]!.y - above.y > pitch * 1.5;
  };
  const date = DATE_LINE.test(squeeze(last.line.text)) && last.line.x0 > page(last.line).left + cell * 2.5 ? last.line : undefined;
  const nameEnd = date ? end - 1 : end;
  for (let first = nameEnd; first >= Math.max(0, nameEnd - 3); first--) {
    const name = lines.slice(first, nameEnd + 1);
    const fits = name.every((l, k) => l.role === "body" && !full(l) && l.page === name[0]!.page && (k === 0 || Math.abs(l.y - name[k - 1]!.y - pitch) < pitch * 0.3));
    if (!fits) break;
    const together = !date || (date.page === name[name.length - 1]!.page ? Math.abs(date.y - name[name.length - 1]!.y - pitch) < pitch * 0.3 : true);
    if (setOff(first) && together && (date || name[0]!.x0 > page(name[0]!).left + cell * 4)) {
      for (const l of name) l.role = "closing";
      if (date) date.role = "closing";
      return;
    }
  }
}
