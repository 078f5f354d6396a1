/**
 * A PDF's text and rules as geometry: every glyph with its position, advance, size and font, and
 * every thin filled or stroked rectangle (the ruled grid of a table), per page, in points from the
 * page's top-left corner.
 *
 * pdf.js's text content merges glyphs into runs and hides the space a justified line opens between
 * two characters, which is exactly what an editor looks at; so this reads pdf.js's operator list and
 * follows the text state itself (the text and line matrices, font size, character and word spacing,
 * horizontal scale). Works for any PDF with horizontal text, not only the service's own.
 */
type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let pdfjs: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

export interface Glyph {
  readonly text: string;
  /** left edge of the glyph's advance box */
  readonly x: number;
  /** baseline, from the top of the page */
  readonly y: number;
  /** the glyph's own advance (without character spacing or justification) */
  readonly width: number;
  /** font size on the page */
  readonly size: number;
  /** the font's name without its subset tag, e.g. "NotoSerifSCExtraLight-Regular" */
  readonly font: string;
}

/** A thin rectangle: a table rule. */
export interface Rule {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly vertical: boolean;
}

export interface PageGeometry {
  /** 1-based */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  readonly glyphs: readonly Glyph[];
  readonly rules: readonly Rule[];
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: readonly number[], n: readonly number[]): Matrix {
  return [
    m[0]! * n[0]! + m[2]! * n[1]!,
    m[1]! * n[0]! + m[3]! * n[1]!,
    m[0]! * n[2]! + m[2]! * n[3]!,
    m[1]! * n[2]! + m[3]! * n[3]!,
    m[0]! * n[4]! + m[2]! * n[5]! + m[4]!,
    m[1]! * n[4]! + m[3]! * n[5]! + m[5]!,
  ];
}

function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

interface TextState {
  ctm: Matrix;
  font?: { name: string; fontMatrix: number[]; vertical: boolean };
  size: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

interface PdfGlyph {
  unicode: string;
  width: number;
  isSpace: boolean;
}

/** Thinner than this (pt) in one direction, a filled or stroked rectangle is a rule. */
const RULE_THICKNESS = 2.5;

export class UnreadablePdfError extends Error {}

/** Reads every page of a PDF. Throws UnreadablePdfError when the bytes are not a PDF pdf.js can open. */
export async function readPdfGeometry(pdf: Uint8Array): Promise<PageGeometry[]> {
  const lib = await loadPdfJs();
  const { OPS } = lib;
  let doc;
  try {
    doc = await lib.getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false }).promise;
  } catch (error) {
    throw new UnreadablePdfError(`not a readable PDF: ${(error as Error).message}`);
  }
  try {
    const pages: PageGeometry[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [vx0, vy0, vx1, vy1] = page.view as [number, number, number, number];
      const { fnArray, argsArray } = await page.getOperatorList();
      const glyphs: Glyph[] = [];
      const rules: Rule[] = [];
      const stack: TextState[] = [];
      let state: TextState = { ctm: [1, 0, 0, 1, 0, 0], size: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 };
      let tm: Matrix = [1, 0, 0, 1, 0, 0];
      let tlm: Matrix = [1, 0, 0, 1, 0, 0];
      const moveText = (tx: number, ty: number) => {
        tlm = multiply(tlm, [1, 0, 0, 1, tx, ty]);
        tm = tlm;
      };
      const toPage = (x: number, y: number): [number, number] => [x - vx0, vy1 - y];
      const show = (items: readonly (PdfGlyph | number)[]) => {
        const font = state.font;
        if (!font || state.size === 0) return;
        const advanceScale = state.size * (font.fontMatrix[0] ?? 0.001);
        const device = multiply(state.ctm, tm);
        const scaleX = Math.hypot(device[0], device[1]);
        const scaleY = Math.hypot(device[2], device[3]);
        let x = 0;
        for (const item of items) {
          if (typeof item === "number") {
            x -= (item * state.size) / 1000;
            continue;
          }
          const width = (item.width ?? 0) * advanceScale;
          if (!font.vertical && item.unicode) {
            const [px, py] = toPage(...apply(device, x * state.hScale, state.rise));
            glyphs.push({ text: item.unicode, x: px, y: py, width: width * state.hScale * scaleX, size: Math.abs(state.size * scaleY), font: font.name });
          }
          x += width + state.charSpacing + (item.isSpace ? state.wordSpacing : 0);
        }
        tm = multiply(tm, [1, 0, 0, 1, x * state.hScale, 0]);
      };
      for (let i = 0; i < fnArray.length; i++) {
        const fn = fnArray[i];
        const args = argsArray[i] as unknown[];
        switch (fn) {
          case OPS.save:
            stack.push({ ...state });
            break;
          case OPS.restore:
            state = stack.pop() ?? state;
            break;
          case OPS.transform:
            state.ctm = multiply(state.ctm, args as number[]);
            break;
          case OPS.beginText:
            tm = [1, 0, 0, 1, 0, 0];
            tlm = [1, 0, 0, 1, 0, 0];
            break;
          case OPS.setFont: {
            const loaded = page.commonObjs.has(args[0] as string) ? (page.commonObjs.get(args[0] as string) as Record<string, unknown>) : undefined;
            const name = String(loaded?.name ?? args[0]).replace(/^[A-Z]{6}\+/, "");
            state.font = { name, fontMatrix: (loaded?.fontMatrix as number[]) ?? [0.001], vertical: loaded?.vertical === true };
            state.size = args[1] as number;
            break;
          }
          case OPS.setTextMatrix:
            tm = [...(args as Matrix)] as Matrix;
            tlm = tm;
            break;
          case OPS.moveText:
            moveText(args[0] as number, args[1] as number);
            break;
          case OPS.setLeadingMoveText:
            state.leading = -(args[1] as number);
            moveText(args[0] as number, args[1] as number);
            break;
          case OPS.nextLine:
            moveText(0, -state.leading);
            break;
          case OPS.setCharSpacing:
            state.charSpacing = args[0] as number;
            break;
          case OPS.setWordSpacing:
            state.wordSpacing = args[0] as number;
            break;
          case OPS.setHScale:
            state.hScale = (args[0] as number) / 100;
            break;
          case OPS.setLeading:
            state.leading = args[0] as number;
            break;
          case OPS.setTextRise:
            state.rise = args[0] as number;
            break;
          case OPS.showText:
          case OPS.showSpacedText:
            show(args[0] as (PdfGlyph | number)[]);
            break;
          case OPS.nextLineShowText:
            moveText(0, -state.leading);
            show(args[0] as (PdfGlyph | number)[]);
            break;
          case OPS.nextLineSetSpacingShowText:
            state.wordSpacing = args[0] as number;
            state.charSpacing = args[1] as number;
            moveText(0, -state.leading);
            show(args[2] as (PdfGlyph | number)[]);
            break;
          case OPS.constructPath: {
            // pdf.js 5.0 paints with the next operator; later versions name the paint as the first argument
            const paint = typeof args[0] === "number" ? args[0] : fnArray[i + 1];
            const painted = paint === OPS.fill || paint === OPS.eoFill || paint === OPS.stroke || paint === OPS.fillStroke || paint === OPS.closeStroke;
            const minMax = args[args.length - 1] as ArrayLike<number> | null;
            if (!painted || !minMax || minMax.length < 4) break;
            const corners = [apply(state.ctm, minMax[0]!, minMax[1]!), apply(state.ctm, minMax[2]!, minMax[3]!)].map(([x, y]) => toPage(x, y));
            const x0 = Math.min(corners[0]![0], corners[1]![0]);
            const x1 = Math.max(corners[0]![0], corners[1]![0]);
            const y0 = Math.min(corners[0]![1], corners[1]![1]);
            const y1 = Math.max(corners[0]![1], corners[1]![1]);
            const w = x1 - x0;
            const h = y1 - y0;
            if (w <= RULE_THICKNESS && h > RULE_THICKNESS) rules.push({ x0, y0, x1, y1, vertical: true });
            else if (h <= RULE_THICKNESS && w > RULE_THICKNESS) rules.push({ x0, y0, x1, y1, vertical: false });
            break;
          }
          default:
            break;
        }
      }
      pages.push({ number: n, width: vx1 - vx0, height: vy1 - vy0, glyphs, rules });
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
