/** Reading PDFs the way a viewer would: pdf.js for text, pdf-lib for structure, a canvas for pixels. */
import { createCanvas } from "@napi-rs/canvas";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from "pdf-lib";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjs;
}

async function open(pdf: Uint8Array) {
  const { getDocument } = await loadPdfJs();
  return getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false, fontExtraProperties: true }).promise;
}

/** The text of each page, as pdf.js extracts it. */
export async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  const doc = await open(pdf);
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
  }
  await doc.destroy();
  return pages;
}

export function squeeze(text: string): string {
  return text.replace(/\s+/g, "");
}

export interface PdfFacts {
  readonly info: Record<string, unknown>;
  readonly outline: { title: string; page: number }[];
  readonly pageSizes: { width: number; height: number }[];
}

export async function pdfFacts(pdf: Uint8Array): Promise<PdfFacts> {
  const doc = await open(pdf);
  const { info } = await doc.getMetadata();
  const outline: PdfFacts["outline"] = [];
  for (const item of (await doc.getOutline()) ?? []) {
    const dest = typeof item.dest === "string" ? await doc.getDestination(item.dest) : item.dest;
    outline.push({ title: item.title, page: dest ? (await doc.getPageIndex(dest[0])) + 1 : 0 });
  }
  const pageSizes: PdfFacts["pageSizes"] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const [x0, y0, x1, y1] = (await doc.getPage(n)).view;
    pageSizes.push({ width: x1! - x0!, height: y1! - y0! });
  }
  await doc.destroy();
  return { info: info as Record<string, unknown>, outline, pageSizes };
}

export interface EmbeddedFont {
  readonly baseFont: string;
  readonly subtype: string;
  /** for Type0 fonts: the descendant's subtype (CIDFontType2 = TrueType outlines) */
  readonly descendant?: string;
  /** which font-file key carries the embedded program, if any */
  readonly fontFile?: string;
}

/** Every font dictionary in the file, with how its program is embedded. */
export async function embeddedFonts(pdf: Uint8Array): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const lookup = (value: unknown) => (value instanceof PDFRef ? ctx.lookup(value) : value);
  const fonts: EmbeddedFont[] = [];
  const fontFileOf = (descriptor: unknown): string | undefined => {
    const dict = lookup(descriptor);
    if (!(dict instanceof PDFDict)) return undefined;
    return ["FontFile", "FontFile2", "FontFile3"].find((key) => dict.get(PDFName.of(key)) !== undefined);
  };
  for (const [, object] of ctx.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream ? object.dict : object;
    if (!(dict instanceof PDFDict) || dict.get(PDFName.of("Type"))?.toString() !== "/Font") continue;
    const subtype = dict.get(PDFName.of("Subtype"))?.toString() ?? "";
    if (subtype === "/CIDFontType2" || subtype === "/CIDFontType0") continue; // reported with their parent
    const baseFont = dict.get(PDFName.of("BaseFont"))?.toString() ?? "";
    if (subtype === "/Type0") {
      const descendants = lookup(dict.get(PDFName.of("DescendantFonts")));
      const first = descendants instanceof PDFArray ? lookup(descendants.get(0)) : undefined;
      const child = first instanceof PDFDict ? first : undefined;
      fonts.push({
        baseFont,
        subtype,
        descendant: child?.get(PDFName.of("Subtype"))?.toString(),
        fontFile: fontFileOf(child?.get(PDFName.of("FontDescriptor"))),
      });
    } else {
      fonts.push({ baseFont, subtype, fontFile: fontFileOf(dict.get(PDFName.of("FontDescriptor"))) });
    }
  }
  return fonts;
}

export interface DrawnFont {
  /** the PostScript name without the subset tag, e.g. "NotoSerifSC-Bold" */
  readonly name: string;
  /** pdf.js's font type: "CIDFontType2" for TrueType outlines in a Type0 font */
  readonly type: string;
  readonly type3: boolean;
  readonly embedded: boolean;
  /** the pages it draws on */
  readonly pages: number[];
}

/** Every font the pages draw with, as pdf.js loads them (one entry per embedded font program). */
export async function drawnFonts(pdf: Uint8Array): Promise<DrawnFont[]> {
  const { OPS } = await loadPdfJs();
  const doc = await open(pdf);
  const fonts = new Map<string, { name: string; type: string; type3: boolean; embedded: boolean; pages: number[] }>();
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.setFont) continue;
      const id = (ops.argsArray[i] as [string])[0];
      const known = fonts.get(id);
      if (known) {
        if (!known.pages.includes(n)) known.pages.push(n);
        continue;
      }
      const font = (page.commonObjs.has(id) ? page.commonObjs.get(id) : page.objs.get(id)) as {
        name: string;
        type: string;
        isType3Font: boolean;
        missingFile: boolean;
      };
      fonts.set(id, { name: font.name.replace(/^[A-Z]{6}\+/, ""), type: font.type, type3: font.isType3Font, embedded: !font.missingFile, pages: [n] });
    }
  }
  await doc.destroy();
  return [...fonts.values()];
}

/** Renders one page (1-based) to RGBA pixels. */
export async function rasterize(pdf: Uint8Array, pageNumber: number, scale: number): Promise<{ width: number; height: number; data: Uint8Array; png: Buffer }> {
  const doc = await open(pdf);
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: context as never, viewport }).promise;
  const image = context.getImageData(0, 0, canvas.width, canvas.height);
  const png = canvas.toBuffer("image/png");
  await doc.destroy();
  return { width: canvas.width, height: canvas.height, data: new Uint8Array(image.data.buffer), png };
}
