/**
 * Document information for a PDF that Chromium printed: Title, Author, Subject, Keywords, Creator,
 * Producer, dates, a document ID, the catalog's /Lang, and the bookmarks.
 *
 * Chromium maps only <title>; the rest is set on the parsed file (pdf-objects.ts) before the one
 * compact rewrite of a render (tagged-pdf.ts), so the PDF is parsed and written once.
 *
 * Reproducible: the same report and template give the same bytes. Chromium stamps its own Info with
 * the wall-clock time; those entries are blanked, the document date is the report's own date, and
 * the /ID is derived from the content (withContentId).
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";
import type { PdfFile } from "./pdf-objects.js";

export interface PdfInfo {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly creator: string;
  readonly producer: string;
  /**
   * The document's date (YYYY-MM-DD): the day the agency published or signed the report. Never the
   * time of rendering — identical reports rendered at different moments must give identical bytes.
   * Without one, the PDF carries no date.
   */
  readonly date?: string;
  readonly lang: string;
  /** bookmarks: each points at a named destination Chromium recorded for a link target */
  readonly outline: readonly { readonly title: string; readonly destination: string }[];
}

/** A PDF text string: UTF-16BE with a byte-order mark, written in hex (safe for any character). */
export function pdfTextString(text: string): string {
  let hex = "<FEFF";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0").toUpperCase();
  return `${hex}>`;
}

/** A calendar date of the report (YYYY-MM-DD), as a PDF date at midnight China Standard Time. */
export function pdfDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `(D:${match[1]}${match[2]}${match[3]}000000+08'00')`;
}

/** Chromium's wall-clock stamps in its own Info dictionary, e.g. /CreationDate (D:20250320123456+00'00'). */
const CHROMIUM_DATES = /\/(?:CreationDate|ModDate)\s*\(D:[^)]*\)/g;

/** A document ID (ISO 32000-1 §14.4) that depends only on the content: the same bytes, the same ID. */
function contentId(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 32).toUpperCase();
}

export class PdfStructureError extends Error {}

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let found: RegExpExecArray | undefined;
  const global = new RegExp(pattern.source, "g");
  for (let m = global.exec(text); m; m = global.exec(text)) found = m;
  return found;
}

/**
 * Gives a parsed PDF (in place) its document information, /Lang and bookmarks: a new Info object, an
 * outline, the catalog rewritten. Chromium's own Info keeps only what carries no time.
 */
export function addDocumentInfo(pdf: PdfFile, info: PdfInfo): void {
  const catalog = pdf.objects.get(pdf.root);
  if (!catalog?.text.startsWith("<<")) throw new PdfStructureError("the PDF catalog was not found");
  const chromiumInfo = pdf.info === undefined ? undefined : pdf.objects.get(pdf.info);
  // its wall-clock dates become spaces (valid PDF whitespace): the dictionary stays well-formed
  if (chromiumInfo) chromiumInfo.text = chromiumInfo.text.replace(CHROMIUM_DATES, (stamp) => " ".repeat(stamp.length));
  // Both halves equal: the document has not been modified since it was made (§14.4); the digits are
  // set by withContentId once the PDF is finished.
  pdf.id ??= `/ID [<${"0".repeat(32)}> <${"0".repeat(32)}>]`;

  const infoNum = pdf.size;
  pdf.objects.set(infoNum, {
    text:
      `<< /Title ${pdfTextString(info.title)} /Author ${pdfTextString(info.author)} /Subject ${pdfTextString(info.subject)}` +
      ` /Keywords ${pdfTextString(info.keywords.join("; "))} /Creator ${pdfTextString(info.creator)}` +
      ` /Producer ${pdfTextString(info.producer)}` +
      (info.date ? ` /CreationDate ${pdfDate(info.date)} /ModDate ${pdfDate(info.date)}` : "") +
      " >>",
  });
  pdf.info = infoNum;

  // The outline: a root and one item per bookmark, linked as siblings (ISO 32000-1 §12.3.3).
  const outlineRoot = infoNum + 1;
  const first = infoNum + 2;
  const last = first + info.outline.length - 1;
  if (info.outline.length > 0) {
    pdf.objects.set(outlineRoot, { text: `<< /Type /Outlines /First ${first} 0 R /Last ${last} 0 R /Count ${info.outline.length} >>` });
    info.outline.forEach((item, i) => {
      const num = first + i;
      pdf.objects.set(num, {
        text:
          `<< /Title ${pdfTextString(item.title)} /Parent ${outlineRoot} 0 R` +
          (i > 0 ? ` /Prev ${num - 1} 0 R` : "") +
          (num < last ? ` /Next ${num + 1} 0 R` : "") +
          ` /Dest /${item.destination} >>`,
      });
    });
  }
  pdf.size = info.outline.length > 0 ? last + 1 : infoNum + 1;

  // The catalog, with /Lang and the outline.
  const keep = catalog.text
    .slice(2, catalog.text.lastIndexOf(">>"))
    .replace(/\/Lang\s*(<[^>]*>|\([^)]*\))/, "")
    .replace(/\/Outlines\s+\d+\s+\d+\s+R/, "")
    .replace(/\/PageMode\s*\/\w+/, "");
  const outlineEntries = info.outline.length > 0 ? ` /Outlines ${outlineRoot} 0 R /PageMode /UseOutlines` : "";
  catalog.text = `<<${keep} /Lang (${info.lang})${outlineEntries}>>`;
}

/** The number of pages of a parsed PDF: the /Count of its page tree's root. */
export function filePageCount(pdf: PdfFile): number {
  const pages = /\/Pages\s+(\d+)\s+\d+\s+R/.exec(pdf.objects.get(pdf.root)?.text ?? "");
  const count = /\/Count\s+(\d+)/.exec(pdf.objects.get(Number(pages?.[1]))?.text ?? "");
  if (!count) throw new PdfStructureError("the PDF has no page tree");
  return Number(count[1]);
}

/** The number of pages: the /Count of the page tree's root. */
export function pageCount(pdf: Uint8Array): number {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString("latin1");
  let count = pageTreeCount(text);
  if (count === 0) {
    // a finished tagged PDF (tagged-pdf.ts) keeps its page tree in compressed object streams
    for (const m of text.matchAll(/<<[^>]*\/Type\s*\/ObjStm\b[^>]*>>\s*stream\r?\n/g)) {
      const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(m[0]);
      if (!length || !/\/Filter\s*\/FlateDecode/.test(m[0])) continue;
      const from = m.index + m[0].length;
      count = Math.max(count, pageTreeCount(inflateSync(bytes.subarray(from, from + Number(length[1]))).toString("latin1")));
    }
  }
  if (count === 0) throw new PdfStructureError("the PDF has no page tree");
  return count;
}

/** The largest /Count of a page tree node in PDF text: the root's. */
function pageTreeCount(text: string): number {
  let count = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)) {
    count = Math.max(count, Number(m[1] ?? m[2]));
  }
  return count;
}

/**
 * Sets the last /ID of a finished PDF to a digest of its content (the ID's own digits zeroed), in
 * place and at the same length, so that no offset moves: a PDF rewritten after withInfo (the tagged
 * one) keeps an ID that depends only on what it shows.
 */
export function withContentId(pdf: Uint8Array): Uint8Array {
  const bytes = Buffer.from(pdf);
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096)).toString("latin1");
  const found = lastMatch(tail, /\/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]/);
  if (!found) return pdf;
  const at = bytes.length - Buffer.byteLength(tail, "latin1") + found.index;
  const zeroed = found[0].replace(/[0-9A-Fa-f](?=[0-9A-Fa-f]*>)/g, "0");
  bytes.write(zeroed, at, "latin1");
  const digest = contentId(bytes);
  const fit = (hex: string) => digest.repeat(Math.ceil(hex.length / digest.length)).slice(0, hex.length);
  bytes.write(found[0].replace(found[1]!, fit(found[1]!)).replace(new RegExp(`<${found[2]!}>\\s*\\]$`), `<${fit(found[2]!)}>]`), at, "latin1");
  return bytes;
}
