/**
 * Text from positioned glyph runs: runs on one baseline form a line, lines form paragraphs the way a
 * reader sees them — a paragraph starts where a line is indented, follows a short line, changes size,
 * stands centred (a title) or to the right (the closing block) — across page breaks too.
 */
import { paragraph, type Paragraph } from "../document.js";
import { readDate, sectionHeadingIndex } from "../recognise/outline.js";
import { cleanText, isCjk } from "../text.js";

export interface Run {
  readonly text: string;
  readonly x: number;
  /** baseline, PDF space (y grows upwards) */
  readonly y: number;
  readonly width: number;
  readonly size: number;
  /** the font's name without its subset tag: a change of family sets a run-in heading apart */
  readonly family: string;
  /** set in a vertical writing mode (a label down a merged cell) */
  readonly vertical: boolean;
}

export interface Line {
  readonly runs: readonly Run[];
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly size: number;
}

/** Joins runs left to right; a gap wider than a space's worth becomes one space. */
export function runsText(runs: readonly Run[]): string {
  let out = "";
  let end = -Infinity;
  for (const run of [...runs].sort((p, q) => p.x - q.x)) {
    const gap = run.x - end;
    const last = out[out.length - 1];
    const first = run.text[0];
    if (out !== "" && last !== " " && first !== " ") {
      // Chinese takes no spaces: a gap beside a Chinese character is justification or the
      // quarter-em WPS and Word put between Chinese and Latin, never a typed space
      const threshold = isCjk(last) || isCjk(first) ? Infinity : 0.18;
      if (gap > run.size * threshold) out += " ";
    }
    out += run.text;
    end = Math.max(end, run.x + run.width);
  }
  return out;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Groups runs into lines by baseline, top to bottom. */
export function groupLines(runs: readonly Run[]): Line[] {
  const sorted = runs.filter((r) => !r.vertical).sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: Run[][] = [];
  for (const run of sorted) {
    const line = groups.find((g) => Math.abs(g[0]!.y - run.y) <= Math.max(g[0]!.size, run.size) * 0.35);
    if (line) line.push(run);
    else groups.push([run]);
  }
  return groups
    .map((g): Line => {
      const ordered = g.sort((p, q) => p.x - q.x);
      return {
        runs: ordered,
        text: runsText(ordered),
        x0: ordered[0]!.x,
        x1: Math.max(...ordered.map((r) => r.x + r.width)),
        y: median(ordered.map((r) => r.y)),
        size: median(ordered.map((r) => r.size)),
      };
    })
    .filter((l) => l.text.trim() !== "")
    .sort((p, q) => q.y - p.y);
}

/** A cell's text: its lines top to bottom (a vertical label read down its column). */
export function cellText(runs: readonly Run[]): string {
  const vertical = runs.filter((r) => r.vertical).sort((p, q) => p.x - q.x || q.y - p.y);
  const lines = groupLines(runs).map((l) => l.text);
  return cleanText([...lines, vertical.map((r) => r.text).join("")].join("\n"));
}

/** The left and right edges of the text block: where most lines start, and where full lines end. */
export interface Measure {
  readonly left: number;
  readonly right: number;
  readonly size: number;
}

function mode(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v), (counts.get(Math.round(v)) ?? 0) + 1);
  let best: [number, number] | undefined;
  for (const [v, n] of counts) if (!best || n > best[1] || (n === best[1] && v < best[0])) best = [v, n];
  return best?.[0];
}

export function measure(lines: readonly Line[], bodySize: number): Measure {
  const body = lines.filter((l) => Math.abs(l.size - bodySize) <= bodySize * 0.15);
  const sample = body.length >= 3 ? body : lines;
  const starts = sample.map((l) => l.x0);
  const minStart = Math.min(...starts);
  // lines that start at the margin: the smallest start that more than one line shares
  const left = starts.filter((x) => x - minStart < bodySize * 0.5).length >= 2 ? minStart : (mode(starts) ?? minStart);
  const right = Math.max(...sample.map((l) => l.x1));
  return { left, right, size: bodySize };
}

type Alignment = NonNullable<Paragraph["align"]>;

function alignment(line: Line, m: Measure): Alignment | undefined {
  const width = m.right - m.left;
  // a title set larger than the text, wrapped over the whole measure, is still a centred line
  if (line.size > m.size * 1.2 && line.x1 - line.x0 > width * 0.8) return "center";
  const indentLeft = line.x0 - m.left;
  const indentRight = m.right - line.x1;
  if (indentLeft > line.size * 2 && indentRight > line.size * 1.5 && Math.abs(indentLeft - indentRight) < line.size * 1.5) return "center";
  // the closing block: set to the right, a long name wrapped over a line that starts further left
  if (indentRight < width * 0.3 && (indentLeft > width * 0.4 || (indentLeft > line.size * 3 && indentRight > line.size * 0.5))) return "right";
  return undefined;
}

/** The leading runs set in another family than the paragraph's own text (a run-in sub-heading). */
function leadOf(lines: readonly Line[]): string | undefined {
  const runs = lines.flatMap((l) => l.runs);
  const weight = new Map<string, number>();
  for (const r of runs) weight.set(r.family, (weight.get(r.family) ?? 0) + r.text.length);
  const body = [...weight.entries()].sort((p, q) => q[1] - p[1])[0]?.[0];
  if (!body || runs[0]?.family === body) return undefined;
  const lead: Line[] = [];
  for (const line of lines) {
    const own = line.runs.findIndex((r) => r.family === body);
    if (own < 0) {
      lead.push(line);
      continue;
    }
    if (own > 0) lead.push({ ...line, runs: line.runs.slice(0, own), text: runsText(line.runs.slice(0, own)) });
    break;
  }
  return joinParagraphLines(lead.map((l) => l.text));
}

/** A wrapped paragraph's lines as one text: Chinese and broken-off Latin runs (URLs, numbers) run on. */
export function joinParagraphLines(lines: readonly string[]): string {
  let out = "";
  for (const line of lines) out += out === "" ? line.trimStart() : line.replace(/^ +/, "");
  return cleanText(out);
}

export type FlowItem = { readonly kind: "line"; readonly line: Line; readonly measure: Measure } | { readonly kind: "break" };

/** Lines (and the tables between them, as breaks) → paragraphs. */
export function paragraphs(flow: readonly FlowItem[]): Paragraph[] {
  const out: Paragraph[] = [];
  /** the last line of each paragraph in `out` */
  const lastLines: Line[] = [];
  /** the shape of each paragraph in `out`: its first line, how many lines, the measure it was set in */
  const shapes: ParagraphShape[] = [];
  let current: Line[] = [];
  let currentAlign: Alignment | undefined;
  let currentMeasure: Measure | undefined;
  let previous: { line: Line; measure: Measure } | undefined;
  const close = () => {
    if (current.length) {
      const lead = leadOf(current);
      const text = joinParagraphLines(current.map((l) => l.text));
      if (text) {
        lastLines.push(current[current.length - 1]!);
        shapes.push({ first: current[0]!, lines: current.length, measure: currentMeasure! });
      }
      if (text) out.push(paragraph(text, { ...(currentAlign ? { align: currentAlign } : {}), ...(lead && text.startsWith(lead) && lead.length < text.length ? { lead } : {}) }));
    }
    current = [];
    currentAlign = undefined;
  };
  for (const item of flow) {
    if (item.kind === "break") {
      close();
      previous = undefined;
      continue;
    }
    const { line, measure: m } = item;
    const align = alignment(line, m);
    let starts = current.length === 0 || align !== undefined || currentAlign !== undefined;
    if (!starts && previous) {
      const p = previous.line;
      const indented = line.x0 - m.left >= line.size * 1.2;
      // a line that stops short ends its paragraph — unless it stopped mid-sentence (a long URL that
      // could not be broken leaves a line short, even one character long) and the next is not indented
      const ended = /[。！？；：…”’」』）)】]$/.test(p.text.trimEnd());
      const shortBefore = previous.measure.right - p.x1 > p.size * 1.5 && ended;
      const resized = Math.abs(line.size - p.size) > p.size * 0.15;
      const samePage = previous.measure === m;
      const gap = samePage && p.y - line.y > Math.max(p.size, line.size) * 2.2;
      // a section heading is a paragraph of its own, whatever the geometry around it
      const heading = sectionHeadingIndex(p.text) >= 0 || sectionHeadingIndex(line.text) >= 0;
      starts = indented || shortBefore || resized || gap || heading;
    }
    if (starts) close();
    if (current.length === 0) currentMeasure = m;
    current.push(line);
    if (align) currentAlign = align;
    previous = { line, measure: m };
  }
  close();
  return closingBlock(widenClosing(out, lastLines), shapes);
}

interface ParagraphShape {
  readonly first: Line;
  readonly lines: number;
  readonly measure: Measure;
}

/** A line that may stand in a closing block: the agency's name (or a line of it), or the date. */
function closingLine(p: Paragraph, shape: ParagraphShape): boolean {
  const { first, measure: m } = shape;
  return (
    shape.lines === 1 &&
    Math.abs(first.size - m.size) <= m.size * 0.15 &&
    first.x0 - m.left > first.size * 3 &&
    p.text.length <= 40 &&
    (readDate(p.text) !== undefined || !/[。，；：:！？、,;]/.test(p.text))
  );
}

/**
 * The closing block as GB/T 9704 sets it (and Nianbao prints it): a box set against the right
 * indent, its lines starting at one left edge — a long name over two or three lines — and the date
 * two characters further right. Only the block's widest line ends at the right indent, so line by
 * line its lines read as set left, centred or right; together, lines of body size that start well
 * inside the measure at one left edge (or the date two characters right of it), are one closing
 * block, set to the right.
 */
function closingBlock(paragraphs: Paragraph[], shapes: readonly ParagraphShape[]): Paragraph[] {
  const aligned = (a: Line, b: Line, date: boolean) => {
    const offset = b.x0 - a.x0;
    return Math.abs(offset) < a.size * 0.5 || (date && Math.abs(offset - 2 * a.size) < a.size * 0.6);
  };
  let end = paragraphs.length;
  while (end > 0) {
    let start = end - 1;
    if (!closingLine(paragraphs[start]!, shapes[start]!)) {
      end = start;
      continue;
    }
    while (start > 0 && closingLine(paragraphs[start - 1]!, shapes[start - 1]!)) {
      const date = readDate(paragraphs[start]!.text) !== undefined;
      if (!aligned(shapes[start - 1]!.first, shapes[start]!.first, date)) break;
      start--;
    }
    if (end - start >= 2 && end - start <= 4) {
      for (let i = start; i < end; i++) paragraphs[i] = { ...paragraphs[i]!, align: "right" };
    }
    end = start;
  }
  return paragraphs;
}

/**
 * A name too long for one line wraps in the closing block: its first line starts further left than
 * a right-set line would, but ends where the name's last line ends. Such a line, standing alone
 * without punctuation just above a right-set line, belongs to the closing block too.
 */
function widenClosing(paragraphs: Paragraph[], lastLines: readonly Line[]): Paragraph[] {
  for (let i = paragraphs.length - 1; i > 0; i--) {
    const p = paragraphs[i]!;
    const above = paragraphs[i - 1]!;
    if (p.align !== "right" || above.align !== undefined) continue;
    const line = lastLines[i]!;
    const aboveLine = lastLines[i - 1]!;
    if (aboveLine.text === above.text && !/[。，；：！？、]/.test(above.text) && Math.abs(aboveLine.x1 - line.x1) < line.size) {
      paragraphs[i - 1] = { ...above, align: "right" };
    }
  }
  return paragraphs;
}
