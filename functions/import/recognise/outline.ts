/**
 * The outline of a report: its title (on one line or two), the opening paragraphs, the six sections
 * by their headings, sub-headings run into their paragraph or on a line of their own, and the closing
 * block (agency and date). Headings are found by their numerals and their words (from the edition's
 * section titles), so 「四、政府信息公开行政复议、行政诉讼情况」 is found whatever font or style it has.
 */
import { EDITIONS } from "../../report/editions/index.js";
import type { Block, Paragraph } from "../document.js";
import { endsWithNameUnit } from "../../report/words.js";
import { labelKey, similarity } from "../text.js";

const SECTIONS = EDITIONS["2021"].sections;
/** Words a section's heading keeps in every wording real reports use. */
const SECTION_WORDS: readonly RegExp[] = [/总体|概述|概况/, /主动公开/, /申请/, /复议|诉讼/, /问题|改进/, /其他|其它/];

/** Which of the six sections `text` is the heading of (0–5), or -1. */
export function sectionHeadingIndex(text: string): number {
  const key = labelKey(text);
  const m = /^([一二三四五六])[、.,]?(.{2,40})$/.exec(key);
  if (!m) return -1;
  const index = "一二三四五六".indexOf(m[1]!);
  const title = labelKey(SECTIONS[index]!.title.slice(2));
  const rest = m[2]!;
  if (similarity(rest, title) >= 0.6 || (SECTION_WORDS[index]!.test(rest) && rest.length <= title.length + 12)) return index;
  return -1;
}

/** Splits paragraphs at deliberate line breaks: each line of a <br>-broken paragraph is a paragraph. */
export function lines(blocks: readonly Block[]): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.kind !== "paragraph" || !block.text.includes("\n")) {
      out.push(block);
      continue;
    }
    block.text.split("\n").forEach((text, i) => {
      const { lead, ...rest } = block;
      out.push({ ...rest, text, ...(i === 0 && lead !== undefined ? { lead } : {}) });
    });
  }
  return out.filter((b) => b.kind === "table" || b.text.trim() !== "");
}

export interface Outline {
  /** blocks before the first section heading */
  readonly front: readonly Block[];
  /** each section's blocks after its heading; undefined where the heading was not found */
  readonly sections: readonly (readonly Block[] | undefined)[];
}

export function outline(blocks: readonly Block[]): Outline {
  const starts: number[] = [];
  let next = 0;
  blocks.forEach((block, i) => {
    if (block.kind !== "paragraph" || next > 5) return;
    const index = sectionHeadingIndex(block.text);
    if (index >= next) {
      starts[index] = i;
      next = index + 1;
    }
  });
  const found = starts.map((s, i) => ({ s, i })).filter((x) => x.s !== undefined);
  const firstHeading = found[0]?.s ?? blocks.length;
  const sections: (Block[] | undefined)[] = SECTIONS.map(() => undefined);
  found.forEach(({ s, i }, k) => {
    const end = found[k + 1]?.s ?? blocks.length;
    sections[i] = blocks.slice(s + 1, end) as Block[];
  });
  return { front: blocks.slice(0, firstHeading), sections };
}

const TITLE_WORDS = /政府信息公开.*报告|年度报告/;
const YEAR_LINE = /^(\d{4})\s*年\s*度?\s*(政府信息公开.*报告)$/;

export interface Front {
  readonly title?: string;
  readonly preamble: readonly string[];
}

/** The title (its lines joined) and the paragraphs after it; whatever stands before the title is page furniture. */
export function front(blocks: readonly Block[]): Front {
  const paragraphs = blocks.filter((b): b is Paragraph => b.kind === "paragraph");
  // a title set on centred lines, broken wherever the lines ran out (even inside 政府信息公开)
  const centred = paragraphs.findIndex((p) => p.align === "center");
  if (centred >= 0) {
    let end = centred;
    while (paragraphs[end + 1]?.align === "center" && end - centred < 4) end++;
    const joined = paragraphs.slice(centred, end + 1).map((p) => p.text.replace(/\s+/g, "")).join("");
    if (TITLE_WORDS.test(joined) && joined.length <= 150 && !/。$/.test(joined)) return { title: joined, preamble: paragraphs.slice(end + 1).map((p) => p.text) };
  }
  const t = paragraphs.findIndex((p) => TITLE_WORDS.test(p.text.replace(/\s+/g, "")) && p.text.length <= 120 && !/。$/.test(p.text));
  if (t < 0) return { preamble: paragraphs.map((p) => p.text) };
  let title = paragraphs[t]!.text.replace(/\s+/g, "");
  let start = t;
  // 「淮安市洪泽区人民政府」 / 「2024年政府信息公开工作年度报告」: the agency on the line(s) above — a long
  // name wraps onto two or three centred lines
  const titleLike = (p: Paragraph | undefined) => p !== undefined && p.text.length <= 60 && !/[。；，：]$/.test(p.text);
  if ((YEAR_LINE.test(title) || /^政府信息公开/.test(title)) && titleLike(paragraphs[start - 1]) && paragraphs[start - 1]!.align === paragraphs[t]!.align) start--;
  while (start > 0 && t - start < 3 && paragraphs[t]!.align === "center" && paragraphs[start - 1]!.align === "center" && titleLike(paragraphs[start - 1])) start--;
  // where nothing tells the lines' alignment (a web page set by its stylesheet's classes), a line
  // above belongs to the title when it is bare words ending a unit of the agency's name (…自治州,
  // …人民政府): titles break only there
  const nameLine = (p: Paragraph | undefined) => titleLike(p) && p!.align === paragraphs[t]!.align && /^[\p{L}\p{N}（）()]+$/u.test(p!.text) && endsWithNameUnit(p!.text);
  while (start > 0 && t - start < 3 && nameLine(paragraphs[start - 1])) start--;
  title = paragraphs.slice(start, t + 1).map((p) => p.text.replace(/\s+/g, "")).join("");
  return { title, preamble: paragraphs.slice(t + 1).map((p) => p.text) };
}

const SUBHEAD = /^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]/;

export interface Subsection {
  heading: string;
  paragraphs: string[];
}

export interface SectionProse {
  readonly paragraphs: string[];
  readonly subsections: Subsection[];
  /** paragraphs whose sub-heading could not be told from their text */
  readonly doubtful: number[];
}

/** Where a sub-heading run into its paragraph ends: its styled run, or its closing 。/： */
function splitHeading(p: Paragraph): { heading: string; rest: string } | undefined {
  const text = p.text;
  // a styled leading run is the heading when it looks like one: numbered, more than the number, no sentence inside
  const lead = p.lead?.trim();
  if (lead && SUBHEAD.test(lead) && text.startsWith(lead) && lead.replace(SUBHEAD, "").length >= 2 && lead.length <= 60 && !/[。：:]/.test(lead.slice(0, -1))) {
    let heading = lead;
    let rest = text.slice(lead.length).trim();
    const stop = /^[。：:]/.exec(rest);
    if (stop) {
      heading += stop[0];
      rest = rest.slice(1).trim();
    }
    return { heading, rest };
  }
  const stop = /[。：:]/.exec(text);
  if (stop && stop.index < 60) return { heading: text.slice(0, stop.index + 1).trim(), rest: text.slice(stop.index + 1).trim() };
  if (text.length <= 40) return { heading: text.trim(), rest: "" };
  return undefined;
}

export function sectionProse(blocks: readonly Block[]): SectionProse {
  const prose: SectionProse = { paragraphs: [], subsections: [], doubtful: [] };
  for (const block of blocks) {
    if (block.kind !== "paragraph") continue;
    const current = prose.subsections[prose.subsections.length - 1];
    if (SUBHEAD.test(block.text)) {
      const split = splitHeading(block);
      if (split) {
        prose.subsections.push({ heading: split.heading, paragraphs: split.rest ? [split.rest] : [] });
        continue;
      }
      prose.doubtful.push(prose.paragraphs.length);
    }
    if (current) current.paragraphs.push(block.text);
    else prose.paragraphs.push(block.text);
  }
  return prose;
}

const DATE_PATTERNS: readonly RegExp[] = [
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/,
];
const CHINESE_DIGITS = "〇一二三四五六七八九";

function chineseNumber(text: string): number | undefined {
  const t = text.replace(/[○O零]/g, "〇");
  if (/^[〇一二三四五六七八九]+$/.test(t) && t.length >= 2) return Number([...t].map((ch) => CHINESE_DIGITS.indexOf(ch)).join(""));
  const m = /^([一二三])?十([一二三四五六七八九])?$/.exec(t);
  if (m) return (m[1] ? CHINESE_DIGITS.indexOf(m[1]) : 1) * 10 + (m[2] ? CHINESE_DIGITS.indexOf(m[2]) : 0);
  if (/^[一二三四五六七八九]$/.test(t)) return CHINESE_DIGITS.indexOf(t);
  return undefined;
}

/** 「2025年3月20日」, 「二〇二五年三月二十日」, 「2025-03-20」 → 2025-03-20 (undefined when it is not a date). */
export function readDate(text: string): string | undefined {
  const t = text.normalize("NFKC").replace(/\s+/g, "");
  let parts: number[] | undefined;
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(t);
    if (m) parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const chinese = /^(.{4})年(.{1,3})月(.{1,4})日$/.exec(t);
  if (!parts && chinese) {
    const numbers = [chineseNumber(chinese[1]!), chineseNumber(chinese[2]!), chineseNumber(chinese[3]!)];
    if (numbers.every((n) => n !== undefined)) parts = numbers as number[];
  }
  if (!parts) return undefined;
  const [y, m, d] = parts as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** Page furniture a web page leaves after the report. */
const TRAILING_CHROME = /^(【?(打印本页|关闭窗口|打印|关闭|返回顶部)】?\s*)+$|扫一扫|分享到|上一篇|下一篇|相关链接|责任编辑/;

const AGENCY_ENDING = /(政府|办公室|办公厅|办事处|委员会|局|厅|院|委|中心|管委会|公司)$/;

export interface Closing {
  readonly signatory: string;
  readonly date?: string;
}

/**
 * Takes the closing block off the end of the last section: a date line, and above it the agency's
 * name (on one line, or two when both are set apart to the right).
 */
export function takeClosing(blocks: Block[]): Closing | undefined {
  while (blocks.length && blocks[blocks.length - 1]!.kind === "paragraph" && TRAILING_CHROME.test((blocks[blocks.length - 1] as Paragraph).text)) blocks.pop();
  const last = blocks[blocks.length - 1];
  if (!last || last.kind !== "paragraph") return undefined;
  const date = readDate(last.text);
  const nameAt = date ? blocks.length - 2 : blocks.length - 1;
  const name = blocks[nameAt];
  if (!name || name.kind !== "paragraph" || !isSignatory(name)) return undefined;
  // without a date, the name alone closes the report when it is set to the right or reads as an agency
  if (!date && name.align !== "right" && !AGENCY_ENDING.test(name.text.trim())) return undefined;
  let signatory = name.text.trim();
  let from = nameAt;
  // a long name wraps over two or three lines set to the right
  for (let above = blocks[from - 1]; name.align === "right" && nameAt - from < 2; above = blocks[from - 1]) {
    if (!above || above.kind !== "paragraph" || above.align !== "right" || !isSignatory(above)) break;
    signatory = above.text.trim() + signatory;
    from--;
  }
  blocks.splice(from);
  return { signatory, ...(date ? { date } : {}) };
}

function isSignatory(p: Paragraph): boolean {
  const t = p.text.trim();
  return t.length > 0 && t.length <= 60 && !/[。；，,;：:！？]/.test(t) && !SUBHEAD.test(t) && readDate(t) === undefined;
}
