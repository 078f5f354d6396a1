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

/** Whitespace and delimiters of the PDF syntax (ISO 32000-1 §7.2.2). */
function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
}
function isDelimiter(c: number): boolean {
  return c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
}

/**
 * Splits a content stream into operators: yields [start, operator] for each, where start is where its
 * first operand begins.
 */
function* operators(content: string): Generator<[number, string]> {
  let i = 0;
  let operandsStart = -1;
  const n = content.length;
  while (i < n) {
    const c = content.charCodeAt(i);
    if (isWhite(c)) {
      i++;
      continue;
    }
    if (operandsStart < 0) operandsStart = i;
    if (c === 0x25) {
      // a comment runs to the end of the line
      while (i < n && content.charCodeAt(i) !== 0x0a && content.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x28) {
      // a literal string, with balanced parentheses and backslash escapes
      let depth = 0;
      for (; i < n; i++) {
        const d = content.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      i++;
    } else if (c === 0x3c && content.charCodeAt(i + 1) !== 0x3c) {
      i = content.indexOf(">", i) + 1; // a hex string
    } else if (c === 0x2f || isDelimiter(c)) {
      // a name, or << >> [ ] { }
      i++;
      if (c === 0x2f) while (i < n && !isWhite(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      else if ((c === 0x3c || c === 0x3e) && content.charCodeAt(i) === c) i++;
    } else {
      const start = i;
      while (i < n && !isWhite(content.charCodeAt(i)) && !isDelimiter(content.charCodeAt(i))) i++;
      const token = content.slice(start, i);
      const code = token.charCodeAt(0);
      const numeric = (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2b || code === 0x2e;
      if (!numeric && token !== "true" && token !== "false" && token !== "null") {
        if (token === "BI") {
          // inline image data is binary: skip to its EI
          const end = content.indexOf("EI", i);
          yield [operandsStart, "BI"];
          i = end + 2;
        } else {
          yield [operandsStart, token];
        }
        operandsStart = -1;
      }
    }
  }
}

/**
 * The operators that matter here, found by one regular expression: safe where the stream has no
 * literal strings (Skia writes text as hex strings), whose parentheses could hide a lookalike token.
 */
const RELEVANT = /(?<=^|[\s\]>])(BDC|BMC|EMC|BT|ET|q|Q|m|re|Do|sh|S|s|f\*?|F|B\*?|b\*?|n)(?=[\s/\[<(]|$)/g;

function* relevantOperators(content: string): Generator<[number, string]> {
  let previousEnd = 0;
  RELEVANT.lastIndex = 0;
  for (let m = RELEVANT.exec(content); m; m = RELEVANT.exec(content)) {
    // operators in between (cm, rg, gs, Tf…) only set state: they may go on either side of a mark
    let start = previousEnd;
    while (start < m.index && isWhite(content.charCodeAt(start))) start++;
    previousEnd = m.index + m[0].length;
    yield [start, m[1]!];
  }
}

/** The content stream with its unmarked painting wrapped as artifacts. */
export function markArtifacts(content: string): string {
  let out = "";
  let copied = 0;
  let depth = 0; // marked-content nesting
  let open = false; // inside an /Artifact sequence we opened
  let painting = false; // between a PAINTING operator and its end
  const close = (at: number) => {
    out += content.slice(copied, at);
    out += isWhite(out.charCodeAt(out.length - 1)) ? "EMC\n" : "\nEMC\n";
    copied = at;
    open = false;
  };
  for (const [start, op] of content.includes("(") ? operators(content) : relevantOperators(content)) {
    if (op === "BDC" || op === "BMC") {
      if (open) close(start);
      depth++;
    } else if (op === "EMC") {
      depth--;
    } else if (op === "q" || op === "Q") {
      if (open && !painting) close(start);
    } else if (depth === 0 && !open && PAINTING.has(op)) {
      out += `${content.slice(copied, start)}/Artifact BMC\n`;
      copied = start;
      open = true;
    }
    if (PAINTING.has(op)) painting = true;
    if (PAINTING_ENDS.has(op)) painting = false;
  }
  if (open) close(content.length);
  return out + content.slice(copied);
}

/** Re-marks the tagged marked-content sequences with these MCIDs as pagination artifacts. */
export function remarkAsArtifacts(content: string, mcids: ReadonlySet<number>): string {
  return content.replace(/\/[^\s/<>[\]()]+\s*<<\s*\/MCID\s+(\d+)\s*>>\s*BDC/g, (found, mcid: string) =>
    mcids.has(Number(mcid)) ? "/Artifact <</Type /Pagination>> BDC" : found,
  );
}

/**
 * Marks the artifacts of every page's content streams in `pdf` (in place); `repeated` names tagged
 * content that is to become an artifact too (repeated table header rows).
 */
export function markPageArtifacts(pdf: PdfFile, repeated: RepeatedContent = new Map()): void {
  for (const [num, object] of pdf.objects) {
    if (object.stream || !/\/Type\s*\/Page\b/.test(object.text)) continue;
    const remark = repeated.get(num);
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/.exec(object.text)?.[1] ?? "";
    for (const ref of contents.matchAll(/(\d+)\s+\d+\s+R/g)) {
      const stream = pdf.objects.get(Number(ref[1]));
      if (!stream?.stream) continue;
      const flate = /\/Filter\s*\/FlateDecode/.test(stream.text);
      if (!flate && /\/Filter/.test(stream.text)) continue; // an encoding Chromium does not write
      const content = (flate ? inflateSync(stream.stream) : Buffer.from(stream.stream)).toString("latin1");
      const marked = Buffer.from(markArtifacts(remark ? remarkAsArtifacts(content, remark) : content), "latin1");
      stream.stream = flate ? deflateSync(marked, DEFLATE) : marked;
      stream.text = stream.text.replace(/\/Length\s+\d+/, `/Length ${stream.stream.length}`);
    }
  }
}
