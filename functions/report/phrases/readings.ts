/**
 * Which figures of the tables a phrase means: its family's readings with their placeholders ({row},
 * {doc}, {case}) resolved from the sentence. The result depends only on which readings the sentence
 * allows and on the row, kind of document and kinds of case it names, a finite set: each combination
 * is worked out once per family and found again by a number.
 */
import type { CompiledFamily } from "./compile.js";
import { CASE_GROUPS, type CaseGroup } from "./context.js";
import type { Quantity } from "./family.js";
import type { Reading } from "./reading.js";

/** a phrase saying 均/全部 distributes over every kind of case named before it */
export const EVERY = /[均都]|全部/;

/** Small numbers for the rows and kinds of document a sentence names (a finite set of constants). */
const topicNumbers = new Map<string, number>();

function topicNumber(topic: string | undefined): number {
  if (topic === undefined) return 0;
  let n = topicNumbers.get(topic);
  if (n === undefined) {
    n = topicNumbers.size + 1;
    if (n > 63) throw new Error("more than 63 rows and kinds of document named by the phrase families");
    topicNumbers.set(topic, n);
  }
  return n;
}

/** The kinds of case as a number: each list a set of CASE_GROUPS (3 bits), at most two lists. */
function casesNumber(cases: readonly (readonly CaseGroup[])[] | undefined): number {
  if (!cases) return 0;
  let n = 1;
  for (const groups of cases) {
    let bits = 0;
    for (const group of groups) bits |= 1 << CASE_GROUPS.indexOf(group);
    n = n * 8 + bits;
  }
  return n;
}

/**
 * The readings of a phrase of this family at [start, end); undefined when the sentence does not say
 * what a placeholder stands for.
 */
export function readingsOf(reading: Reading, compiled: CompiledFamily, start: number, end: number): readonly Quantity[] | undefined {
  if (compiled.fixed) return compiled.fixed;
  const { family } = compiled;
  const sentence = compiled.hasWhen ? reading.sentence(start) : "";
  let allowed = 0;
  let row: string | undefined;
  let doc: string | undefined;
  let cases: readonly (readonly CaseGroup[])[] | undefined;
  for (let i = 0; i < compiled.means.length; i++) {
    const { when, placeholders } = compiled.means[i]!;
    if (when && !when.test(sentence)) continue;
    allowed |= 1 << i;
    if (placeholders.row) {
      row ??= reading.topic("row", start) ?? (family.rowByDefault && reading.holds("申请", start, end) ? family.rowByDefault : undefined);
      if (!row) return undefined;
    }
    if (placeholders.doc) {
      doc ??= reading.topic("doc", start);
      if (!doc) return undefined;
    }
    if (placeholders.case && !cases) {
      const named = reading.cases.before(start, end);
      if (named) cases = EVERY.test(reading.text.slice(start, end)) ? [named.all] : [named.nearest, named.all];
      else if (family.everyCaseByDefault) cases = [CASE_GROUPS];
      else return undefined;
    }
  }
  // at most 4 readings, 63 topics of each kind: one number says it all
  const key = allowed + 16 * (topicNumber(row) + 64 * (topicNumber(doc) + 64 * casesNumber(cases)));
  let readings = compiled.resolved.get(key);
  if (!readings) compiled.resolved.set(key, (readings = resolve(compiled, allowed, row, doc, cases)));
  return readings;
}

function resolve(compiled: CompiledFamily, allowed: number, row: string | undefined, doc: string | undefined, cases: readonly (readonly CaseGroup[])[] | undefined): Quantity[] {
  const out: Quantity[] = [];
  const seen = new Set<string>();
  compiled.means.forEach(({ cells, placeholders }, i) => {
    if (!(allowed & (1 << i))) return;
    for (const groups of placeholders.case ? cases! : [[]]) {
      const quantity = cells
        .flatMap((ref) => (ref.includes("{case}") ? groups.map((g) => ref.replace("{case}", g)) : [ref]))
        .map((ref) => ref.replace("{row}", row ?? "").replace("{doc}", doc ?? ""));
      const key = quantity.join("+");
      if (!seen.has(key)) (seen.add(key), out.push(quantity));
    }
  });
  return out;
}
