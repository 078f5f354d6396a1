/**
 * PDF → OFD: the very layout Chromium printed, written as an OFD with text objects and embedded fonts.
 *
 *   content streams → glyphs and paths (pdf-content.ts, page-walker.ts), parsed with pdf-lib
 *   FontFile2 streams → TrueType subsets, checked with fontkit (pdf-fonts.ts, embedded-font.ts)
 *   lines and segments → TextObjects, paths → PathObjects (page-objects.ts)
 *   parts → zip (ofd-package.ts)
 */
import { setImmediate as turn } from "node:timers/promises";
import { EmbeddedFont } from "./embedded-font.js";
import { OfdConversionError } from "./errors.js";
import { readPdfContent, type PdfContent } from "./pdf-content.js";
import { CrossReferenceError } from "./pdf-file.js";
import { loadWholePdf, openPdf } from "./pdf-objects.js";
import { writeOfdPackage, type OfdDocInfo } from "./ofd-package.js";
import { PageObjectBuilder, type PageStats } from "./page-objects.js";

/** Changes whenever the converter would write a different OFD for the same PDF. */
export const OFD_CONVERTER_VERSION = "1";

export interface OfdOptions {
  readonly info: OfdDocInfo;
  /** GB/T 42133-2022 OFD-A: DocType "OFD-A", archival font tables required, a default colour space */
  readonly archival?: boolean;
}

export interface OfdStats {
  readonly pages: number;
  readonly fonts: number;
  readonly perPage: readonly PageStats[];
  /** glyphs written with CGTransform because the font's cmap gives another glyph for their text */
  readonly substitutions: number;
}

export interface OfdResult {
  readonly ofd: Uint8Array;
  readonly docId: string;
  readonly stats: OfdStats;
  /** every file of the package by path */
  readonly parts: ReadonlyMap<string, Uint8Array>;
}

const A4 = { width: 210, height: 297 };

/** Chromium's A4 is 594.96 × 841.92 pt (209.89 × 297.01 mm): it is A4, and is declared as such. */
function pageSize(width: number, height: number): { width: number; height: number } {
  if (Math.abs(width - A4.width) < 0.5 && Math.abs(height - A4.height) < 0.5) return A4;
  return { width: Math.round(width * 100) / 100, height: Math.round(height * 100) / 100 };
}

/** What the PDF draws: its objects read on demand, or — when its cross-reference data fails — the whole file parsed. */
async function contentOf(pdf: Uint8Array): Promise<PdfContent> {
  try {
    return await readPdfContent(openPdf(pdf));
  } catch (error) {
    if (!(error instanceof CrossReferenceError)) throw error;
  }
  return readPdfContent(await loadWholePdf(pdf));
}

export async function pdfToOfd(pdf: Uint8Array, options: OfdOptions): Promise<OfdResult> {
  const content = await contentOf(pdf);
  if (content.pages.length === 0) throw new OfdConversionError("pdf-structure", "the PDF has no pages");
  const size = pageSize(content.pages[0]!.width, content.pages[0]!.height);
  content.pages.forEach((page, i) => {
    const other = pageSize(page.width, page.height);
    if (other.width !== size.width || other.height !== size.height) {
      throw new OfdConversionError("unsupported-content", `page ${i + 1} is ${other.width} × ${other.height} mm, unlike page 1`);
    }
  });

  const fonts = new Map<number, { number: number; font: EmbeddedFont }>();
  for (const { number, program } of content.fonts) {
    const font = new EmbeddedFont(program);
    if (options.archival) {
      const missing = font.missingArchivalTables();
      if (missing.length > 0) throw new OfdConversionError("font", `the subset of ${font.baseFont} lacks the tables ${missing.join(", ")} that OFD-A requires (GB/T 42133 §6.2.6c)`);
    }
    fonts.set(number, { number, font });
  }

  const builder = new PageObjectBuilder(fonts);
  const pages: ReturnType<PageObjectBuilder["build"]>[] = [];
  for (const [i, page] of content.pages.entries()) {
    pages.push(builder.build(page, i + 1));
    await turn(); // as readPdfContent does: other work of the process proceeds between pages
  }
  const written = await writeOfdPackage({
    docType: options.archival ? "OFD-A" : "OFD",
    info: options.info,
    pageWidth: size.width,
    pageHeight: size.height,
    fonts: [...fonts.values()],
    pages: pages.map((p) => p.objects),
    outline: content.outline,
  });
  return {
    ofd: written.bytes,
    docId: written.docId,
    parts: written.parts,
    stats: { pages: pages.length, fonts: fonts.size, perPage: pages.map((p) => p.stats), substitutions: builder.substitutions },
  };
}
