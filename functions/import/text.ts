/**
 * Text as the readers hand it over, and label keys as the recogniser compares them. Real reports mix
 * full-width and ASCII punctuation, pad cells with ideographic spaces, break labels over lines and
 * put spaces between letters for justification; a label must match whatever of that it carries.
 */

/** Spaces that are only layout: no-break, ideographic, thin, zero-width, BOM. */
const LAYOUT_SPACE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/** Collapses whitespace within each line and trims it; keeps deliberate line breaks ("\n"). */
export function cleanText(text: string): string {
  return text
    .replace(INVISIBLE, "")
    .replace(LAYOUT_SPACE, " ")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t\f\v]+/g, " ").trim())
    .filter((line) => line !== "")
    .join("\n")
    .trim();
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201f\u2026\u2014]/;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

/**
 * Joins the lines a cell or a wrapped paragraph was set in: Chinese runs on without a space, Latin
 * words get one back (the line break stood for it).
 */
export function joinLines(lines: readonly string[]): string {
  let out = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (out === "") out = line;
    else out += isCjk(out[out.length - 1]) || isCjk(line[0]) || /[-/]$/.test(out) ? line : ` ${line}`;
  }
  return out;
}

/**
 * The form in which two labels are compared: compatibility-normalised (full-width letters, digits
 * and brackets become ASCII), without whitespace, quotes or closing punctuation, with 「1．」 read as
 * 「1.」.
 */
export function labelKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/["'‘’“”「」『』〝〞]/g, "")
    .replace(/(\d)[、，,。]/g, "$1.")
    .replace(/[〔【［]/g, "(")
    .replace(/[〕】］]/g, ")")
    .replace(/[。：:；;，,]+$/g, "");
}

/** Longest common subsequence over the shorter string: how much of two labels agrees, 0–1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const [s, t] = a.length <= b.length ? [a, b] : [b, a];
  let previous = new Array<number>(s.length + 1).fill(0);
  for (let j = 1; j <= t.length; j++) {
    const current = new Array<number>(s.length + 1).fill(0);
    for (let i = 1; i <= s.length; i++) {
      current[i] = s[i - 1] === t[j - 1] ? previous[i - 1]! + 1 : Math.max(previous[i]!, current[i - 1]!);
    }
    previous = current;
  }
  return (2 * previous[s.length]!) / (a.length + b.length);
}
