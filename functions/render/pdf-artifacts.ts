/**
 * Marks as artifacts (ISO 32000-1 §14.8.2.2) everything Chromium paints outside the tagged content of
 * a page: the page numbers of the @page margin boxes, the 草稿 watermark (aria-hidden), table rules and
 * backgrounds. Chromium leaves them as unmarked content, which PDF/UA forbids and which some screen
 * readers read aloud between the paragraphs.
 *
 * The content stream is scanned token by token; a run of painting operators at marked-content depth 0
 * is wrapped in `/Artifact BMC … EMC`. A run is closed before q/Q, so the marked-content sequences and
 * the graphics-state stack stay properly nested, and before any tagged content begins.
 */
import { deflateSync, inflateSync } from "node:zlib";
import { DEFLATE, type PdfFile } from "./pdf-objects.js";
import type { RepeatedContent } from "./pdf-structure.js";

/** Operators that paint or that begin a painted object (a path, a text object, an XObject, a shading). */
const PAINTING = new Set(["BT", "m", "re", "Do", "sh", "BI"]);
/** Operators that end what PAINTING began. */
const PAINTING_ENDS = new Set(["ET", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "Do", "sh", "EI"]);
/** The operators that matter here, by their bytes; the others (cm, rg, gs, Tf, Tj…) only set state or show text. */
const RELEVANT = new Map([...PAINTING, ...PAINTING_ENDS, "BDC", "BMC", "EMC", "q", "Q", "ID"].map((op) => [operatorCode(Buffer.from(op), 0, op.length), op]));

/** An operator of up to three bytes as one number. */
function operatorCode(bytes: Uint8Array, from: number, to: number): number {
  let code = 0;
  for (let i = from; i < to; i++) code = code * 256 + bytes[i]!;
  return code;
}

/** Whitespace and delimiters of the PDF syntax (ISO 32000-1 §7.2.2). */
function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}
function isDelimiter(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}
/** Byte classes, looked up: the scanner below reads every byte of every page. */
const WHITE = 1;
const DELIMITER = 2;
const CLASS = new Uint8Array(256).map((_, c) => (isWhite(c) ? WHITE : isDelimiter(c) ? DELIMITER : 0));

/**
 * Called for each relevant operator: its name; `start`, just after the previous relevant operator (the
 * state-setting operators in between may go on either side of a mark); its end; and `operands`, where
 * the operands of this operator alone begin (after the previous operator of any kind).
 */
type OperatorVisitor = (op: string, start: number, end: number, operands: number) => void;

/**
 * Splits a content stream into the operators that matter here, byte by byte (strings, names, arrays
 * and dictionaries read whole, so an operator lookalike inside one is not an operator). An operator's
 * start is just after the previous relevant one: the state-setting operators in between may go on
 * either side of a mark.
 */
function relevantOperators(content: Uint8Array, visit: OperatorVisitor): void {
  const n = content.length;
  let i = 0;
  let previousEnd = 0; // of the previous relevant operator
  let operands = 0; // just after the previous operator of any kind
  while (i < n) {
    const c = content[i]!;
    const kind = CLASS[c]!;
    if (kind === WHITE) {
      i++;
    } else if (kind === 0) {
      const tokenStart = i;
      while (i < n && CLASS[content[i]!] === 0) i++;
      // numbers and true/false/null are operands; anything else of at most three bytes may be an operator
      const numeric = (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e;
      if (numeric || i - tokenStart > 3) continue;
      const op = RELEVANT.get(operatorCode(content, tokenStart, i));
      if (op === "ID") {
        // inline image data is binary: skip to its EI
        const end = Buffer.from(content.buffer, content.byteOffset, n).indexOf("EI", i);
        i = end < 0 ? n : end;
      }
      if (op === undefined || op === "ID") {
        operands = i;
        continue;
      }
      let start = previousEnd;
      while (start < tokenStart && CLASS[content[start]!] === WHITE) start++;
      visit(op, start, i, operands);
      previousEnd = i;
      operands = i;
    } else if (c === 0x25) {
      // a comment runs to the end of the line
      while (i < n && content[i] !== 0x0a && content[i] !== 0x0d) i++;
    } else if (c === 0x28) {
      // a literal string, with balanced parentheses and backslash escapes
      let depth = 0;
      for (; i < n; i++) {
        const d = content[i]!;
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
    } else if (c === 0x3c && content[i + 1] !== 0x3c) {
      // a hex string
      while (i < n && content[i] !== 0x3e) i++;
      i++;
    } else if (c === 0x2f) {
      i++; // a name
      while (i < n && CLASS[content[i]!] === 0) i++;
    } else {
      // << >> [ ] { }
      i += (c === 0x3c || c === 0x3e) && content[i + 1] === c ? 2 : 1;
    }
  }
}

const ARTIFACT = Buffer.from("/Artifact BMC\n", "latin1");
const END = Buffer.from("EMC\n", "latin1");
const NEWLINE_END = Buffer.from("\nEMC\n", "latin1");
const PAGINATION = Buffer.from("/Artifact <</Type /Pagination>> BDC", "latin1");
/** A tagged marked-content sequence's operands: `/Tag <</MCID n>>`. */
const TAGGED = /^\s*\/[^\s/<>[\]()]+\s*<<\s*\/MCID\s+(\d+)\s*>>\s*$/;

/**
 * The content stream with its unmarked painting wrapped as artifacts; the tagged sequences with the
 * MCIDs in `remark` (repeated table headers) become pagination artifacts.
 */
export function markContent(content: Uint8Array, remark?: ReadonlySet<number>): Buffer {
  const source = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const out: Buffer[] = [];
  let copied = 0;
  let last = -1; // the last byte written
  const copy = (to: number) => {
    if (to > copied) {
      out.push(source.subarray(copied, to));
      last = source[to - 1]!;
      copied = to;
    }
  };
  const insert = (chunk: Buffer) => {
    out.push(chunk);
    last = chunk[chunk.length - 1]!;
  };
  let depth = 0; // marked-content nesting
  let open = false; // inside an /Artifact sequence we opened
  let painting = false; // between a PAINTING operator and its end
  const close = (at: number) => {
    copy(at);
    insert(isWhite(last) ? END : NEWLINE_END);
    open = false;
  };
  relevantOperators(source, (op, start, end, operands) => {
    if (op === "BDC" || op === "BMC") {
      if (open) close(start);
      depth++;
      if (op === "BDC" && remark && remark.size > 0) {
        const tagged = TAGGED.exec(source.toString("latin1", operands, end - 3));
        if (tagged && remark.has(Number(tagged[1]))) {
          let tag = operands;
          while (isWhite(source[tag]!)) tag++;
          copy(tag);
          insert(PAGINATION);
          copied = end;
        }
      }
    } else if (op === "EMC") {
      depth--;
    } else if (op === "q" || op === "Q") {
      if (open && !painting) close(start);
    } else if (depth === 0 && !open && PAINTING.has(op)) {
      copy(start);
      insert(ARTIFACT);
      open = true;
    }
    if (PAINTING.has(op)) painting = true;
    if (PAINTING_ENDS.has(op)) painting = false;
  });
  if (open) close(source.length);
  copy(source.length);
  return Buffer.concat(out);
}

/** markContent for text: the content stream as a latin1 string (one character per byte). */
export function markArtifacts(content: string, remark?: ReadonlySet<number>): string {
  return markContent(Buffer.from(content, "latin1"), remark).toString("latin1");
}

/**
 * Marks the artifacts of every page's content streams in `pdf` (in place); `repeated` names tagged
 * content that is to become an artifact too (repeated table header rows).
 */
export function markPageArtifacts(pdf: PdfFile, repeated: RepeatedContent = new Map()): void {
  for (const [num, object] of pdf.objects) {
    if (object.stream || !object.text.includes("/Page") || !/\/Type\s*\/Page\b/.test(object.text)) continue;
    const remark = repeated.get(num);
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(object.text)?.[1] ?? "";
    for (const ref of contents.matchAll(/(\d+)\s+\d+\s+R/g)) {
      const stream = pdf.objects.get(Number(ref[1]));
      if (!stream?.stream) continue;
      const flate = /\/Filter\s*\/FlateDecode/.test(stream.text);
      if (!flate && /\/Filter/.test(stream.text)) continue; // an encoding Chromium does not write
      const marked = markContent(flate ? inflateSync(stream.stream) : stream.stream, remark);
      stream.stream = flate ? deflateSync(marked, DEFLATE) : marked;
      stream.text = stream.text.replace(/\/Length\s+\d+/, `/Length ${stream.stream.length}`);
    }
  }
}
