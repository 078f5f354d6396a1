/**
 * What a PDF page draws, in OFD's terms: glyphs with their origins and fonts, and painted paths, in
 * millimetres from the page's top-left corner, in drawing order.
 *
 * Clipping: Chromium clips each page to its content box, and a table's outer rule can sit half
 * outside it. Rectangular clips are applied to filled rectangles (the rules) geometrically, so the
 * OFD shows what the PDF shows; other clips are not carried over.
 *
 * It walks pdf.js's operator list with a small graphics-state machine (CTM stack, text matrices,
 * colours, alpha). Chromium's PDFs are regular (q cm BT Tf Tm Td Tj ET re f W n), but the machine
 * follows the PDF rules in general and refuses what it does not translate, by name.
 */
import { OfdConversionError } from "./errors.js";
import { loadPdfJs, type PdfJsDocument, type PdfJsFont, type PdfJsGlyph, type PdfJsPage } from "./pdfjs.js";

/** 0–255 per channel */
export type Rgb = readonly [number, number, number];

export interface PlacedGlyph {
  readonly kind: "glyph";
  /** pdf.js's name of the font (its load order in the document) */
  readonly font: string;
  /** the Unicode text of the glyph (one character, or more for a ligature) */
  readonly text: string;
  /** the character code in the PDF (the CID for Chromium's Identity-H fonts) */
  readonly code: number;
  readonly isSpace: boolean;
  /** the origin on the baseline, mm from the top-left corner */
  readonly x: number;
  readonly y: number;
  /** the em size, mm */
  readonly size: number;
  /** horizontal scale of the glyphs (1 unless the text is condensed or expanded) */
  readonly hScale: number;
  /** how far the next glyph moves along x, mm */
  readonly advance: number;
  readonly fill: Rgb;
  /** 0–1 */
  readonly alpha: number;
}

export type PathSegment =
  | { readonly op: "M" | "L"; readonly x: number; readonly y: number }
  | { readonly op: "B"; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly x: number; readonly y: number }
  | { readonly op: "C" };

export interface StrokeStyle {
  readonly color: Rgb;
  readonly alpha: number;
  /** mm */
  readonly width: number;
  readonly cap: "Butt" | "Round" | "Square";
  readonly join: "Miter" | "Round" | "Bevel";
  readonly miterLimit: number;
  /** mm; absent for solid lines */
  readonly dash?: { readonly pattern: readonly number[]; readonly offset: number };
}

export interface PaintedPath {
  readonly kind: "path";
  /** in mm, page space */
  readonly segments: readonly PathSegment[];
  readonly fill?: { readonly color: Rgb; readonly alpha: number; readonly evenOdd: boolean };
  readonly stroke?: StrokeStyle;
}

export type PageItem = PlacedGlyph | PaintedPath;

export interface PdfPageContent {
  /** the page's size in mm (Chromium's A4 is 209.9 × 297.0) */
  readonly width: number;
  readonly height: number;
  readonly items: readonly PageItem[];
}

export interface OutlineEntry {
  readonly title: string;
  /** 0-based page index; absent when the bookmark points nowhere */
  readonly pageIndex?: number;
  /** mm from the page's top-left corner, when the destination names a position */
  readonly left?: number;
  readonly top?: number;
  readonly children: readonly OutlineEntry[];
}

export interface PdfFontFacts {
  /** pdf.js's name of the font */
  readonly loadedName: string;
  /** BaseFont, e.g. "AAAAAA+NotoSerifSC-Regular" */
  readonly baseFont: string;
  readonly composite: boolean;
}

export interface PdfContent {
  readonly pages: readonly PdfPageContent[];
  readonly outline: readonly OutlineEntry[];
  /** every font a glyph was drawn with, in pdf.js's load order (f1, f2, …) */
  readonly fonts: readonly PdfFontFacts[];
}

const PT_TO_MM = 25.4 / 72;

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in PDF's row-vector convention: apply m1 first, then m2. */
function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  const [a, b, c, d, e, f] = m1 as Matrix;
  const [A, B, C, D, E, F] = m2 as Matrix;
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

interface GraphicsState {
  ctm: Matrix;
  fill: Rgb;
  stroke: Rgb;
  fillAlpha: number;
  strokeAlpha: number;
  lineWidth: number;
  lineCap: number;
  lineJoin: number;
  miterLimit: number;
  dash: { pattern: number[]; phase: number } | undefined;
  // the text state is part of the graphics state (ISO 32000-1 §9.3.1); the text matrices are not
  font: PdfJsFont | undefined;
  fontName: string;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  renderingMode: number;
  /** the intersection of the rectangular clips in force, page mm [x0, y0, x1, y1] */
  clip: Rect | undefined;
}

type Rect = readonly [number, number, number, number];

/** The rectangle a path is, when it is one axis-aligned rectangle. */
function rectangleOf(segments: readonly PathSegment[]): Rect | undefined {
  // the shape constructPath gives a "re": M L L L C
  if (segments.length === 5 && segments[0]!.op === "M" && segments[4]!.op === "C") {
    const [a, b, c, d] = segments as unknown as { op: string; x: number; y: number }[];
    if (b!.op === "L" && c!.op === "L" && d!.op === "L" && a!.y === b!.y && b!.x === c!.x && c!.y === d!.y && d!.x === a!.x) {
      return [Math.min(a!.x, c!.x), Math.min(a!.y, c!.y), Math.max(a!.x, c!.x), Math.max(a!.y, c!.y)];
    }
  }
  const points = segments.filter((s): s is Extract<PathSegment, { op: "M" | "L" }> => s.op === "M" || s.op === "L");
  if (segments.some((s) => s.op === "B") || segments.filter((s) => s.op === "M").length !== 1 || points.length < 4 || points.length > 5) return undefined;
  const xs = [...new Set(points.map((p) => Math.round(p.x * 1e4)))];
  const ys = [...new Set(points.map((p) => Math.round(p.y * 1e4)))];
  if (xs.length > 2 || ys.length > 2) return undefined;
  // consecutive corners share an x or a y: the sides are axis-aligned
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (Math.abs(a.x - b.x) > 1e-4 && Math.abs(a.y - b.y) > 1e-4) return undefined;
  }
  const x = points.map((p) => p.x);
  const y = points.map((p) => p.y);
  return [Math.min(...x), Math.min(...y), Math.max(...x), Math.max(...y)];
}

function intersect(a: Rect, b: Rect): Rect | undefined {
  const r: Rect = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[0] < r[2] && r[1] < r[3] ? r : undefined;
}

function initialState(): GraphicsState {
  return {
    ctm: [...IDENTITY],
    fill: [0, 0, 0],
    stroke: [0, 0, 0],
    fillAlpha: 1,
    strokeAlpha: 1,
    lineWidth: 1,
    lineCap: 0,
    lineJoin: 0,
    miterLimit: 10,
    dash: undefined,
    font: undefined,
    fontName: "",
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    renderingMode: 0,
    clip: undefined,
  };
}

/** pdf.js gives colours as [r, g, b] (0–255) or "#rrggbb", depending on the version. */
function rgbOf(args: unknown[]): Rgb {
  if (typeof args[0] === "string") {
    const hex = args[0].replace("#", "");
    return [parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4, 6), 16)];
  }
  return [Number(args[0]), Number(args[1]), Number(args[2])];
}

const CAPS = ["Butt", "Round", "Square"] as const;
const JOINS = ["Miter", "Round", "Bevel"] as const;

/** Operators that change nothing the OFD shows. */
const IGNORED = new Set([
  "dependency",
  "setRenderingIntent",
  "setFlatness",
  "beginMarkedContent",
  "beginMarkedContentProps",
  "endMarkedContent",
  "markPoint",
  "markPointProps",
  "beginCompat",
  "endCompat",
  "setCharWidth",
  "setCharWidthAndBounds",
  "setStrokeColorSpace",
  "setFillColorSpace",
  "beginAnnotation",
  "endAnnotation",
]);

class PageWalker {
  private state = initialState();
  private readonly stack: GraphicsState[] = [];
  private textMatrix: Matrix = [...IDENTITY];
  private lineMatrix: Matrix = [...IDENTITY];
  /** the path under construction, in device space (pt) */
  private path: PathSegment[] = [];
  private readonly items: PageItem[] = [];

  constructor(
    private readonly page: PdfJsPage,
    private readonly pageNumber: number,
    private readonly names: Record<number, string>,
    private readonly fonts: Map<string, PdfFontFacts>,
  ) {}

  /** pt (PDF user space after the CTM) → mm from the top-left corner */
  private toPage(x: number, y: number): [number, number] {
    const [x0, , , y1] = this.page.view;
    return [(x - x0!) * PT_TO_MM, (y1! - y) * PT_TO_MM];
  }

  private unsupported(what: string): never {
    throw new OfdConversionError("unsupported-content", `page ${this.pageNumber}: ${what} cannot be written to OFD by this converter`);
  }

  walk(fnArray: readonly number[], argsArray: readonly unknown[]): PageItem[] {
    for (let i = 0; i < fnArray.length; i++) {
      const op = this.names[fnArray[i]!]!;
      const args = (argsArray[i] ?? []) as unknown[];
      this.step(op, args);
    }
    return this.items;
  }

  private step(op: string, args: unknown[]): void {
    const s = this.state;
    switch (op) {
      case "save":
        this.stack.push({ ...s, ctm: [...s.ctm] as Matrix });
        return;
      case "restore":
        this.state = this.stack.pop() ?? initialState();
        return;
      case "transform":
        s.ctm = multiply(args as number[], s.ctm);
        return;
      case "paintFormXObjectBegin": {
        this.stack.push({ ...s, ctm: [...s.ctm] as Matrix });
        const matrix = args[0] as number[] | null;
        if (matrix) this.state.ctm = multiply(matrix, s.ctm);
        return;
      }
      case "paintFormXObjectEnd":
        this.state = this.stack.pop() ?? initialState();
        return;
      case "setLineWidth":
        s.lineWidth = Number(args[0]);
        return;
      case "setLineCap":
        s.lineCap = Number(args[0]);
        return;
      case "setLineJoin":
        s.lineJoin = Number(args[0]);
        return;
      case "setMiterLimit":
        s.miterLimit = Number(args[0]);
        return;
      case "setDash": {
        const pattern = (args[0] as number[]) ?? [];
        s.dash = pattern.length > 0 ? { pattern: [...pattern], phase: Number(args[1] ?? 0) } : undefined;
        return;
      }
      case "setGState":
        this.graphicsStateDict(args[0] as [string, unknown][]);
        return;
      case "setFillRGBColor":
        s.fill = rgbOf(args);
        return;
      case "setStrokeRGBColor":
        s.stroke = rgbOf(args);
        return;
      case "setFillTransparent":
        s.fillAlpha = 0;
        return;
      case "setStrokeTransparent":
        s.strokeAlpha = 0;
        return;
      case "setFillColorN":
      case "setStrokeColorN":
      case "setFillColor":
      case "setStrokeColor":
        return this.unsupported("a pattern or special colour space");
      case "constructPath":
        this.constructPath(args);
        return;
      case "closePath":
        this.path.push({ op: "C" });
        return;
      case "fill":
      case "eoFill":
      case "stroke":
      case "closeStroke":
      case "fillStroke":
      case "eoFillStroke":
      case "closeFillStroke":
      case "closeEOFillStroke":
        this.paint(op);
        return;
      case "endPath":
        this.path = [];
        return;
      case "clip":
      case "eoClip": {
        // the path still ends with endPath (or paints); only a rectangle's clip is carried over
        const rect = rectangleOf(this.path);
        if (rect) s.clip = s.clip ? (intersect(s.clip, rect) ?? [rect[0], rect[1], rect[0], rect[1]]) : rect;
        return;
      }
      case "beginText":
        this.textMatrix = [...IDENTITY];
        this.lineMatrix = [...IDENTITY];
        return;
      case "endText":
        return;
      case "setFont":
        this.setFont(String(args[0]), Number(args[1]));
        return;
      case "setCharSpacing":
        s.charSpacing = Number(args[0]);
        return;
      case "setWordSpacing":
        s.wordSpacing = Number(args[0]);
        return;
      case "setHScale":
        s.hScale = Number(args[0]) / 100;
        return;
      case "setLeading":
        s.leading = Number(args[0]);
        return;
      case "setTextRise":
        s.rise = Number(args[0]);
        return;
      case "setTextRenderingMode":
        s.renderingMode = Number(args[0]);
        return;
      case "setTextMatrix":
        this.textMatrix = [...(args as number[])] as Matrix;
        this.lineMatrix = [...this.textMatrix];
        return;
      case "moveText":
        this.moveText(Number(args[0]), Number(args[1]));
        return;
      case "setLeadingMoveText":
        s.leading = -Number(args[1]);
        this.moveText(Number(args[0]), Number(args[1]));
        return;
      case "nextLine":
        this.moveText(0, -s.leading);
        return;
      case "showText":
      case "showSpacedText":
        this.showText(args[0] as (PdfJsGlyph | number)[]);
        return;
      case "nextLineShowText":
        this.moveText(0, -s.leading);
        this.showText(args[0] as (PdfJsGlyph | number)[]);
        return;
      case "nextLineSetSpacingShowText":
        s.wordSpacing = Number(args[0]);
        s.charSpacing = Number(args[1]);
        this.moveText(0, -s.leading);
        this.showText(args[2] as (PdfJsGlyph | number)[]);
        return;
      default:
        if (IGNORED.has(op)) return;
        // images, inline images, shadings, groups with soft masks, Type 3 glyph procedures…
        return this.unsupported(`the operator "${op}"`);
    }
  }

  private graphicsStateDict(entries: [string, unknown][]): void {
    const s = this.state;
    for (const [key, value] of entries) {
      switch (key) {
        case "ca":
          s.fillAlpha = Number(value);
          break;
        case "CA":
          s.strokeAlpha = Number(value);
          break;
        case "LW":
          s.lineWidth = Number(value);
          break;
        case "LC":
          s.lineCap = Number(value);
          break;
        case "LJ":
          s.lineJoin = Number(value);
          break;
        case "ML":
          s.miterLimit = Number(value);
          break;
        case "D": {
          const [pattern, phase] = value as [number[], number];
          s.dash = pattern.length > 0 ? { pattern: [...pattern], phase } : undefined;
          break;
        }
        case "BM":
          if (value !== "source-over" && value !== "Normal") this.unsupported(`the blend mode ${String(value)}`);
          break;
        case "SMask":
          if (value) this.unsupported("a soft mask");
          break;
        case "Font":
          this.setFont(String((value as unknown[])[0]), Number((value as unknown[])[1]));
          break;
        default:
          // rendering hints (flatness, smoothness, overprint, stroke adjustment) change nothing in OFD
          break;
      }
    }
  }

  private constructPath(args: unknown[]): void {
    const ops = args[0] as number[];
    const coords = args[1] as number[];
    const ctm = this.state.ctm;
    const point = (x: number, y: number) => this.toPage(...apply(ctm, x, y));
    let j = 0;
    let cx = 0;
    let cy = 0;
    for (const code of ops) {
      switch (this.names[code]) {
        case "rectangle": {
          const [x, y, w, h] = [coords[j++]!, coords[j++]!, coords[j++]!, coords[j++]!];
          const corners = [point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h)];
          this.path.push({ op: "M", x: corners[0]![0], y: corners[0]![1] });
          for (const [px, py] of corners.slice(1)) this.path.push({ op: "L", x: px, y: py });
          this.path.push({ op: "C" });
          cx = x;
          cy = y;
          break;
        }
        case "moveTo":
        case "lineTo": {
          cx = coords[j++]!;
          cy = coords[j++]!;
          const [x, y] = point(cx, cy);
          this.path.push({ op: this.names[code] === "moveTo" ? "M" : "L", x, y });
          break;
        }
        case "curveTo":
        case "curveTo2":
        case "curveTo3": {
          const name = this.names[code];
          let c1: [number, number];
          let c2: [number, number];
          let end: [number, number];
          if (name === "curveTo") {
            c1 = [coords[j]!, coords[j + 1]!];
            c2 = [coords[j + 2]!, coords[j + 3]!];
            end = [coords[j + 4]!, coords[j + 5]!];
            j += 6;
          } else if (name === "curveTo2") {
            // v: the first control point is the current point
            c1 = [cx, cy];
            c2 = [coords[j]!, coords[j + 1]!];
            end = [coords[j + 2]!, coords[j + 3]!];
            j += 4;
          } else {
            // y: the second control point is the end point
            c1 = [coords[j]!, coords[j + 1]!];
            end = [coords[j + 2]!, coords[j + 3]!];
            c2 = end;
            j += 4;
          }
          const [x1, y1] = point(...c1);
          const [x2, y2] = point(...c2);
          const [x, y] = point(...end);
          this.path.push({ op: "B", x1, y1, x2, y2, x, y });
          [cx, cy] = end;
          break;
        }
        case "closePath":
          this.path.push({ op: "C" });
          break;
        default:
          this.unsupported(`the path operator ${code}`);
      }
    }
  }

  /** The CTM's scale: line widths and dashes are lengths in user space. */
  private userScale(): number {
    const [a, b, c, d] = this.state.ctm;
    return Math.sqrt(Math.abs(a * d - b * c));
  }

  private paint(op: string): void {
    const s = this.state;
    let segments: PathSegment[] = op.startsWith("close") ? [...this.path, { op: "C" } as const] : this.path;
    this.path = [];
    if (segments.length === 0) return;
    const rect = s.clip && op !== "stroke" && !op.includes("troke") ? rectangleOf(segments) : undefined;
    if (rect && s.clip) {
      const visible = intersect(rect, s.clip);
      if (!visible) return; // wholly clipped away
      const [x0, y0, x1, y1] = visible;
      segments = [{ op: "M", x: x0, y: y0 }, { op: "L", x: x1, y: y0 }, { op: "L", x: x1, y: y1 }, { op: "L", x: x0, y: y1 }, { op: "C" }];
    }
    const fills = op === "fill" || op === "eoFill" || op.includes("FillStroke") || op === "fillStroke";
    const strokes = op.includes("troke");
    const scale = this.userScale() * PT_TO_MM;
    const item: PaintedPath = {
      kind: "path",
      segments,
      ...(fills ? { fill: { color: s.fill, alpha: s.fillAlpha, evenOdd: op.startsWith("eo") || op.includes("EO") } } : {}),
      ...(strokes
        ? {
            stroke: {
              color: s.stroke,
              alpha: s.strokeAlpha,
              width: s.lineWidth * scale,
              cap: CAPS[s.lineCap] ?? "Butt",
              join: JOINS[s.lineJoin] ?? "Miter",
              miterLimit: s.miterLimit,
              ...(s.dash ? { dash: { pattern: s.dash.pattern.map((v) => v * scale), offset: s.dash.phase * scale } } : {}),
            },
          }
        : {}),
    };
    this.items.push(item);
  }

  private setFont(loadedName: string, size: number): void {
    const font = this.page.commonObjs.get(loadedName) as PdfJsFont;
    if (font.isType3Font) this.unsupported(`the Type 3 font ${font.name}`);
    if (font.vertical) this.unsupported(`the vertical font ${font.name}`);
    if (font.missingFile) throw new OfdConversionError("font", `page ${this.pageNumber}: the font ${font.name} is not embedded in the PDF`);
    this.state.font = font;
    this.state.fontName = loadedName;
    this.state.fontSize = size;
    if (!this.fonts.has(loadedName)) this.fonts.set(loadedName, { loadedName, baseFont: font.name, composite: font.composite === true });
  }

  private moveText(tx: number, ty: number): void {
    this.lineMatrix = multiply([1, 0, 0, 1, tx, ty], this.lineMatrix);
    this.textMatrix = [...this.lineMatrix];
  }

  private showText(glyphs: readonly (PdfJsGlyph | number)[]): void {
    const s = this.state;
    const font = s.font;
    if (!font) throw new OfdConversionError("pdf-structure", `page ${this.pageNumber}: text is shown before a font is set`);
    if (s.renderingMode !== 0) this.unsupported(`text rendering mode ${s.renderingMode}`);
    if (s.fontSize < 0) this.unsupported("a negative font size");
    const widthScale = (font.fontMatrix?.[0] ?? 0.001) * s.fontSize;
    for (const glyph of glyphs) {
      if (typeof glyph === "number") {
        // a TJ adjustment, in thousandths of the text space unit, against the writing direction
        this.advance(((-glyph / 1000) * s.fontSize) * s.hScale);
        continue;
      }
      const m = multiply(this.textMatrix, s.ctm);
      const [a, b, c, d] = m;
      if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) this.unsupported("rotated, skewed or mirrored text");
      const [ox, oy] = apply(m, 0, s.rise);
      const [x, y] = this.toPage(ox, oy);
      const tx = (glyph.width * widthScale + s.charSpacing + (glyph.isSpace ? s.wordSpacing : 0)) * s.hScale;
      this.items.push({
        kind: "glyph",
        font: s.fontName,
        text: glyph.unicode,
        code: glyph.originalCharCode,
        isSpace: glyph.isSpace === true || /^\s+$/u.test(glyph.unicode),
        x,
        y,
        size: s.fontSize * d * PT_TO_MM,
        hScale: (a * s.hScale) / d,
        advance: tx * a * PT_TO_MM,
        fill: s.fill,
        alpha: s.fillAlpha,
      });
      this.advance(tx);
    }
  }

  private advance(tx: number): void {
    this.textMatrix = multiply([1, 0, 0, 1, tx, 0], this.textMatrix);
  }
}

async function outlineOf(doc: PdfJsDocument, pages: readonly PdfJsPage[]): Promise<OutlineEntry[]> {
  const convert = async (items: Awaited<ReturnType<PdfJsDocument["getOutline"]>>): Promise<OutlineEntry[]> => {
    const entries: OutlineEntry[] = [];
    for (const item of items ?? []) {
      let dest = item.dest;
      if (typeof dest === "string") dest = await doc.getDestination(dest);
      let position: Pick<OutlineEntry, "pageIndex" | "left" | "top"> = {};
      if (Array.isArray(dest) && dest[0] && typeof dest[0] === "object") {
        const pageIndex = await doc.getPageIndex(dest[0] as never);
        const view = pages[pageIndex]!.view;
        const kind = (dest[1] as { name?: string } | undefined)?.name;
        position = { pageIndex };
        if (kind === "XYZ") {
          const left = dest[2] as number | null;
          const top = dest[3] as number | null;
          position = {
            pageIndex,
            ...(typeof left === "number" ? { left: Math.max(0, (left - view[0]!) * PT_TO_MM) } : {}),
            ...(typeof top === "number" ? { top: Math.max(0, (view[3]! - top) * PT_TO_MM) } : {}),
          };
        }
      } else if (typeof dest?.[0] === "number") {
        position = { pageIndex: dest[0] };
      }
      entries.push({ title: item.title, ...position, children: await convert(item.items) });
    }
    return entries;
  };
  return convert(await doc.getOutline());
}

/** Reads every page's drawing, the bookmarks and the fonts used, with pdf.js. */
export async function readPdfContent(pdf: Uint8Array): Promise<PdfContent> {
  const { openPdf, opNames } = await loadPdfJs();
  const doc = await openPdf(pdf);
  try {
    const fonts = new Map<string, PdfFontFacts>();
    const pages: PdfPageContent[] = [];
    const pdfPages: PdfJsPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      if (page.rotate % 360 !== 0) throw new OfdConversionError("unsupported-content", `page ${n} is rotated`);
      pdfPages.push(page);
      const list = await page.getOperatorList();
      const items = new PageWalker(page, n, opNames, fonts).walk(list.fnArray, list.argsArray);
      const [x0, y0, x1, y1] = page.view;
      pages.push({ width: (x1! - x0!) * PT_TO_MM, height: (y1! - y0!) * PT_TO_MM, items });
    }
    const outline = await outlineOf(doc, pdfPages);
    // pdf.js numbers fonts in the order it first loads them: that order is how they are matched to
    // the PDF's font dictionaries (see pdf-fonts.ts)
    const ordered = [...fonts.values()].sort((a, b) => fontNumber(a.loadedName) - fontNumber(b.loadedName));
    return { pages, outline, fonts: ordered };
  } finally {
    await doc.destroy();
  }
}

/** "g_d0_f12" → 12 */
export function fontNumber(loadedName: string): number {
  const match = /_f(\d+)$/.exec(loadedName);
  if (!match) throw new OfdConversionError("pdf-structure", `unexpected pdf.js font name ${loadedName}`);
  return Number(match[1]);
}
