/**
 * Reads the prose like an editor: finds every figure a paragraph states, decides from the words
 * around it which figure of the tables it speaks of (by the phrase families), and returns the claims.
 * Comparing them with the tables is the `text-table` rule's job.
 *
 * How a figure is read (anything doubtful draws nothing):
 * 1. A figure is a numeral with a classifier (件 宗 起 个 次), or with 元/万元 for money (figures.ts).
 *    Approximate figures (约, 近, 余, 各…) and changes (增加35件, 同比下降) state no count.
 * 2. Its phrase: the family whose phrasing ends where the figure starts (the earliest-starting, i.e.
 *    the fullest, phrase wins), else one around it, else one starting where it ends.
 * 3. The phrase must speak of the report's year (context.ts), and neither the phrase nor its clause
 *    may name something the tables do not hold (a family's `unless`).
 * 4. Placeholders take their meaning from the sentence: the row it is about, the kind of case named
 *    (readings.ts).
 * Statements without a figure ("未收到申请", "均获维持") are read by the families' `none` and `all`.
 *
 * Patterns are compiled once per edition and year; a paragraph is scanned once for its figures, and
 * one without a figure or a statement of none is left after that scan. Nothing read is remembered:
 * a report is published once, and reading it costs microseconds.
 */
import type { Edition } from "../editions/index.js";
import { eachParagraph, paragraphAt, type Paragraph } from "../prose.js";
import type { NormalizedReport } from "../schema/index.js";
import type { Claim } from "./claim.js";
import { compiled, matchedGroup, type Compiled, type CompiledFamily, type FigureReader } from "./compile.js";
import type { PhraseFamily } from "./family.js";
import type { Figure } from "./figures.js";
import { parseAmountInYuan, parseProseNumber } from "./numerals.js";
import { Reading } from "./reading.js";
import { EVERY, readingsOf } from "./readings.js";
import { ALL_CUES, holdsAny, NONE_CUES, scan, type Scanned } from "./scan.js";
import { SuffixReader } from "./suffix-reader.js";

export type { Claim } from "./claim.js";

/** an approximate figure or a change, never a count of the tables */
const NOT_A_COUNT = new SuffixReader(["约|近|逾|超过?|多于|不足|不到|各|(?:增加|减少|增长|下降|上升|提高|降低|增|减|多|少)了?"], "\\s*");
/** how far before and after a figure its phrase may reach */
const REACH = 40;
const NO_CLAIMS: readonly Claim[] = Object.freeze([]);
const COMMA = "，".charCodeAt(0);

/** The checks every phrase passes before it becomes a claim. */
function admissible(reading: Reading, compiled: CompiledFamily, start: number, end: number): boolean {
  if (!reading.periods.isReportPeriod(start)) return false;
  const { text } = reading;
  const clauseStart = reading.clauseStart(start);
  if (compiled.unless?.test(text.slice(clauseStart, end))) return false;
  // "分别为9件、12件": which is which is for the reader to guess
  if (reading.holds("分别", clauseStart, start)) return false;
  if (compiled.unlessEarlier?.test(reading.sentenceBefore(start))) return false;
  if (compiled.unlessFollowedBy?.test(reading.sentenceAfter(end))) return false;
  if (compiled.family.follows && !reading.topic("row", start)?.startsWith(compiled.family.follows)) return false;
  return true;
}

function statedValue(family: PhraseFamily, figure: Figure): number | undefined {
  if (!family.money) return parseProseNumber(figure.numeral);
  const yuan = parseAmountInYuan(figure.numeral, figure.unit!);
  if (yuan === undefined) return undefined;
  return family.money === "wanYuan" ? yuan / 10000 : yuan;
}

/** The figure and the words about it. */
class Setting {
  private tailText: string | undefined;

  constructor(
    private readonly text: string,
    readonly figure: Figure,
    readonly lead: string,
    readonly leadStart: number,
    private readonly tailEnd: number,
    readonly previous: Figure | undefined,
  ) {}

  /** the words after the figure (most figures are read from the words before it alone) */
  get tail(): string {
    return (this.tailText ??= this.text.slice(this.figure.end, this.tailEnd));
  }
}

/** Makes a claim of a phrase found at [start, end), if it passes every check. */
function claimOf(reading: Reading, compiled: CompiledFamily, setting: Setting, start: number, end: number): Claim | undefined {
  const { family } = compiled;
  // "办结251件" has no subject of its own: it continues the figure before it, if that was one of ours
  if (family.continues && setting.previous && !setting.previous.claimed) return undefined;
  if (!admissible(reading, compiled, start, end)) return undefined;
  const readings = readingsOf(reading, compiled, start, end);
  if (!readings || (readings.length === 0 && family.against !== "prose")) return undefined;
  const stated = statedValue(family, setting.figure);
  if (stated === undefined) return undefined;
  return { family, quote: reading.source.slice(start, end).trim(), form: "figure", stated, readings, at: start };
}

function tryAround(reading: Reading, compiled: CompiledFamily, setting: Setting): Claim | undefined {
  for (const [before, after] of compiled.around!) {
    const b = before.exec(setting.lead);
    const a = b && after.exec(setting.tail);
    if (b && a) return claimOf(reading, compiled, setting, setting.leadStart + b.index, setting.figure.end + a[0].length);
  }
  return undefined;
}

function tryAfter(reading: Reading, compiled: CompiledFamily, setting: Setting): Claim | undefined {
  const m = compiled.after!.exec(setting.tail);
  return m ? claimOf(reading, compiled, setting, setting.figure.start, setting.figure.end + m[0].length) : undefined;
}

/**
 * Reads one figure: the fullest phrase before it, else one around it, else one after it. One
 * expression finds the fullest phrase on a side of the figure, and which family it belongs to; if
 * that family refuses the figure (another period, another subject…), every other family of that side
 * gets its own try, in order.
 */
function readFigure(reading: Reading, reader: FigureReader, setting: Setting): Claim | undefined {
  const before = reader.before?.read(setting.lead);
  if (before) {
    const claim = claimOf(reading, reader.beforeFamilies[before.family]!, setting, setting.leadStart + before.start, setting.figure.end);
    if (claim) return claim;
    for (const { family, start } of before.every()) {
      const other = family === before.family ? undefined : claimOf(reading, reader.beforeFamilies[family]!, setting, setting.leadStart + start, setting.figure.end);
      if (other) return other;
    }
  }
  for (const compiled of reader.around) {
    const claim = tryAround(reading, compiled, setting);
    if (claim) return claim;
  }
  const after = reader.after?.exec(setting.tail);
  if (after) {
    const first = matchedGroup(after);
    const claim = claimOf(reading, reader.afterFamilies[first]!, setting, setting.figure.start, setting.figure.end + after[0].length);
    if (claim) return claim;
    for (let i = 0; i < reader.afterFamilies.length; i++) {
      const other = i === first ? undefined : tryAfter(reading, reader.afterFamilies[i]!, setting);
      if (other) return other;
    }
  }
  return undefined;
}

function readFigures(reading: Reading, reader: FigureReader, figures: readonly Figure[], claims: Claim[]): void {
  const { text } = reading;
  const sentences = figures.map((figure) => reading.sentenceOf(figure.start));
  for (let i = 0; i < figures.length; i++) {
    const figure = figures[i]!;
    const sentence = sentences[i]!;
    const previous = i > 0 && sentences[i - 1] === sentence ? figures[i - 1] : undefined;
    const next = i + 1 < figures.length && sentences[i + 1] === sentence ? figures[i + 1] : undefined;
    let leadStart = Math.max(previous ? previous.end : reading.sentenceStart(sentence), figure.start - REACH);
    // a phrase of a count never reaches over a comma: its lead starts after the last one
    if (!reader.overCommas) leadStart = afterLast(text, COMMA, leadStart, figure.start);
    const lead = text.slice(leadStart, figure.start);
    if (NOT_A_COUNT.read(lead)) continue;
    const tailEnd = Math.min(next ? next.start : reading.sentenceEnd(sentence), figure.end + REACH);
    const claim = readFigure(reading, reader, new Setting(text, figure, lead, leadStart, tailEnd, previous));
    if (!claim) continue;
    figure.claimed = true;
    claims.push(claim);
    reading.addTopic(claim.at, claim.readings[0]?.[0]);
  }
}

/** "未收到政府信息公开申请", "均获维持": statements of a figure without a figure. */
function readDenials(reading: Reading, compiledSet: Compiled, scanned: Scanned, claims: Claim[]): void {
  const { text } = reading;
  // book titles are not read: with one masked, the cues are looked for again
  const none = text === reading.source ? scanned.none : holdsAny(text, NONE_CUES);
  const all = text === reading.source ? scanned.all : holdsAny(text, ALL_CUES);
  if (!none && !all) return;
  for (const compiled of compiledSet.denials) {
    const { family } = compiled;
    if (!((none && compiled.none) || (all && compiled.all))) continue;
    if (family.cue && !holdsAny(text, family.cue)) continue;
    for (const form of FORMS) {
      const pattern = compiled[form];
      if (!pattern || !(form === "none" ? none : all)) continue;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        if (m[0] === "") pattern.lastIndex++;
        const start = m.index;
        const end = start + m[0].length;
        if (!admissible(reading, compiled, start, end)) continue;
        const readings = readingsOf(reading, compiled, start, end);
        if (!readings || (readings.length === 0 && family.against !== "prose")) continue;
        // "行政复议无被纠错", "复议7件，诉讼9件，均获维持": the quote takes in the cases it speaks of
        const named = compiled.hasPlaceholders ? reading.cases.before(start, end) : undefined;
        const from = named ? Math.min(start, form === "all" || EVERY.test(m[0]) ? named.firstStart : named.nearestStart) : start;
        const quote = reading.source.slice(from, end);
        // ordered by what they deny: "未发生…行政复议、行政诉讼" denies 复议 first
        if (form === "none") claims.push({ family, quote, form, stated: 0, readings, at: end });
        // every case named had this outcome: the figure stated is their total
        else claims.push({ family, quote, form, statedAs: readings[0]!.map((ref) => ref.replace(/\/[a-z]+$/, "/total")), readings, at: end });
      }
    }
  }
}

const FORMS = ["none", "all"] as const;

/** What one paragraph says about figures, in reading order. */
function readParagraph(compiledSet: Compiled, year: number, text: string): readonly Claim[] {
  const scanned = scan(text);
  // most paragraphs state no figure and deny nothing
  if (scanned.counts.length === 0 && scanned.money.length === 0 && !scanned.none && !scanned.all) return NO_CLAIMS;
  const reading = new Reading(text, year);
  const claims: Claim[] = [];
  readFigures(reading, compiledSet.counts, scanned.counts, claims);
  readFigures(reading, compiledSet.money, scanned.money, claims);
  readDenials(reading, compiledSet, scanned, claims);
  return inOrder(claims) ? claims : claims.sort((a, b) => a.at - b.at);
}

function inOrder(claims: readonly Claim[]): boolean {
  for (let i = 1; i < claims.length; i++) if (claims[i - 1]!.at > claims[i]!.at) return false;
  return true;
}

/** Just after the last `code` in text[from, to), or `from`. */
function afterLast(text: string, code: number, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text.charCodeAt(i) === code) return i + 1;
  return from;
}

export interface ParagraphClaims {
  readonly paragraph: Paragraph;
  readonly claims: readonly Claim[];
}

/** Every claim a report's prose makes about figures of the tables (and about the 信息处理费), paragraph by paragraph. */
export function readClaims(edition: Edition, report: NormalizedReport): ParagraphClaims[] {
  const { year } = report;
  const compiledSet = compiled(edition.id, year);
  const out: ParagraphClaims[] = [];
  eachParagraph(report, (text, list, index) => {
    const claims = readParagraph(compiledSet, year, text);
    if (claims.length > 0) out.push({ paragraph: paragraphAt(text, list, index), claims });
  });
  return out;
}
