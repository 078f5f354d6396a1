/**
 * Reads the objects of a PDF that Chromium (Skia) wrote, with any incremental updates appended, and
 * writes them out again as a compact PDF 1.7 file: every object that is not a stream goes into
 * compressed object streams, and the cross-reference table becomes a compressed cross-reference
 * stream (ISO 32000-1 §7.5.7, §7.5.8).
 *
 * Why: a tagged report carries some 700 small structure-element dictionaries. Skia writes each one
 * and its cross-reference line uncompressed (about 100 KB for the 2021 example); packed into object
 * streams they take a tenth of that. A whole re-save with pdf-lib would cost 25–50 ms per report; this
 * reader relies on what Skia writes (direct /Length, one object per `N G obj … endobj`, classic
 * cross-reference sections) and copies bytes, so it costs a few milliseconds.
 */
import { deflateSync } from "node:zlib";

export class PdfFormatError extends Error {}

export interface PdfObject {
  /** the object's dictionary or value, as written */
  text: string;
  /** a stream's data, as stored (still encoded by its /Filter) */
  stream?: Uint8Array;
}

export interface PdfFile {
  /** the latest definition of every object, by number */
  readonly objects: Map<number, PdfObject>;
  readonly root: number;
  /** one more than the highest object number in use: where new objects are numbered from */
  size: number;
  info?: number;
  /** the trailer's /ID array, if any, as written */
  id?: string;
}

export const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** The index just after the dictionary that starts at `i` (`<<`), skipping strings inside it. */
export function dictionaryEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x3c && text.charCodeAt(j + 1) === 0x3c) {
      depth++;
      j++;
    } else if (c === 0x3e && text.charCodeAt(j + 1) === 0x3e) {
      j++;
      if (--depth === 0) return j + 1;
    } else if (c === 0x28) {
      // a literal string: balanced parentheses, backslash escapes
      let parens = 0;
      for (; j < text.length; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) j++;
        else if (d === 0x28) parens++;
        else if (d === 0x29 && --parens === 0) break;
      }
    }
  }
  throw new PdfFormatError("a dictionary is not closed");
}

/**
 * The object header (`N G obj`) at byte `i`, after whitespace: where objects follow one another, as
 * Skia writes them, this is read directly; anything else (an update's trailer, say) is searched.
 */
function headerAt(data: Buffer, i: number): { num: number; end: number } | undefined {
  let j = i;
  // whitespace and comments (the file's header lines)
  for (;;) {
    while (isSpace(data[j]!)) j++;
    if (data[j] !== 0x25) break;
    while (j < data.length && data[j] !== 0x0a && data[j] !== 0x0d) j++;
  }
  let num = 0;
  const numStart = j;
  while (isDigit(data[j]!)) num = num * 10 + data[j++]! - 0x30;
  if (j > numStart && isSpace(data[j]!)) {
    while (isSpace(data[j]!)) j++;
    const genStart = j;
    while (isDigit(data[j]!)) j++;
    if (j > genStart && isSpace(data[j]!)) {
      while (isSpace(data[j]!)) j++;
      if (data[j] === 0x6f && data[j + 1] === 0x62 && data[j + 2] === 0x6a && !isRegular(data[j + 3])) return { num, end: j + 3 };
    }
  }
  // a cross-reference section holds nothing but numbers: skipped whole, not searched
  const from = latin1(data, numStart, Math.min(data.length, numStart + 4)) === "xref" ? data.indexOf("trailer", numStart) : i;
  if (from < 0) return undefined;
  const m = /(\d+)\s+(\d+)\s+obj\b/.exec(data.toString("latin1", from));
  return m ? { num: Number(m[1]), end: from + m.index + m[0].length } : undefined;
}

/** A byte that belongs to a keyword or number (neither whitespace nor a delimiter); false past the end. */
function isRegular(c: number | undefined): boolean {
  return c !== undefined && !isSpace(c) && c !== 0x28 && c !== 0x29 && c !== 0x3c && c !== 0x3e && c !== 0x5b && c !== 0x5d && c !== 0x7b && c !== 0x7d && c !== 0x2f && c !== 0x25;
}

/** Bytes as text, one character per byte (Buffer's own latin1Slice: toString costs three times as much per call). */
const latin1 = (data: Buffer, from: number, to: number): string => (data as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);

const ENDOBJ = Buffer.from("endobj", "latin1");

/** Beyond this many characters an object that has not shown the keyword `stream` is read whole. */
const STREAM_DICTIONARY_MAX = 4096;

/**
 * Reads every object of the file; later definitions (incremental updates) replace earlier ones. Only
 * the objects' own text becomes a string: the streams (the fonts are half the file) stay bytes.
 */
export function readPdf(bytes: Uint8Array): PdfFile {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const objects = new Map<number, PdfObject>();
  for (let header = headerAt(data, 0); header; ) {
    const { num } = header;
    let start = header.end;
    while (isSpace(data[start]!)) start++;
    const end = data.indexOf(ENDOBJ, start);
    if (end < 0) throw new PdfFormatError(`object ${num} has no endobj`);
    // A stream's dictionary is followed by the keyword `stream`, and its data may hold any bytes
    // (`endobj` too): the object's text is read up to the keyword, the data stays bytes.
    const head = latin1(data, start, Math.min(end, start + STREAM_DICTIONARY_MAX));
    let whole = head.length === end - start ? head : undefined;
    let keyword = head.indexOf("stream");
    if (keyword < 0 && whole === undefined) keyword = (whole = latin1(data, start, end)).indexOf("stream");
    const dict = keyword < 0 ? undefined : (whole ?? head).slice(0, keyword).trimEnd();
    if (dict?.startsWith("<<") && dictionaryEnd(dict, 0) === dict.length) {
      const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
      if (!length) throw new PdfFormatError(`stream ${num} has no direct /Length`);
      let from = start + keyword + "stream".length;
      if (data[from] === 0x0d) from++;
      if (data[from] === 0x0a) from++;
      const to = from + Number(length[1]);
      objects.set(num, { text: dict, stream: data.subarray(from, to) });
      const after = data.indexOf(ENDOBJ, to);
      if (after < 0) throw new PdfFormatError(`stream ${num} has no endobj`);
      header = headerAt(data, after + "endobj".length);
    } else {
      objects.set(num, { text: (whole ?? latin1(data, start, end)).trim() });
      header = headerAt(data, end + "endobj".length);
    }
  }
  const trailer = data.toString("latin1", Math.max(0, data.lastIndexOf("trailer")));
  const root = /\/Root\s+(\d+)\s+\d+\s+R/.exec(trailer);
  if (!root) throw new PdfFormatError("the PDF has no trailer with /Root");
  const info = /\/Info\s+(\d+)\s+\d+\s+R/.exec(trailer);
  const id = /\/ID\s*\[[^\]]*\]/.exec(trailer)?.[0];
  let size = Number(/\/Size\s+(\d+)/.exec(trailer)?.[1] ?? 0);
  for (const num of objects.keys()) if (num >= size) size = num + 1;
  return {
    objects,
    root: Number(root[1]),
    size,
    ...(info ? { info: Number(info[1]) } : {}),
    ...(id ? { id } : {}),
  };
}

/**
 * zlib's fastest level: on this kind of text it costs a fifth of the default level's time for a few
 * per cent more bytes, and it runs inside every render.
 */
export const DEFLATE = { level: 1 } as const;

/** Objects per object stream: small enough that a reader inflates little to reach one. */
const OBJECTS_PER_STREAM = 200;

/** Writes the objects as a PDF 1.7 file with object streams and a cross-reference stream. */
export function writeCompactPdf(pdf: PdfFile): Uint8Array {
  const chunks: Buffer[] = [];
  let offset = 0;
  const push = (chunk: Buffer | string) => {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    chunks.push(buffer);
    offset += buffer.length;
  };
  // byte 0, a binary comment so that transfer tools treat the file as binary
  push("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");

  const nums = [...pdf.objects.keys()].sort((a, b) => a - b);
  let next = nums.length > 0 ? nums[nums.length - 1]! + 1 : 1;
  /** per object: [type, field 2, field 3] of its cross-reference entry */
  const entries = new Map<number, [number, number, number]>();

  const writeStream = (num: number, dict: string, data: Uint8Array) => {
    entries.set(num, [1, offset, 0]);
    push(`${num} 0 obj\n${dict}\nstream\n`);
    push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    push("\nendstream\nendobj\n");
  };

  const plain: number[] = [];
  for (const num of nums) {
    const object = pdf.objects.get(num)!;
    if (object.stream) writeStream(num, object.text, object.stream);
    else plain.push(num);
  }
  for (let i = 0; i < plain.length; i += OBJECTS_PER_STREAM) {
    const members = plain.slice(i, i + OBJECTS_PER_STREAM);
    const streamNum = next++;
    // latin1 text: one character is one byte
    let header = "";
    const bodies: string[] = [];
    let length = 0;
    members.forEach((num, index) => {
      const text = `${pdf.objects.get(num)!.text}\n`;
      header += `${num} ${length} `;
      bodies.push(text);
      length += text.length;
      entries.set(num, [2, streamNum, index]);
    });
    const body = bodies.join("");
    const content = deflateSync(Buffer.from(header + body, "latin1"), DEFLATE);
    writeStream(streamNum, `<</Type /ObjStm /N ${members.length} /First ${header.length} /Filter /FlateDecode /Length ${content.length}>>`, content);
  }

  const xrefNum = next++;
  entries.set(xrefNum, [1, offset, 0]);
  const size = next;
  const table = Buffer.alloc(size * 7);
  for (let num = 0; num < size; num++) {
    const [type, second, third] = entries.get(num) ?? [0, 0, num === 0 ? 0xffff : 0];
    table.writeUInt8(type, num * 7);
    table.writeUInt32BE(second, num * 7 + 1);
    table.writeUInt16BE(third, num * 7 + 5);
  }
  const xref = deflateSync(table, DEFLATE);
  const trailer =
    `/Type /XRef /Size ${size} /W [1 4 2] /Root ${pdf.root} 0 R` +
    (pdf.info !== undefined ? ` /Info ${pdf.info} 0 R` : "") +
    (pdf.id ? ` ${pdf.id}` : "");
  const xrefOffset = offset;
  push(`${xrefNum} 0 obj\n<<${trailer} /Filter /FlateDecode /Length ${xref.length}>>\nstream\n`);
  push(xref);
  push(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return Buffer.concat(chunks, offset);
}
