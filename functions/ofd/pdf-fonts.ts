/**
 * The font programs embedded in the PDF (FontFile2 streams), matched to pdf.js's fonts.
 *
 * pdf.js does not say which font dictionary a font came from, and Chromium names every subset
 * "AAAAAA+<name>", so names cannot tell them apart. pdf.js does number fonts in the order it first
 * meets them (f1, f2, …) while it reads the content streams page by page; reading the same streams
 * here in the same order (Tf operators, through forms and graphics states) gives the same numbering.
 * The match is then checked glyph by glyph against the font's own cmap (embedded-font.ts), so a
 * mismatch cannot pass unnoticed.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, type PDFObject } from "pdf-lib";
import { OfdConversionError } from "./errors.js";

export interface PdfFontProgram {
  /** 1-based, in pdf.js's numbering */
  readonly number: number;
  readonly baseFont: string;
  /** the TrueType program (FontFile2) */
  readonly file: Uint8Array;
  /** CID → glyph id; undefined for Identity */
  readonly cidToGid?: Uint16Array;
}

function bytesOf(stream: PDFObject | undefined): Uint8Array {
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  if (stream instanceof PDFStream) return stream.getContents();
  throw new OfdConversionError("pdf-structure", "a stream was expected");
}

/** Tokens of a content stream that can name a font: Tf, Do (forms) and gs (graphics states). */
function* resourceUses(content: string): Generator<{ op: "Tf" | "Do" | "gs"; name: string }> {
  let lastName: string | undefined;
  let nameBeforeNumber: string | undefined;
  let i = 0;
  const n = content.length;
  const isWhite = (c: string) => c === " " || c === "\n" || c === "\r" || c === "\t" || c === "\f" || c === "\0";
  const isDelimiter = (c: string) => "()<>[]{}/%".includes(c);
  while (i < n) {
    const c = content[i]!;
    if (isWhite(c)) {
      i++;
    } else if (c === "%") {
      while (i < n && content[i] !== "\n" && content[i] !== "\r") i++;
    } else if (c === "(") {
      // a literal string: balanced parentheses, backslash escapes
      let depth = 0;
      for (; i < n; i++) {
        const d = content[i];
        if (d === "\\") i++;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      i++;
      lastName = nameBeforeNumber = undefined;
    } else if (c === "<" && content[i + 1] !== "<") {
      i = content.indexOf(">", i) + 1 || n;
      lastName = nameBeforeNumber = undefined;
    } else if (c === "/") {
      let j = i + 1;
      while (j < n && !isWhite(content[j]!) && !isDelimiter(content[j]!)) j++;
      lastName = content.slice(i + 1, j).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      nameBeforeNumber = undefined;
      i = j;
    } else if (isDelimiter(c)) {
      i += c === "<" || c === ">" ? 2 : 1;
    } else {
      let j = i;
      while (j < n && !isWhite(content[j]!) && !isDelimiter(content[j]!)) j++;
      const token = content.slice(i, j);
      i = j;
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
        // "/F1 12 Tf": the name comes before the size
        nameBeforeNumber = lastName;
        lastName = undefined;
        continue;
      }
      if (token === "Tf" && nameBeforeNumber !== undefined) yield { op: "Tf", name: nameBeforeNumber };
      else if ((token === "Do" || token === "gs") && lastName !== undefined) yield { op: token, name: lastName };
      else if (token === "BI") {
        // an inline image: its data runs to a whitespace-delimited EI
        const end = content.slice(i).search(/\sEI(\s|$)/);
        i = end < 0 ? n : i + end + 3;
      }
      lastName = nameBeforeNumber = undefined;
    }
  }
}

function dictOf(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const resolved = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return resolved instanceof PDFDict ? resolved : resolved instanceof PDFStream ? resolved.dict : undefined;
}

class FontOrder {
  private readonly refs: PDFRef[] = [];
  private readonly seen = new Set<string>();
  private readonly visitedForms = new Set<string>();

  constructor(private readonly doc: PDFDocument) {}

  private lookupDict(value: PDFObject | undefined): PDFDict | undefined {
    return dictOf(this.doc, value);
  }

  private addFont(ref: PDFObject | undefined): void {
    if (!(ref instanceof PDFRef)) return; // a direct font dictionary: Chromium never writes one
    const key = ref.toString();
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.refs.push(ref);
  }

  /** Reads one content stream the way pdf.js does, noting fonts in the order they are set. */
  scan(content: string, resources: PDFDict | undefined): void {
    const fonts = this.lookupDict(resources?.get(PDFName.of("Font")));
    const xobjects = this.lookupDict(resources?.get(PDFName.of("XObject")));
    const states = this.lookupDict(resources?.get(PDFName.of("ExtGState")));
    for (const use of resourceUses(content)) {
      if (use.op === "Tf") {
        this.addFont(fonts?.get(PDFName.of(use.name)));
      } else if (use.op === "gs") {
        const state = this.lookupDict(states?.get(PDFName.of(use.name)));
        const font = state?.get(PDFName.of("Font"));
        if (font instanceof PDFArray) this.addFont(font.get(0));
      } else {
        const ref = xobjects?.get(PDFName.of(use.name));
        const form = ref instanceof PDFRef ? this.doc.context.lookup(ref) : undefined;
        if (!(form instanceof PDFRawStream) || form.dict.get(PDFName.of("Subtype"))?.toString() !== "/Form") continue;
        // pdf.js reads a form's operators again at every use, but its fonts are numbered only once
        const key = ref!.toString();
        if (this.visitedForms.has(key)) continue;
        this.visitedForms.add(key);
        const formResources = this.lookupDict(form.dict.get(PDFName.of("Resources"))) ?? resources;
        this.scan(Buffer.from(bytesOf(form)).toString("latin1"), formResources);
        this.visitedForms.delete(key);
      }
    }
  }

  get order(): readonly PDFRef[] {
    return this.refs;
  }
}

function contentOf(doc: PDFDocument, contents: PDFObject | undefined): string {
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  const streams = resolved instanceof PDFArray ? resolved.asArray().map((s) => (s instanceof PDFRef ? doc.context.lookup(s) : s)) : [resolved];
  return streams
    .filter((s) => s !== undefined)
    .map((s) => Buffer.from(bytesOf(s)).toString("latin1"))
    .join("\n");
}

function programOf(doc: PDFDocument, ref: PDFRef, number: number): PdfFontProgram {
  const lookup = (value: PDFObject | undefined) => (value instanceof PDFRef ? doc.context.lookup(value) : value);
  const font = lookup(ref);
  if (!(font instanceof PDFDict)) throw new OfdConversionError("pdf-structure", `font ${ref.toString()} is not a dictionary`);
  const baseFont = font.get(PDFName.of("BaseFont"))?.toString().replace(/^\//, "") ?? "";
  const subtype = font.get(PDFName.of("Subtype"))?.toString();
  if (subtype !== "/Type0") {
    throw new OfdConversionError("font", `the font ${baseFont} is a ${subtype?.slice(1) ?? "untyped"} font; only CID TrueType fonts can be embedded in the OFD`);
  }
  const descendants = lookup(font.get(PDFName.of("DescendantFonts")));
  const cidFont = descendants instanceof PDFArray ? lookup(descendants.get(0)) : undefined;
  if (!(cidFont instanceof PDFDict) || cidFont.get(PDFName.of("Subtype"))?.toString() !== "/CIDFontType2") {
    throw new OfdConversionError("font", `the font ${baseFont} has no TrueType outlines (CIDFontType2); CFF and Type 3 fonts cannot be embedded in the OFD`);
  }
  const encoding = font.get(PDFName.of("Encoding"))?.toString();
  if (encoding !== "/Identity-H") throw new OfdConversionError("font", `the font ${baseFont} uses the encoding ${encoding}, not Identity-H`);
  const descriptor = lookup(cidFont.get(PDFName.of("FontDescriptor")));
  const file = descriptor instanceof PDFDict ? lookup(descriptor.get(PDFName.of("FontFile2"))) : undefined;
  if (!file) throw new OfdConversionError("font", `the font ${baseFont} is not embedded as TrueType (FontFile2)`);
  const map = lookup(cidFont.get(PDFName.of("CIDToGIDMap")));
  let cidToGid: Uint16Array | undefined;
  if (map instanceof PDFStream) {
    const bytes = bytesOf(map);
    cidToGid = new Uint16Array(bytes.length >> 1);
    for (let i = 0; i < cidToGid.length; i++) cidToGid[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  }
  return { number, baseFont, file: bytesOf(file), ...(cidToGid ? { cidToGid } : {}) };
}

/**
 * The embedded programs of the fonts numbered in `wanted` (pdf.js's numbers), read in pdf.js's
 * order of first use.
 */
export async function readFontPrograms(pdf: Uint8Array, wanted: readonly number[]): Promise<Map<number, PdfFontProgram>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const order = new FontOrder(doc);
  for (const page of doc.getPages()) {
    const resources = dictOf(doc, page.node.getInheritableAttribute(PDFName.of("Resources")));
    order.scan(contentOf(doc, page.node.get(PDFName.of("Contents"))), resources);
    // annotations' normal appearances follow the page's own operators in pdf.js's list
    const annots = page.node.Annots();
    for (const annot of annots?.asArray() ?? []) {
      const dict = annot instanceof PDFRef ? doc.context.lookup(annot) : annot;
      const appearance = dict instanceof PDFDict ? dict.get(PDFName.of("AP")) : undefined;
      const normal = appearance instanceof PDFDict ? appearance.get(PDFName.of("N")) : undefined;
      const stream = normal instanceof PDFRef ? doc.context.lookup(normal) : undefined;
      if (stream instanceof PDFRawStream) {
        order.scan(Buffer.from(bytesOf(stream)).toString("latin1"), dictOf(doc, stream.dict.get(PDFName.of("Resources"))));
      }
    }
  }
  const programs = new Map<number, PdfFontProgram>();
  for (const number of wanted) {
    const ref = order.order[number - 1];
    if (!ref) throw new OfdConversionError("pdf-structure", `pdf.js font f${number} has no font dictionary in the PDF's content streams`);
    programs.set(number, programOf(doc, ref, number));
  }
  return programs;
}
