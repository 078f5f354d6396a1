/**
 * A page's drawing (pdf-content.ts) as OFD page objects: one TextObject per line segment and font,
 * one PathObject per painted path, in the PDF's drawing order.
 *
 * Lines are glyphs on one baseline; a line is cut into segments where the text stops — a gap wider
 * than the type, or a vertical table rule between two glyphs — so that the cells of a table row stay
 * separate objects (GB/T 42133 §6.6a: one TextObject per line where the font is the same).
 */
import type { EmbeddedFont } from "./embedded-font.js";
import { OfdConversionError } from "./errors.js";
import type { FillStyle, PaintedPath, PdfPageContent, PlacedGlyph, Rgb, StrokeStyle } from "./pdf-content.js";

/** x, y, width, height in mm */
export type Box = readonly [number, number, number, number];

export interface GlyphSubstitution {
  /** index of the first character (code point) of the cluster in its TextCode */
  readonly codePosition: number;
  readonly codeCount: number;
  readonly glyphs: readonly number[];
}

export interface TextCodeModel {
  /** the first glyph's origin, relative to the object's boundary */
  readonly x: number;
  readonly y: number;
  readonly text: string;
  /** one offset per character after the first, mm */
  readonly deltaX: readonly number[];
  /** glyphs the cmap would not find for their characters (ligatures, alternates) */
  readonly substitutions: readonly GlyphSubstitution[];
}

export interface TextObjectModel {
  readonly kind: "text";
  /** the font's number (pdf-content.ts) */
  readonly font: number;
  readonly size: number;
  readonly weight: number;
  readonly italic: boolean;
  readonly hScale: number;
  readonly fill: Rgb;
  readonly alpha: number;
  readonly boundary: Box;
  readonly codes: readonly TextCodeModel[];
}

export interface PathObjectModel {
  readonly kind: "path";
  readonly boundary: Box;
  /** OFD abbreviated path data, relative to the boundary */
  readonly data: string;
  readonly fill?: FillStyle;
  readonly stroke?: StrokeStyle;
}

export type PageObjectModel = TextObjectModel | PathObjectModel;

export interface PageStats {
  readonly textObjects: number;
  readonly lines: number;
  readonly glyphs: number;
  readonly pathObjects: number;
  readonly substitutions: number;
}

/** Micrometres: positions are rounded once, so that offsets between rounded positions never drift. */
const um = (mm: number) => Math.round(mm * 1000);

/** Texts of micrometre counts: a report's rules and advances repeat a few thousand values tens of thousands of times. */
const MM_TEXTS = new Map<number, string>();

/** A number as OFD writes it: millimetres to the micrometre, no trailing zeros. */
export function mm(value: number): string {
  const micrometres = Math.round(value * 1000);
  let text = MM_TEXTS.get(micrometres);
  if (text === undefined) {
    const rounded = micrometres / 1000;
    text = Object.is(rounded, -0) ? "0" : String(rounded);
    if (MM_TEXTS.size >= 1 << 16) MM_TEXTS.clear();
    MM_TEXTS.set(micrometres, text);
  }
  return text;
}

const BASELINE_TOLERANCE = 0.05;

interface VerticalRule {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

function boundsOf(path: PaintedPath): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const s of path.segments) {
    if (s.op === "C") continue;
    x0 = Math.min(x0, s.x);
    y0 = Math.min(y0, s.y);
    x1 = Math.max(x1, s.x);
    y1 = Math.max(y1, s.y);
    // the control points' hull contains the curve
    if (s.op === "B") {
      x0 = Math.min(x0, s.x1, s.x2);
      y0 = Math.min(y0, s.y1, s.y2);
      x1 = Math.max(x1, s.x1, s.x2);
      y1 = Math.max(y1, s.y1, s.y2);
    }
  }
  return [x0, y0, x1, y1];
}

function verticalRules(paths: readonly PaintedPath[]): VerticalRule[] {
  const rules: VerticalRule[] = [];
  for (const path of paths) {
    const [x0, y0, x1, y1] = boundsOf(path);
    const half = (path.stroke?.width ?? 0) / 2;
    if (x1 - x0 <= 1 && y1 - y0 >= 2) rules.push({ x0: x0 - half, x1: x1 + half, y0, y1 });
  }
  return rules;
}

function pathObject(path: PaintedPath): PathObjectModel | undefined {
  let [x0, y0, x1, y1] = boundsOf(path);
  if (!Number.isFinite(x0)) return undefined;
  if (!path.stroke && (x1 - x0 < 1e-4 || y1 - y0 < 1e-4)) return undefined; // a fill with no area draws nothing
  const half = (path.stroke?.width ?? 0) / 2;
  // the boundary is where a reader may clip: it must hold the stroke too, and have an area
  x0 -= half;
  y0 -= half;
  x1 = Math.max(x1 + half, x0 + 0.001);
  y1 = Math.max(y1 + half, y0 + 0.001);
  const bx = um(x0) / 1000;
  const by = um(y0) / 1000;
  let data = "";
  for (const s of path.segments) {
    if (data.length > 0) data += " ";
    if (s.op === "C") data += "C";
    else if (s.op === "B") data += `B ${mm(s.x1 - bx)} ${mm(s.y1 - by)} ${mm(s.x2 - bx)} ${mm(s.y2 - by)} ${mm(s.x - bx)} ${mm(s.y - by)}`;
    else data += `${s.op} ${mm(s.x - bx)} ${mm(s.y - by)}`;
  }
  return {
    kind: "path",
    boundary: [bx, by, Math.ceil((x1 - bx) * 1000) / 1000, Math.ceil((y1 - by) * 1000) / 1000],
    data,
    ...(path.fill ? { fill: path.fill } : {}),
    ...(path.stroke ? { stroke: path.stroke } : {}),
  };
}

interface Indexed {
  readonly glyph: PlacedGlyph;
  readonly index: number;
}

/** Glyphs on one baseline, cut where the text stops. */
function segmentsOf(line: Indexed[], rules: readonly VerticalRule[]): Indexed[][] {
  line.sort((a, b) => a.glyph.x - b.glyph.x);
  // only the rules that reach the line's baselines can cut it
  let top = Infinity;
  let bottom = -Infinity;
  for (const { glyph } of line) {
    top = Math.min(top, glyph.y);
    bottom = Math.max(bottom, glyph.y);
  }
  const crossing = rules.filter((r) => r.y0 <= bottom && r.y1 >= top);
  const segments: Indexed[][] = [];
  let current: Indexed[] = [];
  for (const item of line) {
    const previous = current[current.length - 1]?.glyph;
    if (previous) {
      const gapStart = previous.x + previous.advance;
      const x = item.glyph.x;
      const gap = x - gapStart;
      const y = item.glyph.y;
      let ruled = false;
      if (gap > 0) for (const r of crossing) if (r.x1 > gapStart && r.x0 < x && r.y0 <= y && r.y1 >= y) ruled = true;
      if (ruled || gap > Math.max(previous.size, item.glyph.size)) {
        segments.push(current);
        current = [];
      }
    }
    current.push(item);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** A colour as text, by the colour's array: the glyphs drawn in one fill share it. */
const fillKeys = new WeakMap<Rgb, string>();

function styleKey(g: PlacedGlyph): string {
  let fill = fillKeys.get(g.fill);
  if (fill === undefined) {
    fill = g.fill.join(",");
    fillKeys.set(g.fill, fill);
  }
  return `${g.font}|${um(g.size)}|${Math.round(g.hScale * 1000)}|${fill}|${Math.round(g.alpha * 255)}`;
}

const ASTRAL = 0xffff;

export class PageObjectBuilder {
  substitutions = 0;

  constructor(
    /** font number → its font */
    private readonly fonts: ReadonlyMap<number, { readonly number: number; readonly font: EmbeddedFont }>,
  ) {}

  build(page: PdfPageContent, pageNumber: number): { objects: PageObjectModel[]; stats: PageStats } {
    const glyphs: Indexed[] = [];
    const paths: { path: PaintedPath; index: number }[] = [];
    page.items.forEach((item, index) => (item.kind === "glyph" ? glyphs.push({ glyph: item, index }) : paths.push({ path: item, index })));
    const rules = verticalRules(paths.map((p) => p.path));

    // lines: glyphs whose baselines agree
    glyphs.sort((a, b) => a.glyph.y - b.glyph.y || a.index - b.index);
    const lines: Indexed[][] = [];
    for (const item of glyphs) {
      const line = lines[lines.length - 1];
      if (line && Math.abs(line[0]!.glyph.y - item.glyph.y) <= BASELINE_TOLERANCE) line.push(item);
      else lines.push([item]);
    }

    const placed: { object: PageObjectModel; index: number }[] = [];
    const before = this.substitutions;
    let textObjects = 0;
    for (const line of lines) {
      for (const segment of segmentsOf(line, rules)) {
        const groups = new Map<string, Indexed[]>();
        for (const item of segment) {
          const key = styleKey(item.glyph);
          const group = groups.get(key);
          if (group) group.push(item);
          else groups.set(key, [item]);
        }
        for (const group of groups.values()) {
          const object = this.textObject(group.map((g) => g.glyph), pageNumber);
          if (!object) continue;
          textObjects++;
          placed.push({ object, index: Math.min(...group.map((g) => g.index)) });
        }
      }
    }
    for (const { path, index } of paths) {
      const object = pathObject(path);
      if (object) placed.push({ object, index });
    }
    placed.sort((a, b) => a.index - b.index);
    return {
      objects: placed.map((p) => p.object),
      stats: {
        textObjects,
        lines: lines.length,
        glyphs: glyphs.length,
        pathObjects: placed.length - textObjects,
        substitutions: this.substitutions - before,
      },
    };
  }

  /** One style's glyphs of a segment, in x order, as a TextObject; undefined when only spaces. */
  private textObject(run: PlacedGlyph[], pageNumber: number): TextObjectModel | undefined {
    let start = 0;
    let end = run.length;
    // a TextCode never starts or ends with a space: XML readers trim it, which moves the whole run
    while (start < end && run[start]!.isSpace) start++;
    while (end > start && run[end - 1]!.isSpace) end--;
    if (start === end) return undefined;
    const glyphs = run.slice(start, end);
    const first = glyphs[0]!;
    const entry = this.fonts.get(first.font);
    if (!entry) throw new OfdConversionError("pdf-structure", `page ${pageNumber}: no embedded program for font ${first.font}`);
    const { font } = entry;
    const scaleX = first.size * first.hScale;

    // the boundary: every glyph's ink box, and the font's ascent and descent
    let x0 = Infinity;
    let x1 = -Infinity;
    let top = font.ascent;
    let bottom = font.descent;
    const glyphIds: number[] = [];
    for (const g of glyphs) {
      const gid = font.glyphIdOf(g.code);
      if (gid >= font.glyphCount) {
        throw new OfdConversionError("glyph-mapping", `page ${pageNumber}: "${g.text}" is drawn with glyph ${gid}, which the embedded font ${font.baseFont} does not have`);
      }
      glyphIds.push(gid);
      const [bx0, by0, bx1, by1] = font.glyphBox(gid);
      x0 = Math.min(x0, g.x + Math.min(0, bx0) * scaleX);
      x1 = Math.max(x1, g.x + Math.max(g.advance, bx1 * scaleX));
      top = Math.max(top, by1);
      bottom = Math.max(bottom, -by0);
    }
    const baseline = first.y;
    const bx = Math.floor(x0 * 1000) / 1000;
    const by = Math.floor((baseline - top * first.size) * 1000) / 1000;
    const boundary: Box = [bx, by, Math.ceil((x1 - bx) * 1000) / 1000, Math.ceil((baseline + bottom * first.size - by) * 1000) / 1000];

    // TextCodes: one per run of the segment, split around characters outside the BMP, which some
    // readers (ofd.js among them) count as two and would misplace the rest of the run by
    const codes: TextCodeModel[] = [];
    let text = "";
    let chars = 0;
    let deltaX: number[] = [];
    let substitutions: GlyphSubstitution[] = [];
    let codeX = 0;
    let lastX = 0;
    const flush = () => {
      if (text.length === 0) return;
      codes.push({ x: (codeX - um(bx)) / 1000, y: (um(baseline) - um(by)) / 1000, text, deltaX, substitutions });
      text = "";
      chars = 0;
      deltaX = [];
      substitutions = [];
    };
    glyphs.forEach((g, i) => {
      const codePoints = [...g.text];
      if (codePoints.length === 0 || g.text === "\0") {
        throw new OfdConversionError("glyph-mapping", `page ${pageNumber}: glyph ${glyphIds[i]} of ${font.baseFont} has no Unicode text in the PDF`);
      }
      const astral = codePoints.some((c) => c.codePointAt(0)! > ASTRAL);
      if (astral) flush();
      if (text.length === 0 && g.isSpace) return; // a run split here does not start with a space
      const x = um(g.x);
      if (text.length === 0) codeX = x;
      else deltaX.push((x - lastX) / 1000);
      lastX = x;
      // A ligature's characters share its advance: a reader that follows the CGTransform draws the
      // one glyph at the first; one that ignores it (ofd.js) draws each letter in its share of the width
      const share = Math.round(um(g.advance) / codePoints.length);
      for (let k = 1; k < codePoints.length; k++) {
        deltaX.push(share / 1000);
        lastX += share;
      }
      if (!g.isSpace) {
        const gid = glyphIds[i]!;
        if (codePoints.length !== 1 || font.glyphForCodePoint(codePoints[0]!.codePointAt(0)!) !== gid) {
          substitutions.push({ codePosition: chars, codeCount: codePoints.length, glyphs: [gid] });
          this.substitutions++;
        }
      }
      text += g.text;
      chars += codePoints.length;
      if (astral) flush();
    });
    flush();
    // a split can leave a trailing space at the end of a TextCode
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      const trimmed = code.text.replace(/\s+$/u, "");
      if (trimmed.length !== code.text.length) {
        const kept = [...trimmed].length;
        codes[i] = { ...code, text: trimmed, deltaX: code.deltaX.slice(0, Math.max(0, kept - 1)) };
      }
    }
    return {
      kind: "text",
      font: entry.number,
      size: first.size,
      weight: font.weight,
      italic: font.italic,
      hScale: first.hScale,
      fill: first.fill,
      alpha: first.alpha,
      boundary,
      codes: codes.filter((c) => c.text.length > 0),
    };
  }
}
