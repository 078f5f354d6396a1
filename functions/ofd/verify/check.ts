/**
 * The whole check of an OFD against the PDF it was made from, with readers we did not write: pages
 * rendered by ofd.js and by pdf.js in one browser and compared by their ink (ink.ts), the characters
 * ofd.js drew on each page against pdf.js's text of the PDF page, and the page counts.
 */
import { openPdfWithPdfJs } from "./pdfjs.js";
import { compareInk, DEFAULT_THRESHOLDS, inkFindings, type InkComparison, type InkThresholds } from "./ink.js";
import type { OfdReader } from "./reader.js";

/** 8 px/mm: at 4, a 1-pixel table rule is black in one reader and grey in the other, depending on where it falls. */
export const CHECK_PX_PER_MM = 8;

export interface PageVerdict {
  readonly page: number;
  readonly ink: InkComparison;
  /** characters of the PDF page the OFD page lacks, and the reverse (whitespace ignored) */
  readonly missingText: string;
  readonly extraText: string;
  readonly findings: readonly string[];
}

export interface OfdVerdict {
  readonly pdfPages: number;
  readonly ofdPages: number;
  readonly pages: readonly PageVerdict[];
  /** families ofd.js asked for that the package did not supply */
  readonly unregisteredFamilies: readonly string[];
  /** everything that fails, in words; empty when the OFD passes */
  readonly findings: readonly string[];
}

/** The text of each PDF page as pdf.js extracts it. */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const doc = await openPdfWithPdfJs(pdf);
  try {
    const texts: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      texts.push(content.items.map((item) => ("str" in item ? item.str : "")).join(""));
    }
    return texts;
  } finally {
    await doc.destroy();
  }
}

/** What `a` has that `b` lacks, character by character (a multiset difference), whitespace ignored. */
function lacking(a: string, b: string): string {
  const counts = new Map<string, number>();
  for (const c of b.replace(/\s+/gu, "")) counts.set(c, (counts.get(c) ?? 0) + 1);
  let out = "";
  for (const c of a.replace(/\s+/gu, "")) {
    const n = counts.get(c) ?? 0;
    if (n > 0) counts.set(c, n - 1);
    else out += c;
  }
  return out;
}

export async function verifyOfd(reader: OfdReader, pdf: Uint8Array, ofd: Uint8Array, thresholds: InkThresholds = DEFAULT_THRESHOLDS): Promise<OfdVerdict> {
  const [ofdPages, pdfPages, texts] = [await reader.renderOfd(ofd, CHECK_PX_PER_MM), await reader.renderPdf(pdf, CHECK_PX_PER_MM), await pdfPageTexts(pdf)];
  const findings: string[] = [];
  if (ofdPages.pages.length !== pdfPages.length) findings.push(`the OFD has ${ofdPages.pages.length} pages, the PDF ${pdfPages.length}`);
  if (ofdPages.unregisteredFamilies.length > 0) findings.push(`fonts not in the package: ${ofdPages.unregisteredFamilies.join(", ")}`);
  if (ofdPages.unloadableFamilies.length > 0) findings.push(`embedded fonts the browser refused: ${ofdPages.unloadableFamilies.join(", ")}`);
  const pages: PageVerdict[] = [];
  for (let i = 0; i < Math.min(ofdPages.pages.length, pdfPages.length); i++) {
    const ink = compareInk(pdfPages[i]!.image, ofdPages.pages[i]!.image);
    const missingText = lacking(texts[i] ?? "", ofdPages.pages[i]!.text);
    const extraText = lacking(ofdPages.pages[i]!.text, texts[i] ?? "");
    const pageFindings = inkFindings(ink, thresholds);
    if (missingText) pageFindings.push(`text missing from the OFD: ${missingText.slice(0, 40)}`);
    if (extraText) pageFindings.push(`text only in the OFD: ${extraText.slice(0, 40)}`);
    pages.push({ page: i + 1, ink, missingText, extraText, findings: pageFindings });
    findings.push(...pageFindings.map((f) => `page ${i + 1}: ${f}`));
  }
  return { pdfPages: pdfPages.length, ofdPages: ofdPages.pages.length, pages, unregisteredFamilies: ofdPages.unregisteredFamilies, findings };
}
