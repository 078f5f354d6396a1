/**
 * What a PDF draws, in OFD's terms: per page, glyphs with their origins and fonts and painted paths,
 * in millimetres from the page's top-left corner, in drawing order; the bookmarks; the fonts.
 *
 * Read from the PDF's own content streams (page-walker.ts), parsed with pdf-lib. pdf.js reads the
 * same PDF in the verification (functions/ofd/verify/): the text and the page images the OFD is
 * checked against never come from this code.
 */
import { setImmediate as turn } from "node:timers/promises";
import { PDFArray, PDFDict, PDFName, PDFRef } from "pdf-lib";
import { OfdConversionError } from "./errors.js";
import { readOutline } from "./pdf-outline.js";
import { readPdfFont, type PdfFont } from "./pdf-fonts.js";
import { PdfObjects, type PdfSource } from "./pdf-objects.js";
import { FontRegistry, PageWalker, PT_TO_MM } from "./page-walker.js";

/** 0–255 per channel */
export type Rgb = readonly [number, number, number];

export interface PlacedGlyph {
  readonly kind: "glyph";
  /** the font's number (its order of first use in the document) */
  readonly font: number;
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

export interface FillStyle {
  readonly color: Rgb;
  readonly alpha: number;
  readonly evenOdd: boolean;
}

export interface PaintedPath {
  readonly kind: "path";
  /** in mm, page space */
  readonly segments: readonly PathSegment[];
  readonly fill?: FillStyle;
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

export interface PdfContent {
  readonly pages: readonly PdfPageContent[];
  readonly outline: readonly OutlineEntry[];
  /** every font the pages set, in order of first use (numbered 1, 2, …) */
  readonly fonts: readonly PdfFont[];
}


type Box = [number, number, number, number];

/** The page's visible box: the CropBox within the MediaBox (as readers show it), normalised. */
function viewOf(objects: PdfObjects, page: PDFDict, pageNumber: number): Box {
  const boxOf = (key: string): Box | undefined => {
    const value = objects.resolve(inherited(objects, page, key));
    if (!(value instanceof PDFArray) || value.size() !== 4) return undefined;
    const [x0, y0, x1, y1] = value.asArray().map((v) => Number(objects.resolve(v)?.toString()));
    if (![x0, y0, x1, y1].every(Number.isFinite)) return undefined;
    return [Math.min(x0!, x1!), Math.min(y0!, y1!), Math.max(x0!, x1!), Math.max(y0!, y1!)];
  };
  const media = boxOf("MediaBox");
  if (!media) throw new OfdConversionError("pdf-structure", `page ${pageNumber} has no MediaBox`);
  const crop = boxOf("CropBox");
  if (!crop) return media;
  const box: Box = [Math.max(media[0], crop[0]), Math.max(media[1], crop[1]), Math.min(media[2], crop[2]), Math.min(media[3], crop[3])];
  return box[2] > box[0] && box[3] > box[1] ? box : media;
}

/** A page attribute that may sit on an ancestor in the page tree (ISO 32000-1 §7.7.3.4). */
function inherited(objects: PdfObjects, page: PDFDict, key: string) {
  const name = PDFName.of(key);
  for (let node: PDFDict | undefined = page, depth = 0; node && depth < 64; depth++) {
    if (node.has(name)) return node.get(name);
    const parent = objects.resolve(node.get(PDFName.of("Parent")));
    node = parent instanceof PDFDict ? parent : undefined;
  }
  return undefined;
}

/** The page's content streams, decoded and joined (a stream may end mid-token only at a stream's end). */
function contentOf(objects: PdfObjects, page: PDFDict, pageNumber: number): Uint8Array {
  const contents = objects.resolve(page.get(PDFName.of("Contents")));
  const streams = contents instanceof PDFArray ? contents.asArray() : contents === undefined ? [] : [contents];
  const parts = streams.map((s) => objects.streamBytes(s, `the content of page ${pageNumber}`));
  if (parts.length === 1) return parts[0]!;
  return Buffer.concat(parts.flatMap((p) => [p, Buffer.from("\n")]));
}

/** An annotation a reader draws (its normal appearance) would be missing from the OFD: refuse it. */
function checkAnnotations(objects: PdfObjects, page: PDFDict, pageNumber: number): void {
  const annots = objects.resolve(page.get(PDFName.of("Annots")));
  if (!(annots instanceof PDFArray)) return;
  for (const entry of annots.asArray()) {
    const annot = objects.resolve(entry);
    if (!(annot instanceof PDFDict)) continue;
    const flags = objects.number(annot, "F") ?? 0;
    const hidden = (flags & 2) !== 0 || (flags & 32) !== 0;
    if (!hidden && objects.get(objects.dict(annot, "AP"), "N") !== undefined) {
      throw new OfdConversionError("unsupported-content", `page ${pageNumber}: the appearance of a ${objects.name(annot, "Subtype") ?? ""} annotation cannot be written to OFD by this converter`);
    }
  }
}

/** The page tree's leaves in order (§7.7.3), each with its reference. */
function pagesOf(objects: PdfObjects): { ref: PDFRef; node: PDFDict }[] {
  const pages: { ref: PDFRef; node: PDFDict }[] = [];
  const seen = new Set<PDFDict>();
  const visit = (tree: PDFDict) => {
    seen.add(tree);
    const kids = objects.resolve(tree.get(PDFName.of("Kids")));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : []) {
      const node = objects.resolve(kid);
      if (!(node instanceof PDFDict) || seen.has(node)) continue;
      const type = node.get(PDFName.of("Type"));
      if (type === PDFName.of("Pages")) visit(node);
      else if (type === PDFName.of("Page") && kid instanceof PDFRef) pages.push({ ref: kid, node });
    }
  };
  const root = objects.dict(objects.source.catalog, "Pages");
  if (root) visit(root);
  return pages;
}

/**
 * Reads every page's drawing, the bookmarks and the fonts used. It gives the event loop a turn after
 * each page: the service converts while it uploads the PDF, and those uploads proceed meanwhile.
 */
export async function readPdfContent(source: PdfSource): Promise<PdfContent> {
  const objects = new PdfObjects(source);
  const fonts = new FontRegistry(objects, readPdfFont);
  const pages: PdfPageContent[] = [];
  const views: Box[] = [];
  const pdfPages = pagesOf(objects);
  for (const [index, page] of pdfPages.entries()) {
    const n = index + 1;
    const node = page.node;
    const rotate = Number(objects.resolve(inherited(objects, node, "Rotate"))?.toString() ?? 0);
    if (rotate % 360 !== 0) throw new OfdConversionError("unsupported-content", `page ${n} is rotated`);
    const view = viewOf(objects, node, n);
    views.push(view);
    checkAnnotations(objects, node, n);
    const resources = objects.resolve(inherited(objects, node, "Resources"));
    const items = new PageWalker(objects, fonts, n, view).walk(contentOf(objects, node, n), resources instanceof PDFDict ? resources : undefined);
    pages.push({ width: (view[2] - view[0]) * PT_TO_MM, height: (view[3] - view[1]) * PT_TO_MM, items });
    await turn();
  }
  return { pages, outline: readOutline(objects, pdfPages.map((p) => p.ref), views), fonts: fonts.fonts };
}
