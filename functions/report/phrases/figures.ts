/**
 * Finding the figures of a paragraph: a numeral with a classifier (件 宗 起 个 次), or with 元/万元.
 *
 * Found by looking for the classifier and walking back over the numeral: classifiers are rare
 * characters, so one cheap scan of a paragraph (the engine's) finds them all.
 */

export interface Figure {
  readonly start: number;
  readonly end: number;
  /** the numeral as written ("250", "二百五十", "0.12") */
  readonly numeral: string;
  /** for money: the unit written after the numeral */
  readonly unit?: "元" | "万元";
  /** whether a phrase family has read it (set while reading) */
  claimed: boolean;
}

/** words a classifier starts or belongs to when it does not count: 15个工作日, 一次性, 3个月 */
const NOT_COUNTED_AFTER = ["工作日", "月", "小时", "百分点", "部门", "单位", "乡镇", "村", "方面", "性", "人", "季度", "项"];
const NUMERAL = codes("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万");
const DIGIT = codes("0123456789０１２３４５６７８９");
const [COMMA, POINT, FULL_WIDTH_POINT, WAN] = [",", ".", "．", "万"].map((ch) => ch.charCodeAt(0)) as [number, number, number, number];

function codes(chars: string): Set<number> {
  return new Set([...chars].map((ch) => ch.charCodeAt(0)));
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x3000 || code === 0x09;
}

/**
 * The numeral ending at `end` (exclusive), spaces before the classifier allowed: its start, or -1.
 * `decimals` lets "7730.28" through (money); "1,362" is read either way.
 */
function numeralBefore(text: string, end: number, decimals: boolean): { start: number; end: number } | undefined {
  let e = end;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  let s = e;
  while (s > 0) {
    const code = text.charCodeAt(s - 1);
    if (NUMERAL.has(code)) s--;
    else if ((code === COMMA || (decimals && code === POINT)) && s - 2 >= 0 && DIGIT.has(text.charCodeAt(s - 2)) && DIGIT.has(text.charCodeAt(s))) s--;
    else break;
  }
  if (s === e) return undefined;
  // part of a longer number or of a decimal: "3.8万件" is not 8万件
  if (s > 0) {
    const before = text.charCodeAt(s - 1);
    if (before === POINT || before === FULL_WIDTH_POINT || before === COMMA || DIGIT.has(before)) return undefined;
  }
  return { start: s, end: e };
}

/** The characters a count ends with; money ends with 元. */
export const CLASSIFIERS = "件宗起个次";

/** The count whose classifier is at `i`, if a numeral stands before it and the classifier counts. */
export function countAt(text: string, i: number): Figure | undefined {
  const numeral = numeralBefore(text, i, false);
  if (!numeral || notCounted(text, i + 1)) return undefined;
  return { start: numeral.start, end: i + 1, numeral: text.slice(numeral.start, numeral.end), claimed: false };
}

/** The sum of money whose 元 is at `i`, if a numeral stands before it. */
export function moneyAt(text: string, i: number): Figure | undefined {
  const unit = text.charCodeAt(i - 1) === WAN ? "万元" : "元";
  const numeral = numeralBefore(text, unit === "万元" ? i - 1 : i, true);
  if (!numeral) return undefined;
  return { start: numeral.start, end: i + 1, numeral: text.slice(numeral.start, numeral.end), unit, claimed: false };
}

const NOT_COUNTED_FIRST = new Set(NOT_COUNTED_AFTER.map((word) => word.charCodeAt(0)));

function notCounted(text: string, after: number): boolean {
  if (!NOT_COUNTED_FIRST.has(text.charCodeAt(after))) return false;
  for (const word of NOT_COUNTED_AFTER) if (text.startsWith(word, after)) return true;
  return false;
}
