/**
 * The one pass over a paragraph that decides whether it is read at all: its figures (a classifier
 * or 元 with a numeral before it) and whether it holds a cue of a statement without a figure
 * ("未收到…", "均获维持"). Most paragraphs hold neither and cost this pass alone.
 *
 * The pass is one regular expression run over the paragraph (native code, faster than any loop over
 * its characters written here); what a match is tells its last character, since no cue word ends
 * with a classifier or 元. Once both cues are found, only the figures are looked for.
 */
import { CLASSIFIERS, countAt, moneyAt, type Figure } from "./figures.js";

/** what a statement of none needs at least: a negation, a zero, or 审结/结案 */
export const NONE_CUES = ["未", "没有", "无", "不收", "不存在", "零", "为0", "为〇", "审结", "结案"] as const;
/** what a statement that every case had an outcome needs */
export const ALL_CUES = ["均", "都", "全部"] as const;

export interface Scanned {
  readonly counts: Figure[];
  readonly money: Figure[];
  none: boolean;
  all: boolean;
}

const COUNT = 1;
const MONEY = 2;
const NONE = 3;
const ALL = 4;

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const FIGURE_ENDS = `[${CLASSIFIERS}元]`;
const EVERYTHING = new RegExp([FIGURE_ENDS, ...NONE_CUES.map(escape), ...ALL_CUES.map(escape)].join("|"), "g");
const FIGURES_ONLY = new RegExp(FIGURE_ENDS, "g");

/** by the last character of a match: what was found */
const FOUND = new Map<number, number>();
for (const ch of CLASSIFIERS) FOUND.set(ch.charCodeAt(0), COUNT);
FOUND.set("元".charCodeAt(0), MONEY);
for (const [kind, words] of [
  [NONE, NONE_CUES],
  [ALL, ALL_CUES],
] as const) {
  for (const word of words) {
    const last = word.charCodeAt(word.length - 1);
    if (FOUND.has(last) && FOUND.get(last) !== kind) throw new Error(`the cue word ${word} ends like a figure or another cue`);
    FOUND.set(last, kind);
  }
}

/** One pass over a paragraph: its figures in order, and whether it holds the cues. */
export function scan(text: string): Scanned {
  const scanned: Scanned = { counts: [], money: [], none: false, all: false };
  let pattern = EVERYTHING;
  pattern.lastIndex = 0;
  while (pattern.test(text)) {
    const end = pattern.lastIndex;
    const found = FOUND.get(text.charCodeAt(end - 1));
    if (found === COUNT) {
      const figure = countAt(text, end - 1);
      if (figure) scanned.counts.push(figure);
    } else if (found === MONEY) {
      const figure = moneyAt(text, end - 1);
      if (figure) scanned.money.push(figure);
    } else {
      if (found === NONE) scanned.none = true;
      else scanned.all = true;
      if (scanned.none && scanned.all && pattern === EVERYTHING) {
        FIGURES_ONLY.lastIndex = end;
        pattern = FIGURES_ONLY;
      }
    }
  }
  return scanned;
}

/** Whether a text holds any of these words. */
export function holdsAny(text: string, words: readonly string[]): boolean {
  for (const word of words) if (text.includes(word)) return true;
  return false;
}
