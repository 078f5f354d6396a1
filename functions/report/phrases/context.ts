/**
 * What a sentence is about beyond its own words: the period it speaks of, and which kind of review or
 * litigation case it has named. Both are read once per paragraph.
 */

/** Tells which sentence of the paragraph a position is in. */
export interface Sentences {
  sentenceOf(index: number): number;
}

// ---- the period a figure belongs to ------------------------------------------------------------------

/**
 * Words that set the period of what follows. A year other than the report's, "上年", "近三年",
 * "上半年", "6月" make the figures after them belong to another period, and such figures are never
 * compared with the tables. Years and "上年" used in a comparison ("较2022年", "比上年") or in a
 * carry-over ("上年结转", "结转至2025年", "2023年结转") do not change the period, nor does a date
 * ("12月31日").
 */
const PERIOD_WORDS =
  /(\d{4})\s*年(?:度)?|(今年以来|今年|本年度?|全年|年内|统计期限?内|报告期内)|(上一?年度?|去年|前一年|往年)|(明年|下一?年度?)|(近[一二三四五六七八九十两\d]{1,2}年|[一二三四五六七八九十两\d]{1,2}年来|以来|历年|累计|十[三四五]五)|([\d一二三四五六七八九十]{1,3}\s*[至到—–~～－-]\s*[\d一二三四五六七八九十]{1,3}\s*月|上半年|下半年|前三季度|季度|[\d一二三四五六七八九十]{1,3}\s*月)/g;
/** "1—12月", "1至12月": a range of months that is the whole year */
const WHOLE_YEAR = /^(?:1|一)\s*[至到—–~～－-]\s*(?:12|十二)\s*月$/;
const COMPARED = /[较比与同]\s*$/;
const CARRIED_INTO = /结转(?:至|到)?\s*$/;
const CARRIED_FROM = /^\s*度?\s*(?:结转|转结)/;
const A_DATE = /^\s*[\d一二三四五六七八九十]{1,3}\s*[日号]/;

interface Marker {
  readonly end: number;
  readonly sentence: number;
  readonly isReport: boolean;
  /** comparisons and parts of a year only colour their own sentence */
  readonly sentenceOnly: boolean;
}

/** The period of each position in a paragraph: the report's year, or not. */
export class Periods {
  private readonly markers: Marker[] = [];

  constructor(
    text: string,
    year: number,
    private readonly sentences: Sentences,
  ) {
    for (const m of text.matchAll(PERIOD_WORDS)) {
      const start = m.index!;
      const end = start + m[0].length;
      const before = text.slice(Math.max(0, start - 4), start);
      const after = text.slice(end, end + 5);
      let isReport = false;
      let sentenceOnly = false;
      if (m[1] !== undefined) {
        if (COMPARED.test(before) || CARRIED_INTO.test(before) || CARRIED_FROM.test(after)) continue;
        isReport = Number(m[1]) === year;
      } else if (m[2] !== undefined) {
        isReport = true;
      } else if (m[3] !== undefined) {
        if (COMPARED.test(before) || CARRIED_FROM.test(after)) continue;
        sentenceOnly = true;
      } else if (m[4] !== undefined) {
        if (CARRIED_INTO.test(before)) continue;
      } else if (m[6] !== undefined) {
        if (A_DATE.test(after)) continue;
        if (WHOLE_YEAR.test(m[6])) isReport = true;
        else sentenceOnly = true;
      }
      this.markers.push({ end, sentence: sentences.sentenceOf(start), isReport, sentenceOnly });
    }
  }

  /** Whether a phrase starting at `index` speaks of the report's year. */
  isReportPeriod(index: number): boolean {
    if (this.markers.length === 0) return true;
    const sentence = this.sentences.sentenceOf(index);
    for (let i = this.markers.length - 1; i >= 0; i--) {
      const marker = this.markers[i]!;
      if (marker.end > index) continue;
      if (marker.sentenceOnly && marker.sentence !== sentence) continue;
      return marker.isReport;
    }
    return true;
  }
}

// ---- the kinds of case a sentence names ----------------------------------------------------------------

export type CaseGroup = "review" | "litigationDirect" | "litigationAfterReview";
export const CASE_GROUPS: readonly CaseGroup[] = ["review", "litigationDirect", "litigationAfterReview"];

const CASE_WORDS =
  /(未经(?:行政)?复议(?:而)?直接(?:向(?:人民)?法院)?(?:提起|起诉)(?:行政诉讼)?)|((?:经(?:行政)?)?复议后(?:再)?(?:向(?:人民)?法院)?(?:提起|起诉)(?:行政诉讼)?)|((?:行政)?诉讼|起诉|应诉|败诉)|((?:行政)?复议(?!机关|机构))/g;
/** what joins kinds named together: "行政复议、行政诉讼", "行政复议或被提起行政诉讼" */
const JOINER = /^\s*(?:[、和及与或]|或者|以及)\s*(?:被提起|被申请|提起|发生)?\s*$/;

interface Mention {
  readonly start: number;
  readonly end: number;
  readonly groups: readonly CaseGroup[];
  /** index of the first mention of the run of mentions joined together that this one belongs to */
  readonly run: number;
}

/** The kinds of case named in a paragraph, in order. */
export class CaseMentions {
  private readonly mentions: Mention[] = [];

  constructor(
    text: string,
    private readonly sentences: Sentences,
  ) {
    if (!text.includes("复议") && !text.includes("诉")) return;
    const sentenceOf = (index: number) => sentences.sentenceOf(index);
    for (const m of text.matchAll(CASE_WORDS)) {
      const groups: CaseGroup[] =
        m[1] !== undefined ? ["litigationDirect"] : m[2] !== undefined ? ["litigationAfterReview"] : m[3] !== undefined ? ["litigationDirect", "litigationAfterReview"] : ["review"];
      const start = m.index!;
      const previous = this.mentions[this.mentions.length - 1];
      const joined = previous !== undefined && JOINER.test(text.slice(previous.end, start)) && sentenceOf(previous.start) === sentenceOf(start);
      this.mentions.push({ start, end: start + m[0].length, groups, run: joined ? previous.run : this.mentions.length });
    }
  }

  /**
   * The kinds named in the sentence of `from` before `until`: the last run named ("行政复议、行政诉讼"),
   * and every kind named in the sentence so far, with where each begins.
   */
  before(from: number, until: number): { nearest: CaseGroup[]; all: CaseGroup[]; nearestStart: number; firstStart: number } | undefined {
    const sentence = this.sentences.sentenceOf(from);
    const inSentence = this.mentions.filter((m) => m.start < until && this.sentences.sentenceOf(m.start) === sentence);
    if (inSentence.length === 0) return undefined;
    const last = inSentence[inSentence.length - 1]!;
    const collect = (mentions: readonly Mention[]) => CASE_GROUPS.filter((g) => mentions.some((m) => m.groups.includes(g)));
    const run = inSentence.filter((m) => m.run === last.run);
    return { nearest: collect(run), all: collect(inSentence), nearestStart: run[0]!.start, firstStart: inSentence[0]!.start };
  }
}
