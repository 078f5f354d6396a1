/**
 * A page's content stream run through a small graphics-state machine (ISO 32000-1 §8–9): the CTM
 * stack, the text matrices, colours, alpha, line style and rectangular clips. What it gives is what
 * the OFD needs: every glyph's origin, font, size and fill, and every painted path, in millimetres
 * from the page's top-left corner, in drawing order.
 *
 * Chromium (Skia) writes a small and regular operator set — q Q cm gs rg RG BT Tf Tm Td Tj ET re f
 * W* n — and the machine understands the general forms of those (and the rest of the text, path,
 * colour-in-DeviceRGB/Gray and marked-content operators). Every other operator — images, shadings,
 * patterns, other colour spaces, Type 3 glyph procedures — is refused by name, never skipped: an
 * archival copy that silently lacks a mark is worse than none.
 *
 * Clipping: Chromium clips each page to its content box, and a table's outer rule can sit half
 * outside it. Rectangular clips are applied to filled rectangles (the rules) geometrically, so the
 * OFD shows what the PDF shows; other clips are not carried over.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFObject } from "pdf-lib";
import { ContentLexer, Name, type Operand } from "./content-stream.js";
import { OfdConversionError } from "./errors.js";
import type { PageItem, PaintedPath, PathSegment, Rgb } from "./pdf-content.js";
import type { PdfFont } from "./pdf-fonts.js";
import type { PdfObjects } from "./pdf-objects.js";

export const PT_TO_MM = 25.4 / 72;

type Matrix = [number, number, number, number, number, number];
const CLOSE: PathSegment = { op: "C" };
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

/** Whether a glyph's text is white space only; a report's texts are a few hundred characters, asked thousands of times. */
const SPACES = new Map<string, boolean>();
function isSpace(text: string): boolean {
  let space = SPACES.get(text);
  if (space === undefined) {
    space = /^\s+$/u.test(text);
    if (SPACES.size < 65536) SPACES.set(text, space);
  }
  return space;
}

type Rect = readonly [number, number, number, number];

/** The rectangle a path is, when it is one axis-aligned rectangle. */
function rectangleOf(segments: readonly PathSegment[]): Rect | undefined {
  // the shape a "re" gives: M L L L C
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
  font: PdfFont | undefined;
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

/** A colour component 0–1 as a byte, rounded and clamped the way a Uint8ClampedArray stores it (as readers do). */
const channel = new Uint8ClampedArray(1);
function byteOf(component: number): number {
  channel[0] = component * 255;
  return channel[0];
}

const CAPS = ["Butt", "Round", "Square"] as const;
const JOINS = ["Miter", "Round", "Bevel"] as const;

/** Painting operators: [close the path first, fill, stroke, even-odd rule]. */
const PAINTS: Record<string, readonly [boolean, boolean, boolean, boolean]> = {
  S: [false, false, true, false],
  s: [true, false, true, false],
  f: [false, true, false, false],
  F: [false, true, false, false],
  "f*": [false, true, false, true],
  B: [false, true, true, false],
  "B*": [false, true, true, true],
  b: [true, true, true, false],
  "b*": [true, true, true, true],
};

/** Operators that change nothing the OFD shows: rendering hints, marked content, compatibility sections. */
const IGNORED = new Set(["ri", "i", "BMC", "BDC", "EMC", "MP", "DP", "BX", "EX"]);

/** What the operators it refuses draw, in words (with pdf.js's name for the same operation). */
const REFUSED: Record<string, string> = {
  BI: "an inline image (paintInlineImageXObject)",
  sh: "a shading (shadingFill)",
  cs: "a colour space other than DeviceRGB and DeviceGray (setFillColorSpace)",
  CS: "a colour space other than DeviceRGB and DeviceGray (setStrokeColorSpace)",
  sc: "a colour in a colour space other than DeviceRGB and DeviceGray (setFillColor)",
  SC: "a colour in a colour space other than DeviceRGB and DeviceGray (setStrokeColor)",
  scn: "a pattern or special colour (setFillColorN)",
  SCN: "a pattern or special colour (setStrokeColorN)",
  k: "a CMYK colour (setFillCMYKColor)",
  K: "a CMYK colour (setStrokeCMYKColor)",
  d0: "a Type 3 glyph procedure (setCharWidth)",
  d1: "a Type 3 glyph procedure (setCharWidthAndBounds)",
};

/** Fonts by what a resource dictionary holds for them (a reference or the dictionary), numbered in order of first use. */
export class FontRegistry {
  private readonly byObject = new Map<PDFObject, PdfFont>();
  private readonly ordered: PdfFont[] = [];

  constructor(
    private readonly objects: PdfObjects,
    private readonly read: (objects: PdfObjects, font: PDFDict, number: number) => PdfFont,
  ) {}

  /** resources → font name → font: a page sets its fonts hundreds of times (a Tf in every BT) */
  private readonly byName = new Map<PDFDict | undefined, Map<string, PdfFont>>();

  fontFor(resources: PDFDict | undefined, name: string, where: string): PdfFont {
    let named = this.byName.get(resources);
    if (!named) this.byName.set(resources, (named = new Map()));
    let font = named.get(name);
    if (!font) {
      const raw = this.objects.dict(resources, "Font")?.get(PDFName.of(name));
      if (raw === undefined) throw new OfdConversionError("pdf-structure", `${where}: the font /${name} is not in the page's resources`);
      font = this.fontOf(raw, where);
      named.set(name, font);
    }
    return font;
  }

  /** The font a resource dictionary or graphics state names (a reference, or the dictionary itself). */
  fontOf(raw: PDFObject, where: string): PdfFont {
    let font = this.byObject.get(raw);
    if (!font) {
      const dict = this.objects.resolve(raw);
      if (!(dict instanceof PDFDict)) throw new OfdConversionError("pdf-structure", `${where}: a font that is not a dictionary`);
      font = this.read(this.objects, dict, this.ordered.length + 1);
      this.byObject.set(raw, font);
      this.ordered.push(font);
    }
    return font;
  }

  /** every font set on a page, in order of first use */
  get fonts(): readonly PdfFont[] {
    return this.ordered;
  }
}

/** A form XObject may not (directly or not) draw itself. */
const MAX_FORM_DEPTH = 12;

export class PageWalker {
  private state = initialState();
  private readonly stack: GraphicsState[] = [];
  private textMatrix: Matrix = [...IDENTITY];
  private lineMatrix: Matrix = [...IDENTITY];
  /** the path under construction, in page mm */
  private path: PathSegment[] = [];
  private readonly items: PageItem[] = [];
  private readonly where: string;
  private formDepth = 0;

  constructor(
    private readonly objects: PdfObjects,
    private readonly fonts: FontRegistry,
    private readonly pageNumber: number,
    /** the page's visible box in PDF units [x0, y0, x1, y1] */
    private readonly view: readonly [number, number, number, number],
  ) {
    this.where = `page ${pageNumber}`;
  }

  /** pt (PDF user space after the CTM) → mm from the top-left corner */
  private toPage(x: number, y: number): [number, number] {
    return [(x - this.view[0]) * PT_TO_MM, (this.view[3] - y) * PT_TO_MM];
  }

  private unsupported(what: string): never {
    throw new OfdConversionError("unsupported-content", `${this.where}: ${what} cannot be written to OFD by this converter`);
  }

  private malformed(what: string): never {
    throw new OfdConversionError("pdf-structure", `${this.where}: ${what}`);
  }

  walk(content: Uint8Array, resources: PDFDict | undefined): PageItem[] {
    const lexer = new ContentLexer(content, this.where);
    const operands: Operand[] = [];
    for (let op = lexer.next(operands); op !== undefined; op = lexer.next(operands)) this.step(op, operands, resources);
    return this.items;
  }

  private num(operands: readonly Operand[], i: number, op: string): number {
    const value = operands[i];
    if (typeof value !== "number") this.malformed(`the operator ${op} lacks a number operand`);
    return value;
  }

  private nums(operands: readonly Operand[], count: number, op: string): number[] {
    if (operands.length < count) this.malformed(`the operator ${op} has ${operands.length} operands, not ${count}`);
    const out: number[] = [];
    for (let i = operands.length - count; i < operands.length; i++) out.push(this.num(operands, i, op));
    return out;
  }

  private step(op: string, operands: Operand[], resources: PDFDict | undefined): void {
    const s = this.state;
    switch (op) {
      // graphics state
      case "q":
        this.stack.push({ ...s, ctm: [...s.ctm] as Matrix });
        return;
      case "Q": {
        const saved = this.stack.pop();
        if (!saved) this.malformed("Q without a matching q");
        this.state = saved;
        return;
      }
      case "cm":
        s.ctm = multiply(this.nums(operands, 6, op), s.ctm);
        return;
      case "w":
        s.lineWidth = this.nums(operands, 1, op)[0]!;
        return;
      case "J":
        s.lineCap = this.nums(operands, 1, op)[0]!;
        return;
      case "j":
        s.lineJoin = this.nums(operands, 1, op)[0]!;
        return;
      case "M":
        s.miterLimit = this.nums(operands, 1, op)[0]!;
        return;
      case "d":
        this.setDash(operands[0], operands[1], op);
        return;
      case "gs":
        this.graphicsStateDict(resources, operands[0]);
        return;
      case "rg":
        s.fill = this.nums(operands, 3, op).map(byteOf) as unknown as Rgb;
        return;
      case "RG":
        s.stroke = this.nums(operands, 3, op).map(byteOf) as unknown as Rgb;
        return;
      case "g": {
        const v = byteOf(this.nums(operands, 1, op)[0]!);
        s.fill = [v, v, v];
        return;
      }
      case "G": {
        const v = byteOf(this.nums(operands, 1, op)[0]!);
        s.stroke = [v, v, v];
        return;
      }
      // paths
      case "m":
      case "l": {
        const [x, y] = this.nums(operands, 2, op) as [number, number];
        this.current = [x, y];
        const [px, py] = this.point(x, y);
        this.path.push({ op: op === "m" ? "M" : "L", x: px, y: py });
        return;
      }
      case "c":
      case "v":
      case "y":
        this.curve(op, operands);
        return;
      case "re": {
        // a table's rules are hundreds of rectangles a page: read without an array per operand list
        if (operands.length < 4) this.malformed(`the operator re has ${operands.length} operands, not 4`);
        const k = operands.length - 4;
        const x = this.num(operands, k, op);
        const y = this.num(operands, k + 1, op);
        const w = this.num(operands, k + 2, op);
        const h = this.num(operands, k + 3, op);
        this.pathPoint("M", x, y);
        this.pathPoint("L", x + w, y);
        this.pathPoint("L", x + w, y + h);
        this.pathPoint("L", x, y + h);
        this.path.push(CLOSE);
        this.current = [x, y];
        return;
      }
      case "h":
        this.path.push({ op: "C" });
        return;
      case "n":
        this.path = [];
        return;
      case "W":
      case "W*": {
        // the path still ends with n (or paints); only a rectangle's clip is carried over
        const rect = rectangleOf(this.path);
        if (rect) s.clip = s.clip ? (intersect(s.clip, rect) ?? [rect[0], rect[1], rect[0], rect[1]]) : rect;
        return;
      }
      // text
      case "BT":
        this.textMatrix = [...IDENTITY];
        this.lineMatrix = [...IDENTITY];
        return;
      case "ET":
        return;
      case "Tf": {
        const name = operands[0];
        if (!(name instanceof Name)) this.malformed("Tf without a font name");
        this.setFont(this.fonts.fontFor(resources, name.name, this.where), this.num(operands, 1, op));
        return;
      }
      case "Tc":
        s.charSpacing = this.nums(operands, 1, op)[0]!;
        return;
      case "Tw":
        s.wordSpacing = this.nums(operands, 1, op)[0]!;
        return;
      case "Tz":
        s.hScale = this.nums(operands, 1, op)[0]! / 100;
        return;
      case "TL":
        s.leading = this.nums(operands, 1, op)[0]!;
        return;
      case "Ts":
        s.rise = this.nums(operands, 1, op)[0]!;
        return;
      case "Tr":
        s.renderingMode = this.nums(operands, 1, op)[0]!;
        return;
      case "Tm":
        this.textMatrix = this.nums(operands, 6, op) as Matrix;
        this.lineMatrix = [...this.textMatrix];
        return;
      case "Td": {
        if (operands.length < 2) this.malformed(`the operator Td has ${operands.length} operands, not 2`);
        this.moveText(this.num(operands, operands.length - 2, op), this.num(operands, operands.length - 1, op));
        return;
      }
      case "TD": {
        const [tx, ty] = this.nums(operands, 2, op) as [number, number];
        s.leading = -ty;
        this.moveText(tx, ty);
        return;
      }
      case "T*":
        this.moveText(0, -s.leading);
        return;
      case "Tj":
        this.showText([this.stringOperand(operands[0], op)]);
        return;
      case "TJ": {
        const parts = operands[0];
        if (!Array.isArray(parts)) this.malformed("TJ without an array");
        this.showText(parts.map((p) => (typeof p === "number" ? p : this.stringOperand(p, op))));
        return;
      }
      case "'":
        this.moveText(0, -s.leading);
        this.showText([this.stringOperand(operands[0], op)]);
        return;
      case '"': {
        const [aw, ac] = [this.num(operands, 0, op), this.num(operands, 1, op)];
        s.wordSpacing = aw;
        s.charSpacing = ac;
        this.moveText(0, -s.leading);
        this.showText([this.stringOperand(operands[2], op)]);
        return;
      }
      case "Do":
        this.xobject(resources, operands[0]);
        return;
      default: {
        const paint = PAINTS[op];
        if (paint) return this.paint(...paint);
        if (IGNORED.has(op)) return;
        return this.unsupported(REFUSED[op] ?? `the operator "${op}"`);
      }
    }
  }

  /** the current point, in user space, for v curves */
  private current: [number, number] = [0, 0];

  private point(x: number, y: number): [number, number] {
    return this.toPage(...apply(this.state.ctm, x, y));
  }

  /** A path segment to (x, y) in user space, as point() places it. */
  private pathPoint(op: "M" | "L", x: number, y: number): void {
    const m = this.state.ctm;
    const ux = m[0] * x + m[2] * y + m[4];
    const uy = m[1] * x + m[3] * y + m[5];
    this.path.push({ op, x: (ux - this.view[0]) * PT_TO_MM, y: (this.view[3] - uy) * PT_TO_MM });
  }

  private curve(op: "c" | "v" | "y", operands: readonly Operand[]): void {
    let c1: [number, number];
    let c2: [number, number];
    let end: [number, number];
    if (op === "c") {
      const [x1, y1, x2, y2, x3, y3] = this.nums(operands, 6, op) as Matrix;
      [c1, c2, end] = [
        [x1, y1],
        [x2, y2],
        [x3, y3],
      ];
    } else if (op === "v") {
      // the first control point is the current point
      const [x2, y2, x3, y3] = this.nums(operands, 4, op) as [number, number, number, number];
      [c1, c2, end] = [[...this.current], [x2, y2], [x3, y3]];
    } else {
      // the second control point is the end point
      const [x1, y1, x3, y3] = this.nums(operands, 4, op) as [number, number, number, number];
      [c1, end] = [
        [x1, y1],
        [x3, y3],
      ];
      c2 = end;
    }
    const [x1, y1] = this.point(...c1);
    const [x2, y2] = this.point(...c2);
    const [x, y] = this.point(...end);
    this.path.push({ op: "B", x1, y1, x2, y2, x, y });
    this.current = end;
  }

  private setDash(array: Operand | undefined, phase: Operand | undefined, op: string): void {
    if (!Array.isArray(array) || array.some((v) => typeof v !== "number") || typeof phase !== "number") this.malformed(`the operator ${op} needs an array of numbers and a phase`);
    this.state.dash = array.length > 0 ? { pattern: [...(array as number[])], phase } : undefined;
  }

  private stringOperand(value: Operand | undefined, op: string): Uint8Array {
    if (!(value instanceof Uint8Array)) this.malformed(`the operator ${op} lacks its string`);
    return value;
  }

  private graphicsStateDict(resources: PDFDict | undefined, name: Operand | undefined): void {
    if (!(name instanceof Name)) this.malformed("gs without a name");
    const o = this.objects;
    const dict = o.dict(o.dict(resources, "ExtGState"), name.name);
    if (!dict) this.malformed(`the graphics state /${name.name} is not in the page's resources`);
    const s = this.state;
    const numberOf = (value: PDFObject | undefined) => {
      const resolved = o.resolve(value);
      if (!(resolved instanceof PDFNumber)) this.malformed(`the graphics state /${name.name} has a value that is not a number`);
      return resolved.asNumber();
    };
    for (const [key, value] of dict.entries()) {
      switch (key.decodeText()) {
        case "ca":
          s.fillAlpha = numberOf(value);
          break;
        case "CA":
          s.strokeAlpha = numberOf(value);
          break;
        case "LW":
          s.lineWidth = Math.abs(numberOf(value));
          break;
        case "LC":
          s.lineCap = numberOf(value);
          break;
        case "LJ":
          s.lineJoin = numberOf(value);
          break;
        case "ML":
          s.miterLimit = numberOf(value);
          break;
        case "D": {
          const dash = o.resolve(value);
          const pattern = dash instanceof PDFArray ? o.resolve(dash.get(0)) : undefined;
          if (!(dash instanceof PDFArray) || !(pattern instanceof PDFArray)) this.malformed(`the dash of the graphics state /${name.name} is not [array phase]`);
          const values = pattern.asArray().map(numberOf);
          s.dash = values.length > 0 ? { pattern: values, phase: numberOf(dash.get(1)) } : undefined;
          break;
        }
        case "BM": {
          // a name, or an array of names of which the first the reader knows is used
          const mode = o.resolve(value);
          const first = mode instanceof PDFArray ? o.resolve(mode.get(0)) : mode;
          const blend = first instanceof PDFName ? first.decodeText() : String(first);
          if (blend !== "Normal" && blend !== "Compatible") this.unsupported(`the blend mode ${blend}`);
          break;
        }
        case "SMask": {
          const mask = o.resolve(value);
          if (!(mask instanceof PDFName && mask.decodeText() === "None")) this.unsupported("a soft mask");
          break;
        }
        case "Font": {
          const font = o.resolve(value);
          if (!(font instanceof PDFArray) || font.size() !== 2) this.malformed(`the font of the graphics state /${name.name} is not [font size]`);
          this.setFont(this.fonts.fontOf(font.get(0), this.where), numberOf(font.get(1)));
          break;
        }
        default:
          // rendering hints (flatness, smoothness, overprint, stroke adjustment) change nothing in OFD
          break;
      }
    }
  }

  private xobject(resources: PDFDict | undefined, name: Operand | undefined): void {
    if (!(name instanceof Name)) this.malformed("Do without a name");
    const xobject = this.objects.get(this.objects.dict(resources, "XObject"), name.name);
    if (!(xobject instanceof PDFRawStream)) this.malformed(`the XObject /${name.name} is not in the page's resources`);
    const subtype = this.objects.name(xobject.dict, "Subtype");
    if (subtype === "Image") this.unsupported("an image (paintImageXObject)");
    if (subtype !== "Form") this.unsupported(`an XObject of subtype ${subtype ?? "(none)"}`);
    if (this.objects.dict(xobject.dict, "Group")) this.unsupported("a transparency group (beginGroup)");
    if (++this.formDepth > MAX_FORM_DEPTH) this.malformed(`forms nested more than ${MAX_FORM_DEPTH} deep`);
    this.stack.push({ ...this.state, ctm: [...this.state.ctm] as Matrix });
    const matrix = this.objects.array(xobject.dict, "Matrix");
    if (matrix) {
      if (matrix.length !== 6 || !matrix.every((v) => v instanceof PDFNumber)) this.malformed(`the form /${name.name} has a matrix that is not six numbers`);
      this.state.ctm = multiply(matrix.map((v) => (v as PDFNumber).asNumber()), this.state.ctm);
    }
    const formResources = this.objects.dict(xobject.dict, "Resources") ?? resources;
    const lexer = new ContentLexer(this.objects.streamBytes(xobject, `the form /${name.name}`), `${this.where}, form /${name.name}`);
    const operands: Operand[] = [];
    const depth = this.stack.length;
    for (let op = lexer.next(operands); op !== undefined; op = lexer.next(operands)) this.step(op, operands, formResources);
    if (this.stack.length !== depth) this.malformed(`the form /${name.name} leaves its q and Q unbalanced`);
    this.state = this.stack.pop()!;
    this.formDepth--;
  }

  /** The CTM's scale: line widths and dashes are lengths in user space. */
  private userScale(): number {
    const [a, b, c, d] = this.state.ctm;
    return Math.sqrt(Math.abs(a * d - b * c));
  }

  private paint(close: boolean, fills: boolean, strokes: boolean, evenOdd: boolean): void {
    const s = this.state;
    let segments: PathSegment[] = close ? [...this.path, { op: "C" } as const] : this.path;
    this.path = [];
    if (segments.length === 0) return;
    const rect = s.clip && fills && !strokes ? rectangleOf(segments) : undefined;
    if (rect && s.clip) {
      const visible = intersect(rect, s.clip);
      if (!visible) return; // wholly clipped away
      const [x0, y0, x1, y1] = visible;
      segments = [{ op: "M", x: x0, y: y0 }, { op: "L", x: x1, y: y0 }, { op: "L", x: x1, y: y1 }, { op: "L", x: x0, y: y1 }, { op: "C" }];
    }
    const scale = this.userScale() * PT_TO_MM;
    const item: PaintedPath = {
      kind: "path",
      segments,
      ...(fills ? { fill: { color: s.fill, alpha: s.fillAlpha, evenOdd } } : {}),
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

  private setFont(font: PdfFont, size: number): void {
    this.state.font = font;
    this.state.fontSize = size;
  }

  private moveText(tx: number, ty: number): void {
    // [1 0 0 1 tx ty] × Tlm, as multiply() computes it
    const m = this.lineMatrix;
    this.lineMatrix = [m[0], m[1], m[2], m[3], tx * m[0] + ty * m[2] + m[4], tx * m[1] + ty * m[3] + m[5]];
    this.textMatrix = [...this.lineMatrix];
  }

  /** Strings (two-byte codes: Identity-H) and TJ adjustments. */
  private showText(parts: readonly (Uint8Array | number)[]): void {
    const s = this.state;
    const font = s.font;
    if (!font) this.malformed("text is shown before a font is set");
    if (s.renderingMode !== 0) this.unsupported(`text rendering mode ${s.renderingMode}`);
    if (s.fontSize < 0) this.unsupported("a negative font size");
    // a TrueType font's matrix is 1/1000 of the text space
    const widthScale = 0.001 * s.fontSize;
    for (const part of parts) {
      if (typeof part === "number") {
        // a TJ adjustment, in thousandths of the text space unit, against the writing direction
        this.advance(((-part / 1000) * s.fontSize) * s.hScale);
        continue;
      }
      if (part.length % 2 !== 0) this.malformed(`a string of ${part.length} bytes shown with the two-byte font ${font.baseFont}`);
      for (let i = 0; i < part.length; i += 2) {
        const code = (part[i]! << 8) | part[i + 1]!;
        // Tm × CTM, as multiply() computes it, without an array per glyph (a report shows thousands)
        const tm = this.textMatrix;
        const ctm = s.ctm;
        const a = tm[0] * ctm[0] + tm[1] * ctm[2];
        const b = tm[0] * ctm[1] + tm[1] * ctm[3];
        const c = tm[2] * ctm[0] + tm[3] * ctm[2];
        const d = tm[2] * ctm[1] + tm[3] * ctm[3];
        if (Math.abs(b) > 1e-6 || Math.abs(c) > 1e-6 || a <= 0 || d <= 0) this.unsupported("rotated, skewed or mirrored text");
        const e = tm[4] * ctm[0] + tm[5] * ctm[2] + ctm[4];
        const f = tm[4] * ctm[1] + tm[5] * ctm[3] + ctm[5];
        // toPage(), inline
        const x = (a * 0 + c * s.rise + e - this.view[0]) * PT_TO_MM;
        const y = (this.view[3] - (b * 0 + d * s.rise + f)) * PT_TO_MM;
        const text = font.unicode(code);
        if (text === undefined || text === "" || text === "\0") {
          throw new OfdConversionError("glyph-mapping", `${this.where}: character ${code} of ${font.baseFont} has no Unicode text in the PDF`);
        }
        // word spacing applies to the single-byte code 32 only (ISO 32000-1 §9.3.3), never to two-byte codes
        const tx = (font.width(code) * widthScale + s.charSpacing) * s.hScale;
        this.items.push({
          kind: "glyph",
          font: font.number,
          text,
          code,
          isSpace: isSpace(text),
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
  }

  private advance(tx: number): void {
    // [1 0 0 1 tx 0] × Tm: only the translation changes
    const tm = this.textMatrix;
    this.textMatrix = [tm[0], tm[1], tm[2], tm[3], tx * tm[0] + tm[4], tx * tm[1] + tm[5]];
  }
}
