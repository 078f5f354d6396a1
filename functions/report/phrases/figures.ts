/**
 * Finding the figures of a paragraph: a numeral with a classifier (件 宗 起 个 次), or with 元/万元.
 *
 * Found by looking for the classifier and walking back over the numeral, not by a regular
 * expression: classifiers are rare characters, so a paragraph is read in one cheap pass.
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

const CLASSIFIERS = ["件", "宗", "起", "个", "次"];
/** words a classifier starts or belongs to when it does not count: 15个工作日, 一次性, 3个月 */
const NOT_COUNTED_AFTER = ["工作日", "月", "小时", "百分点", "部门", "单位", "乡镇", "村", "方面", "性", "人", "季度", "项"];
const NUMERAL = new Set("0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万");
const DIGIT = new Set("0123456789０１２３４５６７８９");

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\u3000" || ch === "\t";
}

/**
 * The numeral ending at `end` (exclusive), spaces before the classifier allowed: its start, or -1.
 * `decimals` lets "7730.28" through (money); "1,362" is read either way.
 */
function numeralBefore(text: string, end: number, decimals: boolean): { start: number; end: number } | undefined {
  let e = end;
  while (e > 0 && isSpace(text[e - 1])) e--;
  let s = e;
  while (s > 0) {
    const ch = text[s - 1]!;
    if (NUMERAL.has(ch)) s--;
    else if ((ch === "," || (decimals && ch === ".")) && s - 2 >= 0 && DIGIT.has(text[s - 2]!) && DIGIT.has(text[s]!)) s--;
    else break;
  }
  if (s === e) return undefined;
  // part of a longer number or of a decimal: "3.8万件" is not 8万件
  const before = text[s - 1];
  if (before !== undefined && (before === "." || before === "．" || before === "," || DIGIT.has(before))) return undefined;
  return { start: s, end: e };
}

/** The counts of a paragraph, in order. */
export function countFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (const classifier of CLASSIFIERS) {
    for (let i = text.indexOf(classifier); i !== -1; i = text.indexOf(classifier, i + 1)) {
      const numeral = numeralBefore(text, i, false);
      if (!numeral) continue;
      if (NOT_COUNTED_AFTER.some((word) => text.startsWith(word, i + 1))) continue;
      figures.push({ start: numeral.start, end: i + 1, numeral: text.slice(numeral.start, numeral.end), claimed: false });
    }
  }
  return figures.length > 1 ? figures.sort((a, b) => a.start - b.start) : figures;
}

/** The sums of money of a paragraph, in order. */
export function moneyFigures(text: string): Figure[] {
  const figures: Figure[] = [];
  for (let i = text.indexOf("元"); i !== -1; i = text.indexOf("元", i + 1)) {
    const unit = text[i - 1] === "万" ? "万元" : "元";
    const numeral = numeralBefore(text, unit === "万元" ? i - 1 : i, true);
    if (!numeral) continue;
    figures.push({ start: numeral.start, end: i + 1, numeral: text.slice(numeral.start, numeral.end), unit, claimed: false });
  }
  return figures;
}
