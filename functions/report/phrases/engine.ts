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
 * 4. Placeholders take their meaning from the sentence: the row it is about, the kind of case named.
 * Statements without a figure ("未收到申请", "均获维持") are read by the families' `none` and `all`.
 *
 * Patterns are compiled once per edition and year; a paragraph is scanned once for its figures.
 */
import type { Edition } from "../editions/index.js";
import type { Paragraph } from "../prose.js";
import type { Claim } from "./claim.js";
import { compiled, matchedGroup, type Compiled, type CompiledFamily, type FigureReader } from "./compile.js";
import { CASE_GROUPS, type CaseGroup } from "./context.js";
import type { PhraseFamily, Quantity } from "./family.js";
import { countFigures, moneyFigures, type Figure } from "./figures.js";
import { parseAmountInYuan, parseProseNumber } from "./numerals.js";
import { remember } from "./memory.js";
import { Reading } from "./reading.js";

export type { Claim } from "./claim.js";
export { forgetReadings } from "./memory.js";

/** an approximate figure or a change, never a count of the tables */
const NOT_A_COUNT = /(?:约|近|逾|超过?|多于|不足|不到|各|(?:增加|减少|增长|下降|上升|提高|降低|增|减|多|少)了?)\s*$/;
/** a phrase saying 均/全部 distributes over every kind of case named before it */
const EVERY = /[均都]|全部/;
/** how far before and after a figure its phrase may reach */
const REACH = 40;
/** what a denial needs at least: a negation, a zero, or 审结/结案; what an "all" statement needs */
const NONE_CUE = /未|没有|无|不收|不存在|零|为0|为〇|审结|结案/;
const ALL_CUE = /[均都]|全部/;

/** Resolves the placeholders of a family's readings; undefined when the sentence does not say. */
function readingsOf(reading: Reading, compiled: CompiledFamily, start: number, end: number): Quantity[] | undefined {
  if (compiled.fixed) return compiled.fixed as Quantity[];
  const { family } = compiled;
  const sentence = compiled.means.some((m) => m.when) ? reading.sentence(start) : "";
  const phrase = reading.text.slice(start, end);
  let row: string | undefined;
  let doc: string | undefined;
  let cases: CaseGroup[][] | undefined;
  const out: Quantity[] = [];
  const seen = new Set<string>();
  for (const { cells, when } of compiled.means) {
    if (when && !when.test(sentence)) continue;
    const refs = cells.join(" ");
    if (refs.includes("{row}")) {
      row ??= reading.topic("row", start) ?? (family.rowByDefault && phrase.includes("申请") ? family.rowByDefault : undefined);
      if (!row) return undefined;
    }
    if (refs.includes("{doc}")) {
      doc ??= reading.topic("doc", start);
      if (!doc) return undefined;
    }
    if (refs.includes("{case}") && !cases) {
      const named = reading.cases.before(start, end);
      if (named) cases = EVERY.test(phrase) ? [named.all] : [named.nearest, named.all];
      else if (family.everyCaseByDefault) cases = [[...CASE_GROUPS]];
      else return undefined;
    }
    for (const groups of refs.includes("{case}") ? cases! : [[]]) {
      const quantity = cells
        .flatMap((ref) => (ref.includes("{case}") ? groups.map((g) => ref.replace("{case}", g)) : [ref]))
        .map((ref) => ref.replace("{row}", row ?? "").replace("{doc}", doc ?? ""));
      const key = quantity.join("+");
      if (!seen.has(key)) (seen.add(key), out.push(quantity));
    }
  }
  return out;
}

/** The checks every phrase passes before it becomes a claim. */
function admissible(reading: Reading, compiled: CompiledFamily, start: number, end: number): boolean {
  if (!reading.periods.isReportPeriod(start)) return false;
  const clauseStart = reading.clauseStart(start);
  if (compiled.unless?.test(reading.text.slice(clauseStart, end))) return false;
  // "分别为9件、12件": which is which is for the reader to guess
  if (reading.text.slice(clauseStart, start).includes("分别")) return false;
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
interface Setting {
  readonly figure: Figure;
  readonly lead: string;
  readonly leadStart: number;
  readonly tail: string;
  readonly previous?: Figure;
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

function tryBefore(reading: Reading, compiled: CompiledFamily, setting: Setting): Claim | undefined {
  const m = compiled.before?.exec(setting.lead);
  return m ? claimOf(reading, compiled, setting, setting.leadStart + m.index, setting.figure.end) : undefined;
}

function tryAround(reading: Reading, compiled: CompiledFamily, setting: Setting): Claim | undefined {
  for (const [before, after] of compiled.around ?? []) {
    const b = before.exec(setting.lead);
    const a = b && after.exec(setting.tail);
    if (b && a) return claimOf(reading, compiled, setting, setting.leadStart + b.index, setting.figure.end + a[0].length);
  }
  return undefined;
}

function tryAfter(reading: Reading, compiled: CompiledFamily, setting: Setting): Claim | undefined {
  const m = compiled.after?.exec(setting.tail);
  return m ? claimOf(reading, compiled, setting, setting.figure.start, setting.figure.end + m[0].length) : undefined;
}

/** The first family (in order) that makes a claim of the figure. */
function firstClaim(families: readonly CompiledFamily[], attempt: (f: CompiledFamily) => Claim | undefined): Claim | undefined {
  for (const f of families) {
    const claim = attempt(f);
    if (claim) return claim;
  }
  return undefined;
}

/**
 * One expression finds the fullest phrase on one side of the figure; if its family refuses the figure
 * (another period, another subject…), every family of that side gets its own try.
 */
function fullestPhrase(combined: RegExp | undefined, families: readonly CompiledFamily[], text: string, attempt: (f: CompiledFamily) => Claim | undefined): Claim | undefined {
  const m = combined?.exec(text);
  if (!m) return undefined;
  return attempt(families[matchedGroup(m)]!) ?? firstClaim(families, attempt);
}

/** Reads one figure: the fullest phrase before it, else one around it, else one after it. */
function readFigure(reading: Reading, reader: FigureReader, setting: Setting): Claim | undefined {
  return (
    fullestPhrase(reader.before, reader.beforeFamilies, setting.lead, (f) => tryBefore(reading, f, setting)) ??
    firstClaim(reader.around, (f) => tryAround(reading, f, setting)) ??
    fullestPhrase(reader.after, reader.afterFamilies, setting.tail, (f) => tryAfter(reading, f, setting))
  );
}

function readFigures(reading: Reading, reader: FigureReader, figures: Figure[], claims: Claim[]): void {
  const { text } = reading;
  for (let i = 0; i < figures.length; i++) {
    const figure = figures[i]!;
    const sentence = reading.sentenceOf(figure.start);
    const previous = i > 0 && reading.sentenceOf(figures[i - 1]!.start) === sentence ? figures[i - 1] : undefined;
    const next = i + 1 < figures.length && reading.sentenceOf(figures[i + 1]!.start) === sentence ? figures[i + 1] : undefined;
    // a phrase of a count never reaches over a comma: its lead starts after the last one
    const clause = reader.overCommas ? 0 : text.lastIndexOf("，", figure.start - 1) + 1;
    const leadStart = Math.max(previous ? previous.end : reading.sentenceStart(sentence), figure.start - REACH, clause);
    const lead = text.slice(leadStart, figure.start);
    if (NOT_A_COUNT.test(lead)) continue;
    const tail = text.slice(figure.end, Math.min(next ? next.start : reading.sentenceEnd(sentence), figure.end + REACH));
    const claim = readFigure(reading, reader, { figure, lead, leadStart, tail, ...(previous ? { previous } : {}) });
    if (!claim) continue;
    figure.claimed = true;
    claims.push(claim);
    reading.addTopic(claim.at, claim.readings[0]?.[0]);
  }
}

/** "未收到政府信息公开申请", "均获维持": statements of a figure without a figure. */
function readDenials(reading: Reading, denials: readonly CompiledFamily[], claims: Claim[]): void {
  const { text } = reading;
  const none = NONE_CUE.test(text);
  const all = ALL_CUE.test(text);
  if (!none && !all) return;
  for (const compiled of denials) {
    const { family } = compiled;
    if (family.cue && !family.cue.some((word) => text.includes(word))) continue;
    for (const form of ["none", "all"] as const) {
      const pattern = compiled[form];
      if (!pattern || !(form === "none" ? none : all)) continue;
      for (const m of text.matchAll(pattern)) {
        const start = m.index!;
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

/** What one paragraph says about figures, in reading order. */
function readParagraph(compiledSet: Compiled, year: number, text: string): readonly Claim[] {
  const remembered = compiledSet.memory.get(text);
  if (remembered) return remembered;
  const countsFound = countFigures(text);
  const moneyFound = text.includes("元") ? moneyFigures(text) : [];
  let claims: Claim[] = [];
  // the cheap test first: most paragraphs state no figure and deny nothing
  if (countsFound.length > 0 || moneyFound.length > 0 || NONE_CUE.test(text) || ALL_CUE.test(text)) {
    const reading = new Reading(text, year);
    readFigures(reading, compiledSet.counts, countsFound, claims);
    readFigures(reading, compiledSet.money, moneyFound, claims);
    readDenials(reading, compiledSet.denials, claims);
    if (claims.length > 1) claims = claims.sort((a, b) => a.at - b.at);
  }
  remember(compiledSet.memory, text, claims);
  return claims;
}

export interface ParagraphClaims {
  readonly paragraph: Paragraph;
  readonly claims: readonly Claim[];
}

/** Every claim the paragraphs make about figures of the tables (and about the 信息处理费), paragraph by paragraph. */
export function readClaims(edition: Edition, year: number, paragraphs: readonly Paragraph[]): ParagraphClaims[] {
  const compiledSet = compiled(edition.id, year);
  const out: ParagraphClaims[] = [];
  for (const paragraph of paragraphs) {
    const claims = readParagraph(compiledSet, year, paragraph.text);
    if (claims.length > 0) out.push({ paragraph, claims });
  }
  return out;
}

