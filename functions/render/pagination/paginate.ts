/**
 * Where the pages of a report break, decided as an editor would (spec D.2), from the laid-out flow:
 *   - no heading ends a page: it goes with its table or at least two lines of its text;
 *   - a paragraph leaves at least two lines on each side of a break (no orphan, no widow);
 *   - tables 二 and 四 are never broken, table 三 moves whole to the next page — and when it is
 *     taller than a page it breaks between groups, with at least five rows on each side;
 *   - the closing block carries the last two lines of text with it.
 * Chromium's print layout honours break-inside/break-after but not orphans and widows, and it cannot
 * look ahead across blocks; so the pass simulates both its own pagination and Chromium's, and forces a
 * page break wherever they differ (the only places Chromium needs telling).
 */
import type { FlowBlock } from "./measure.js";

/** One unbreakable piece of the flow: a line of text, a table (or part of one), the closing block. */
interface Piece {
  readonly block: number;
  /** the line within its block, for lines of text */
  readonly line?: number;
  readonly top: number;
  readonly bottom: number;
  /** the second part of a split table: it starts a page */
  readonly forced?: boolean;
}

export type PageFix =
  | { readonly kind: "breakBefore"; readonly block: number }
  /** the paragraph breaks before its line `line` (0-based) */
  | { readonly kind: "splitParagraph"; readonly block: number; readonly line: number }
  | { readonly kind: "splitTable"; readonly block: number; readonly table: string; readonly beforeRow: number };

export interface PaginationOptions {
  /** height of a page's text block, in CSS pixels */
  readonly pageHeight: number;
  /** rows of table 三 before which it may break (group boundaries), by table name */
  readonly tableBreaks?: Readonly<Record<string, readonly number[]>>;
}

/** The fewest data rows table 三 leaves on either side of a break. */
export const MIN_TABLE_ROWS = 5;
/** Layout rounds; a piece that overshoots the page by less than this still fits. */
const FIT_TOLERANCE = 0.5;

function pieces(blocks: readonly FlowBlock[], options: PaginationOptions, fixes: PageFix[]): Piece[] {
  const out: Piece[] = [];
  blocks.forEach((block, index) => {
    const lines = block.lines;
    const lineBlock = block.kind === "paragraph" || block.kind === "heading" || block.kind === "subheading" || block.kind === "title";
    if (block.kind === "table" && block.bottom - block.top > options.pageHeight + FIT_TOLERANCE) {
      // taller than a page: two parts, the first after its heading on a page of its own
      const heading = out.length > 0 && isHeading(blocks[out[out.length - 1]!.block]!) ? out[out.length - 1]! : undefined;
      const room = options.pageHeight - (heading ? block.top - heading.top : 0);
      const at = tableSplit(block, options.tableBreaks?.[block.table ?? ""] ?? [], room, options.pageHeight);
      if (at !== undefined) {
        const rows = block.rows!;
        fixes.push({ kind: "splitTable", block: index, table: block.table ?? "", beforeRow: at });
        const cut = rows[at - 1]!.bottom;
        out.push({ block: index, top: block.top, bottom: cut });
        out.push({ block: index, top: cut, bottom: cut + (rows[0]!.top - block.top) + (block.bottom - rows[at]!.top), forced: true });
        return;
      }
    }
    if (!lineBlock || lines < 2) {
      out.push({ block: index, top: block.top, bottom: block.bottom });
      return;
    }
    const height = (block.bottom - block.top) / lines;
    for (let line = 0; line < lines; line++) out.push({ block: index, line, top: block.top + line * height, bottom: block.top + (line + 1) * height });
  });
  return out;
}

const isHeading = (b: FlowBlock) => b.kind === "heading" || b.kind === "subheading";
const isText = (b: FlowBlock) => b.kind === "paragraph" || isHeading(b);

/** Whether a page break between pieces a and a+1 is to be avoided (the editor's rules). */
function editorKeeps(blocks: readonly FlowBlock[], all: readonly Piece[]): boolean[] {
  const keep = all.map(() => false);
  for (let a = 0; a + 1 < all.length; a++) {
    const p = all[a]!;
    const q = all[a + 1]!;
    const pb = blocks[p.block]!;
    const qb = blocks[q.block]!;
    if (p.block === q.block) {
      const lines = pb.lines;
      // a title or heading never breaks; a paragraph keeps two lines on each side
      if (pb.kind !== "paragraph" || q.line === 1 || q.line === lines - 1) keep[a] = true;
    }
    if (isHeading(pb) && p.block !== q.block) {
      keep[a] = true;
      // two lines of text: a one-line paragraph after the heading brings the next line along
      if (qb.kind === "paragraph" && qb.lines === 1 && all[a + 2] && blocks[all[a + 2]!.block]!.kind === "paragraph") keep[a + 1] = true;
    }
    if (qb.kind === "closing") {
      keep[a] = true;
      // the closing carries two lines of text
      if (isText(pb) && a > 0 && isText(blocks[all[a - 1]!.block]!)) keep[a - 1] = true;
    }
  }
  return keep;
}

/** Chromium's own: break-after: avoid on headings, break-before: avoid on the closing block. */
function chromiumKeeps(blocks: readonly FlowBlock[], all: readonly Piece[]): boolean[] {
  return all.map((p, a) => {
    const q = all[a + 1];
    if (!q) return false;
    const pb = blocks[p.block]!;
    return (isHeading(pb) && (p.block !== q.block || pb.kind === "heading")) || blocks[q.block]!.kind === "closing" || (pb.kind === "title" && p.block === q.block);
  });
}

/** The first piece of the page after the one that starts at `start`, under the given keeps. */
function nextPage(all: readonly Piece[], start: number, keep: readonly boolean[], pageHeight: number): number {
  let used = 0;
  for (let i = start; i < all.length; i++) {
    const piece = all[i]!;
    if (i > start && piece.forced) return i;
    const gap = i === start ? 0 : Math.max(0, piece.top - all[i - 1]!.bottom);
    if (i === start || used + gap + (piece.bottom - piece.top) <= pageHeight + FIT_TOLERANCE) {
      used += gap + (piece.bottom - piece.top);
      continue;
    }
    // step back over pieces that must stay together; if the whole page is one such run, break here
    let b = i;
    while (b > start + 1 && keep[b - 1]) b--;
    return keep[b - 1] ? i : b;
  }
  return all.length;
}

/**
 * The row (of table 三's body) before which a table taller than a page breaks: a group boundary with
 * at least five rows on each side, the first part filling `room`, the second (under a repeated
 * header) fitting a page. Undefined when there is none.
 */
function tableSplit(block: FlowBlock, allowed: readonly number[], room: number, pageHeight: number): number | undefined {
  const rows = block.rows ?? [];
  if (rows.length === 0) return undefined;
  const head = rows[0]!.top - block.top;
  let best: number | undefined;
  for (const k of allowed) {
    if (k < MIN_TABLE_ROWS || rows.length - k < MIN_TABLE_ROWS) continue;
    const first = rows[k - 1]!.bottom - block.top;
    const second = head + block.bottom - rows[k]!.top;
    if (first <= room + FIT_TOLERANCE && second <= pageHeight + FIT_TOLERANCE && (best === undefined || k > best)) best = k;
  }
  return best;
}

export function paginate(blocks: readonly FlowBlock[], options: PaginationOptions): PageFix[] {
  const fixes: PageFix[] = [];
  const all = pieces(blocks, options, fixes);
  const mine = editorKeeps(blocks, all);
  const chromium = chromiumKeeps(blocks, all);
  const { pageHeight } = options;
  let start = 0;
  while (start < all.length) {
    const natural = nextPage(all, start, chromium, pageHeight);
    const wanted = nextPage(all, start, mine, pageHeight);
    if (wanted < all.length && wanted !== natural && !all[wanted]!.forced) {
      const first = all[wanted]!;
      if (first.line !== undefined && first.line > 0) {
        fixes.push({ kind: "splitParagraph", block: first.block, line: first.line });
      } else {
        fixes.push({ kind: "breakBefore", block: first.block });
      }
    }
    start = wanted;
  }
  return fixes;
}
