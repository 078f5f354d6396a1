/**
 * The characters the compact fonts are cut to: everything an official report is written with.
 *
 * GB 2312 is the character set of 公文 (its 6 763 hanzi are the ones 仿宋_GB2312 and 楷体_GB2312 have),
 * plus the symbols of its rows 1–9, printable ASCII, and the punctuation and numbering the format uses
 * that GB 2312 maps differently or lacks (〇 in 二〇二四年, the em dash of page numbers). A report
 * character outside this set still renders: the bundled unicode-range slices stand behind the compact
 * fonts (see fonts.ts).
 */

/** Characters the format uses beyond GB 2312's rows as the WHATWG GBK decoder maps them. */
const FORMAT_EXTRAS =
  "〇" + // U+3007, years written in Chinese numerals
  "―・" + // GB 2312's own mappings of A1AA and A1A4 (the decoder gives — and ·)
  "—–‐…‥‘’“”•·※" +
  "、。，．；：？！（）［］｛｝〔〕【】《》〈〉「」『』〖〗" +
  "％‰℃№×÷±≤≥≠～−" +
  "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳" +
  "\u00a0\u3000"; // no-break and ideographic spaces

/** Unicode code points of GB 2312: rows 1–9 (symbols) and 16–87 (hanzi), decoded with GBK. */
export function gb2312CodePoints(): Set<number> {
  const decoder = new TextDecoder("gbk");
  const points = new Set<number>();
  const leads = [...range(0xa1, 0xa9), ...range(0xb0, 0xf7)];
  for (const lead of leads) {
    for (const trail of range(0xa1, 0xfe)) {
      const text = decoder.decode(new Uint8Array([lead, trail]));
      const point = text.codePointAt(0)!;
      // unassigned positions decode to U+FFFD or to the private use area
      if (text.length !== 1 || point === 0xfffd || (point >= 0xe000 && point <= 0xf8ff)) continue;
      points.add(point);
    }
  }
  return points;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The code points the compact fonts are cut to, ascending. */
export function officialCharset(): number[] {
  const points = gb2312CodePoints();
  for (let point = 0x20; point < 0x7f; point++) points.add(point);
  for (const char of FORMAT_EXTRAS) points.add(char.codePointAt(0)!);
  return [...points].sort((a, b) => a - b);
}

/** Code points as a CSS unicode-range value: "U+20-7E, U+A0, …". */
export function toUnicodeRange(points: Iterable<number>): string {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const from = sorted[i]!.toString(16).toUpperCase();
    parts.push(i === j ? `U+${from}` : `U+${from}-${sorted[j]!.toString(16).toUpperCase()}`);
    i = j + 1;
  }
  return parts.join(", ");
}

/** A CSS unicode-range value ("U+4E00-4E0F, U+3007, U+4??") as inclusive [from, to] pairs. */
export function parseUnicodeRange(value: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of value.split(",")) {
    const token = part.trim().replace(/^U\+/i, "");
    if (!token) continue;
    if (token.includes("?")) {
      ranges.push([parseInt(token.replace(/\?/g, "0"), 16), parseInt(token.replace(/\?/g, "F"), 16)]);
    } else {
      const [from, to = from] = token.split("-");
      ranges.push([parseInt(from!, 16), parseInt(to!, 16)]);
    }
  }
  return ranges;
}

/** The part of `ranges` that `covered` does not cover, as a CSS unicode-range value ("" if none). */
export function unicodeRangeWithout(ranges: readonly [number, number][], covered: ReadonlySet<number>): string {
  const rest: number[] = [];
  for (const [from, to] of ranges) {
    for (let point = from; point <= to; point++) if (!covered.has(point)) rest.push(point);
  }
  return toUnicodeRange(rest);
}
