/**
 * Reading a table cell's value the way it was printed: 「1,234」, 「12件」, 「０」, 「-3」 or 「减3」,
 * 「7,730.28万元」. A blank cell is absent (the validator then names it); a dash is a zero someone
 * chose not to write, read as 0 and noted.
 */
export type CellValue =
  | { readonly kind: "value"; readonly value: number | string; readonly unit?: "元" | "万元"; readonly doubt?: string }
  | { readonly kind: "blank" }
  | { readonly kind: "unreadable"; readonly text: string };

const DASH = /^[-—–−_~～/\\×xX無无]+$/;
const COUNT_UNIT = /(件|个|項|项|条|次|人|家|宗|份|例)$/;

function compact(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** 1,234 → 1234 only where the commas sit every three digits (a stray comma is not a separator). */
function withoutSeparators(digits: string): string | undefined {
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) return digits.replace(/,/g, "");
  if (/^\d+(\.\d+)?$/.test(digits)) return digits;
  return undefined;
}

export function readCount(text: string, { signed = false } = {}): CellValue {
  let t = compact(text).replace(COUNT_UNIT, "");
  if (t === "") return { kind: "blank" };
  if (DASH.test(t)) return { kind: "value", value: 0, doubt: `单元格印的是「${text.trim()}」，按 0 读取` };
  let sign = 1;
  if (signed) {
    const words = /^(增加|增|減少|减少|减|\+|-|−)(.*)$/.exec(t);
    if (words) {
      sign = /^(減|减|-|−)/.test(words[1]!) ? -1 : 1;
      t = words[2]!;
    }
  }
  const digits = withoutSeparators(t);
  if (digits === undefined || digits.includes(".")) return { kind: "unreadable", text };
  const value = sign * Number(digits);
  return { kind: "value", value: Object.is(value, -0) ? 0 : value };
}

/** Shifts a decimal string four places left: 元 → 万元, exactly (no floating point). */
export function yuanToWanyuan(amount: string): string {
  const [whole, fraction = ""] = amount.split(".");
  const digits = (whole!.padStart(5, "0") + fraction).replace(/0+$/, "");
  const point = whole!.padStart(5, "0").length - 4;
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const fracPart = digits.slice(point);
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/** An amount as its decimal string, and the unit printed beside it (if any). */
export function readAmount(text: string): CellValue {
  let t = compact(text).replace(/^[¥￥]/, "");
  if (t === "") return { kind: "blank" };
  if (DASH.test(t)) return { kind: "value", value: "0", doubt: `单元格印的是「${text.trim()}」，按 0 读取` };
  let unit: "元" | "万元" | undefined;
  const suffix = /(万元|元)$/.exec(t);
  if (suffix) {
    unit = suffix[1] as "元" | "万元";
    t = t.slice(0, -suffix[1]!.length);
  }
  const digits = withoutSeparators(t);
  if (digits === undefined) return { kind: "unreadable", text };
  return { kind: "value", value: digits, ...(unit ? { unit } : {}) };
}

/** The unit a header names: 「本年收费金额（单位：万元）」, 「采购总金额（元）」. */
export function headerUnit(header: string): "元" | "万元" | undefined {
  const t = compact(header);
  if (/万元/.test(t)) return "万元";
  if (/[(:]元\)?$|单位:?元/.test(t)) return "元";
  return undefined;
}
