/**
 * Numbers as reports write them: ASCII or full-width digits ("17", "１７", "1,362"), Chinese numerals
 * ("十七", "一百零三", "两万三千", "二〇二四") and, for money, decimals ("0.12万元").
 *
 * The reader is strict: a string that is not a well-formed numeral ("一一", "十十") reads as nothing,
 * so a stray character never becomes a figure.
 */

/** A character class (without brackets) of the characters a stated figure may be written with. */
export const NUMERAL_CHARS = "0-9０-９零〇一二两三四五六七八九十百千万";

const DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

const FULL_WIDTH_DIGIT = /[０-９]/g;

function toAscii(text: string): string {
  FULL_WIDTH_DIGIT.lastIndex = 0;
  return FULL_WIDTH_DIGIT.test(text) ? text.replace(FULL_WIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)) : text;
}

/** A section below 万: 千/百/十 in descending order, 零 between them ("一百零三", "十七", "三千零五十"). */
function readSection(text: string): number | undefined {
  if (text === "") return 0;
  let total = 0;
  let digit: number | undefined;
  let lastUnit = 10000;
  let zeroPending = false;
  for (const ch of text) {
    if (ch in DIGITS) {
      const value = DIGITS[ch]!;
      if (value === 0) {
        if (digit !== undefined || zeroPending) return undefined;
        zeroPending = true;
        continue;
      }
      if (digit !== undefined) return undefined; // two digits in a row: "一一"
      digit = value;
      zeroPending = false;
    } else if (ch in UNITS) {
      const unit = UNITS[ch]!;
      if (unit >= lastUnit) return undefined; // "十十", "百千"
      // "十七" has no digit before 十; elsewhere a unit needs one
      if (digit === undefined && !(unit === 10 && total === 0 && !zeroPending)) return undefined;
      total += (digit ?? 1) * unit;
      lastUnit = unit;
      digit = undefined;
      zeroPending = false;
    } else {
      return undefined;
    }
  }
  if (zeroPending) return undefined;
  return total + (digit ?? 0);
}

/** Reads a figure written in prose; undefined when the text is not a well-formed numeral. */
export function parseProseNumber(text: string): number | undefined {
  const ascii = toAscii(text);
  if (/^\d+$/.test(ascii)) return Number(ascii);
  if (/^\d{1,3}(?:,\d{3})+$/.test(ascii)) return Number(ascii.replace(/,/g, ""));
  if (text === "零" || text === "〇") return 0;
  // 二〇二四: digits written one by one
  if (text.length > 1 && /^[零〇一二三四五六七八九]+$/.test(text) && /[零〇]/.test(text)) {
    return Number([...text].map((ch) => DIGITS[ch]).join(""));
  }
  const wan = text.indexOf("万");
  if (wan === -1) return readSection(text);
  if (text.indexOf("万", wan + 1) !== -1) return undefined;
  const high = wan === 0 ? undefined : readSection(text.slice(0, wan));
  if (high === undefined || high === 0) return undefined;
  let rest = text.slice(wan + 1);
  if (rest.startsWith("零") || rest.startsWith("〇")) rest = rest.slice(1);
  // 两万三 is 两万三千, as people say it
  else if (rest.length === 1 && rest in DIGITS) rest += "千";
  const low = readSection(rest);
  return low === undefined ? undefined : high * 10000 + low;
}

/** Reads an amount of money in 元: "350", "0.12" with unit 万元, "两万". Undefined when malformed. */
export function parseAmountInYuan(text: string, unit: "元" | "万元"): number | undefined {
  const ascii = toAscii(text).replace(/,/g, "");
  let value: number | undefined;
  if (/^\d+(?:\.\d+)?$/.test(ascii)) value = Number(ascii);
  else value = parseProseNumber(text);
  if (value === undefined) return undefined;
  // whole fen: money is exact to the fen, and 0.12万 is 1200 exactly
  return unit === "万元" ? Math.round(value * 10000 * 100) / 100 : value;
}
