/**
 * Document information for a PDF that Chromium printed: Title, Author, Subject, Keywords, Creator,
 * Producer, dates, a document ID, and the catalog's /Lang.
 *
 * Chromium maps only <title>; the rest, and the bookmarks, are added as an incremental update (ISO 32000-1 §7.5.6): new
 * objects, a new cross-reference section and a trailer appended after the original bytes. That costs
 * well under a millisecond, where loading and re-saving the whole document with pdf-lib costs
 * 25–50 ms per report — a third of the render. Readers (and pdf-lib, pdf.js) read the update as
 * they read any updated PDF.
 *
 * Reproducible: the same report and template give the same bytes. Chromium stamps its own Info with
 * the wall-clock time; those entries are blanked in place (same length, so every offset stays
 * valid), the document date is the report's own date, and the /ID is derived from the content.
 */
import { createHash } from "node:crypto";
import { inflateSync } from "node:zlib";

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

/**
 * Blanks the render-time dates Chromium wrote, in place: spaces of the same length are valid PDF
 * whitespace, so the dictionary stays well-formed and no cross-reference offset moves.
 */
function blankRenderDates(bytes: Buffer): void {
  const head = bytes.subarray(0, Math.min(bytes.length, 4096)).toString("latin1");
  for (const match of head.matchAll(CHROMIUM_DATES)) bytes.fill(0x20, match.index, match.index + match[0].length);
}

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

/** Appends the document information (and /Lang) to a PDF with a classic cross-reference table. */
export function withInfo(pdf: Uint8Array, info: PdfInfo): Uint8Array {
  const bytes = Buffer.from(pdf); // a copy: the dates are blanked in place
  blankRenderDates(bytes);
  const tail = bytes.subarray(Math.max(0, bytes.length - 4096)).toString("latin1");
  const startxref = lastMatch(tail, /startxref\s+(\d+)\s+%%EOF/);
  const trailer = lastMatch(tail, /trailer\s*<<([\s\S]*?)>>\s*startxref/);
  if (!startxref || !trailer) throw new PdfStructureError("the PDF has no classic trailer to update");
  const dict = trailer[1]!;
  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1]);
  const root = /\/Root\s+(\d+)\s+(\d+)\s+R/.exec(dict);
  if (!size || !root) throw new PdfStructureError("the PDF trailer lacks /Size or /Root");
  const existingId = /\/ID\s*\[[^\]]*\]/.exec(dict)?.[0];
  // Both halves equal: the document has not been modified since it was made (§14.4). Chromium's own
  // ID, where it writes one, is replaced by withContentId once the PDF is finished.
  const digest = contentId(bytes);
  const id = existingId ?? `/ID [<${digest}> <${digest}>]`;

  const objects: { num: number; body: string }[] = [];
  const infoNum = size;
  objects.push({
    num: infoNum,
    body:
      `<< /Title ${pdfTextString(info.title)} /Author ${pdfTextString(info.author)} /Subject ${pdfTextString(info.subject)}` +
      ` /Keywords ${pdfTextString(info.keywords.join("; "))} /Creator ${pdfTextString(info.creator)}` +
      ` /Producer ${pdfTextString(info.producer)}` +
      (info.date ? ` /CreationDate ${pdfDate(info.date)} /ModDate ${pdfDate(info.date)}` : "") +
      " >>",
  });

  // The outline: a root and one item per bookmark, linked as siblings (ISO 32000-1 §12.3.3).
  const outlineRoot = size + 1;
  const first = size + 2;
  const last = first + info.outline.length - 1;
  if (info.outline.length > 0) {
    objects.push({ num: outlineRoot, body: `<< /Type /Outlines /First ${first} 0 R /Last ${last} 0 R /Count ${info.outline.length} >>` });
    info.outline.forEach((item, i) => {
      const num = first + i;
      objects.push({
        num,
        body:
          `<< /Title ${pdfTextString(item.title)} /Parent ${outlineRoot} 0 R` +
          (i > 0 ? ` /Prev ${num - 1} 0 R` : "") +
          (num < last ? ` /Next ${num + 1} 0 R` : "") +
          ` /Dest /${item.destination} >>`,
      });
    });
  }

  // The catalog, rewritten with /Lang and the outline.
  const rootNum = Number(root[1]);
  const text = bytes.toString("latin1");
  const catalog = lastMatch(text, new RegExp(`(?:^|[\\r\\n\\s])${rootNum}\\s+${root[2]}\\s+obj\\s*<<([\\s\\S]*?)>>\\s*endobj`));
  if (!catalog) throw new PdfStructureError("the PDF catalog was not found");
  const keep = catalog[1]!
    .replace(/\/Lang\s*(<[^>]*>|\([^)]*\))/, "")
    .replace(/\/Outlines\s+\d+\s+\d+\s+R/, "")
    .replace(/\/PageMode\s*\/\w+/, "");
  const outlineEntries = info.outline.length > 0 ? ` /Outlines ${outlineRoot} 0 R /PageMode /UseOutlines` : "";
  objects.push({ num: rootNum, body: `<<${keep} /Lang (${info.lang})${outlineEntries}>>` });
  const newSize = Math.max(size + 1, info.outline.length > 0 ? last + 1 : 0);

  let out = "\n";
  const offsets = new Map<number, number>();
  for (const object of objects) {
    offsets.set(object.num, bytes.length + Buffer.byteLength(out, "latin1"));
    out += `${object.num} 0 obj\n${object.body}\nendobj\n`;
  }
  const xrefOffset = bytes.length + Buffer.byteLength(out, "latin1");
  out += "xref\n";
  for (const num of [...offsets.keys()].sort((a, b) => a - b)) {
    out += `${num} 1\n${String(offsets.get(num)).padStart(10, "0")} 00000 n \n`;
  }
  out += `trailer\n<< /Size ${newSize} /Root ${rootNum} ${root[2]} R /Info ${infoNum} 0 R /Prev ${startxref[1]} ${id} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(out, "latin1")]);
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
