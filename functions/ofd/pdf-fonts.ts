/**
 * The fonts a PDF page draws with, as the converter needs them: each glyph's advance (the CIDFont's
 * W and DW) and text (the ToUnicode CMap), and the embedded TrueType program (FontFile2) that goes
 * into the OFD.
 *
 * Only Chromium's kind of font is taken: a Type 0 font with Identity-H encoding over a CIDFontType2
 * (TrueType) subset. Anything else is refused by name — the OFD needs an embeddable TrueType program
 * for every font (GB/T 42133 §6.2.6b).
 */
import { PDFArray, PDFDict, PDFNumber, PDFStream } from "pdf-lib";
import { ContentLexer, type Operand } from "./content-stream.js";
import { OfdConversionError } from "./errors.js";
import { fontPrograms, streamKey, toUnicodeMaps } from "./font-cache.js";
import type { PdfObjects } from "./pdf-objects.js";

export interface PdfFontProgram {
  /** 1-based, in the order the PDF's pages first set the fonts */
  readonly number: number;
  readonly baseFont: string;
  /** the TrueType program (FontFile2) */
  readonly file: Uint8Array;
  /** the program as the PDF stores it, raw deflate data, when it can go into the zip as it is */
  readonly deflated?: Uint8Array;
  /** CID → glyph id; undefined for Identity */
  readonly cidToGid?: Uint16Array;
}

export class PdfFont {
  constructor(
    readonly program: PdfFontProgram,
    /** CID → advance in thousandths of the text space unit */
    private readonly widths: ReadonlyMap<number, number>,
    private readonly defaultWidth: number,
    /** character code → text */
    private readonly toUnicode: ReadonlyMap<number, string>,
  ) {}

  get number(): number {
    return this.program.number;
  }

  get baseFont(): string {
    return this.program.baseFont;
  }

  /** The advance of a CID (Identity-H: the character code), in thousandths of an em. */
  width(cid: number): number {
    return this.widths.get(cid) ?? this.defaultWidth;
  }

  /** The text a character code stands for, or undefined when the PDF does not say. */
  unicode(code: number): string | undefined {
    return this.toUnicode.get(code);
  }
}

/** The CIDFont's W array (ISO 32000-1 §9.7.4.3): `c [w1 w2 …]` and `cFirst cLast w`. */
function widthsOf(objects: PdfObjects, cidFont: PDFDict): Map<number, number> {
  const widths = new Map<number, number>();
  const w = objects.array(cidFont, "W") ?? [];
  const num = (o: unknown) => (o instanceof PDFNumber ? o.asNumber() : undefined);
  for (let i = 0; i < w.length; i++) {
    let start = num(w[i++]);
    if (start === undefined || !Number.isInteger(start)) break;
    const next = w[i];
    if (next instanceof PDFArray) {
      for (const item of next.asArray()) {
        const width = num(objects.resolve(item));
        if (width !== undefined) widths.set(start, width);
        start++;
      }
      continue;
    }
    const last = num(next);
    if (last === undefined || !Number.isInteger(last)) break;
    const width = num(w[++i]);
    if (width === undefined) continue;
    for (let cid = start; cid <= last; cid++) widths.set(cid, width);
  }
  return widths;
}

const MAX_RANGE = 0xffff;

/** UTF-16BE bytes → text; an odd length is taken as a leading zero byte. */
function utf16(bytes: Uint8Array): string {
  const padded = bytes.length % 2 === 1 ? Uint8Array.of(0, ...bytes) : bytes;
  let s = "";
  for (let i = 0; i < padded.length; i += 2) s += String.fromCharCode((padded[i]! << 8) | padded[i + 1]!);
  return s;
}

function codeOf(bytes: Operand | undefined, where: string): number {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > 4) throw new OfdConversionError("pdf-structure", `${where}: a character code that is not a hex string of 1–4 bytes`);
  let code = 0;
  for (const b of bytes) code = code * 256 + b;
  return code;
}

/** The ToUnicode CMap's bfchar and bfrange entries (ISO 32000-1 §9.10.3). */
function toUnicodeOf(objects: PdfObjects, font: PDFDict, baseFont: string): ReadonlyMap<number, string> {
  const stream = objects.get(font, "ToUnicode");
  if (!(stream instanceof PDFStream)) return new Map();
  return toUnicodeMaps.get(streamKey(stream), () => readToUnicode(objects, stream, baseFont));
}

function readToUnicode(objects: PdfObjects, stream: PDFStream, baseFont: string): Map<number, string> {
  const map = new Map<number, string>();
  const where = `the ToUnicode CMap of ${baseFont}`;
  const lexer = new ContentLexer(objects.streamBytes(stream, where), where);
  const operands: Operand[] = [];
  for (let op = lexer.next(operands); op !== undefined; op = lexer.next(operands)) {
    if (op === "endbfchar") {
      for (let i = 0; i + 1 < operands.length; i += 2) {
        const target = operands[i + 1];
        if (target instanceof Uint8Array) map.set(codeOf(operands[i], where), utf16(target));
      }
    } else if (op === "endbfrange") {
      for (let i = 0; i + 2 < operands.length; i += 3) {
        const low = codeOf(operands[i], where);
        const high = codeOf(operands[i + 1], where);
        const target = operands[i + 2];
        if (high - low > MAX_RANGE) throw new OfdConversionError("pdf-structure", `${where}: a range of ${high - low + 1} codes`);
        if (Array.isArray(target)) {
          target.forEach((t, k) => {
            if (t instanceof Uint8Array && low + k <= high) map.set(low + k, utf16(t));
          });
        } else if (target instanceof Uint8Array && target.length > 0) {
          // the last byte counts up through the range, carrying into the one before it
          const bytes = Uint8Array.from(target);
          for (let code = low; code <= high; code++) {
            map.set(code, utf16(bytes));
            const last = bytes.length - 1;
            if (bytes[last] === 0xff && last > 0) {
              bytes[last] = 0;
              bytes[last - 1]!++;
            } else bytes[last]!++;
          }
        }
      }
    } else if (op === "usecmap") {
      throw new OfdConversionError("font", `${where} builds on another CMap (usecmap), which the converter does not follow`);
    }
  }
  return map;
}

/** The font a Tf names, checked to be a Type 0 / Identity-H / TrueType font with its program embedded. */
export function readPdfFont(objects: PdfObjects, font: PDFDict, number: number): PdfFont {
  const baseFont = objects.name(font, "BaseFont") ?? "";
  const subtype = objects.name(font, "Subtype");
  if (subtype !== "Type0") {
    throw new OfdConversionError("font", `the font ${baseFont} is a ${subtype ?? "untyped"} font; only CID TrueType fonts can be embedded in the OFD`);
  }
  const descendants = objects.array(font, "DescendantFonts");
  const cid = descendants?.[0];
  if (!(cid instanceof PDFDict) || objects.name(cid, "Subtype") !== "CIDFontType2") {
    throw new OfdConversionError("font", `the font ${baseFont} has no TrueType outlines (CIDFontType2); CFF and Type 3 fonts cannot be embedded in the OFD`);
  }
  const encoding = objects.name(font, "Encoding");
  if (encoding !== "Identity-H") throw new OfdConversionError("font", `the font ${baseFont} uses the encoding ${encoding ?? "(a CMap stream)"}, not Identity-H`);
  const descriptor = objects.dict(cid, "FontDescriptor");
  const file = objects.get(descriptor, "FontFile2");
  if (!(file instanceof PDFStream)) throw new OfdConversionError("font", `the font ${baseFont} is not embedded as TrueType (FontFile2)`);
  const map = objects.get(cid, "CIDToGIDMap");
  let cidToGid: Uint16Array | undefined;
  if (map instanceof PDFStream) {
    const bytes = objects.streamBytes(map, `the CIDToGIDMap of ${baseFont}`);
    cidToGid = new Uint16Array(bytes.length >> 1);
    for (let i = 0; i < cidToGid.length; i++) cidToGid[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  }
  const { bytes, deflated } = fontPrograms.get(streamKey(file), () => objects.streamWithDeflated(file, `the font program of ${baseFont}`));
  const program: PdfFontProgram = { number, baseFont, file: bytes, ...(deflated ? { deflated } : {}), ...(cidToGid ? { cidToGid } : {}) };
  const dw = objects.number(cid, "DW");
  return new PdfFont(program, widthsOf(objects, cid), dw !== undefined ? Math.ceil(dw) : 1000, toUnicodeOf(objects, font, baseFont));
}
