/** The prose of a report, paragraph by paragraph, with the JSON pointer of each. */
import { pointer } from "./diagnostics.js";
import type { NormalizedReport } from "./schema/index.js";
import { paragraphsPath, sectionBody, type SectionText } from "./section-text.js";

export interface Paragraph {
  readonly path: string;
  readonly text: string;
}

export function paragraphs(report: NormalizedReport): Paragraph[] {
  const out: Paragraph[] = [];
  const add = (tokens: readonly (string | number)[], texts: readonly string[] | undefined) => {
    if (!texts || texts.length === 0) return;
    const base = pointer(tokens);
    for (let i = 0; i < texts.length; i++) out.push({ path: `${base}/${i}`, text: texts[i]! });
  };
  const addSection = (key: "overview" | "problems" | "otherMatters", text: SectionText) => {
    const body = sectionBody(text);
    add([key, ...paragraphsPath(text)], body.paragraphs);
    body.subsections.forEach((s, i) => {
      out.push({ path: `/${key}/subsections/${i}/heading`, text: s.heading });
      add([key, "subsections", i, "paragraphs"], s.paragraphs);
    });
  };
  add(["preamble"], report.preamble);
  addSection("overview", report.overview);
  const intros = report.sectionIntros;
  if (intros) for (const key of ["proactive", "applications", "reviewLitigation"] as const) add(["sectionIntros", key], intros[key]);
  addSection("problems", report.problems);
  addSection("otherMatters", report.otherMatters);
  return out;
}

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CHINESE_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** Characters a stated number may be written with: ASCII or full-width digits, or Chinese numerals. */
export const NUMBER_CHARS = "0-9０-９零〇一二两三四五六七八九十百千万";

/** Reads a number written in prose: "17", "１７", "十七", "一百零三", "两万". */
export function parseProseNumber(text: string): number | undefined {
  const ascii = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (/^\d+$/.test(ascii)) return Number(ascii);
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of text) {
    if (ch in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[ch]!;
    } else if (ch === "万") {
      total += (section + (digit ?? 0) || 1) * 10000;
      section = 0;
      digit = undefined;
    } else if (ch in CHINESE_UNITS) {
      section += (digit ?? 1) * CHINESE_UNITS[ch]!;
      digit = undefined;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}
