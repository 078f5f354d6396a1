/**
 * The phrase families compiled for one edition and one year: each family's phrasings as regular
 * expressions (the figure's place fixed, {Y-1}/{Y}/{Y+1} filled in), and for each side of a figure
 * one reader that tries every family at once: an automaton read backwards before the figure, an
 * expression after it. Compiled once and kept.
 */
import type { EditionId } from "../editions/index.js";
import { FAMILIES } from "./families.js";
import type { PhraseFamily, Quantity } from "./family.js";
import { SuffixReader } from "./suffix-reader.js";

/** between a phrase and its figure: "申请数量共计250件", "申请：250件", "第三方合法权益（12件）" */
export const CONNECT = "\\s*(?:的)?(?:数量|总数|总量|量)?\\s*(?:共计|合计|总计|共|计|为|是|达到|达|有)?\\s*(?:为)?\\s*[：:（(]?\\s*";

export interface CompiledFamily {
  readonly family: PhraseFamily;
  readonly before?: RegExp;
  readonly after?: RegExp;
  readonly around?: readonly (readonly [RegExp, RegExp])[];
  readonly none?: RegExp;
  readonly all?: RegExp;
  readonly unless?: RegExp;
  readonly unlessEarlier?: RegExp;
  readonly unlessFollowedBy?: RegExp;
  /** the family's readings, each with the words its sentence must hold (if any) and the placeholders it has */
  readonly means: readonly Meaning[];
  readonly hasWhen: boolean;
  readonly hasPlaceholders: boolean;
  /** the readings when they depend on nothing in the sentence (most families) */
  readonly fixed?: readonly Quantity[];
  /** the readings with their placeholders resolved, by the combination that resolved them */
  readonly resolved: Map<number, readonly Quantity[]>;
}

export interface Meaning {
  readonly cells: Quantity;
  readonly when?: RegExp;
  readonly placeholders: { readonly row: boolean; readonly doc: boolean; readonly case: boolean };
}

/** The families of one kind of figure (counts, or money), compiled. */
export interface FigureReader {
  readonly families: readonly CompiledFamily[];
  /** every family's `before` phrasings, read backwards from the figure at once */
  readonly before?: SuffixReader;
  readonly beforeFamilies: readonly CompiledFamily[];
  /** each of those families' phrasings as one expression source, years filled in (what `before` reads) */
  readonly beforeSources: readonly string[];
  /** every family's `after` phrasings likewise */
  readonly after?: RegExp;
  readonly afterFamilies: readonly CompiledFamily[];
  readonly around: readonly CompiledFamily[];
  /** whether a phrase may reach over a comma ("收取信息处理费1次，金额350元") */
  readonly overCommas: boolean;
}

export interface Compiled {
  readonly counts: FigureReader;
  readonly money: FigureReader;
  readonly denials: readonly CompiledFamily[];
}

function meaning(cells: Quantity, when: RegExp | undefined): Meaning {
  const refs = cells.join(" ");
  return { cells, ...(when ? { when } : {}), placeholders: { row: refs.includes("{row}"), doc: refs.includes("{doc}"), case: refs.includes("{case}") } };
}

function groupCount(source: string): number {
  return new RegExp(`(?:${source})|`).exec("")!.length - 1;
}

function compile(editionId: EditionId, year: number): Compiled {
  const years = (source: string) =>
    source.replaceAll("{Y-1}", String(year - 1)).replaceAll("{Y+1}", String(year + 1)).replaceAll("{Y}", String(year));
  const alternatives = (sources: readonly string[]) => {
    const source = sources.map((s) => `(?:${years(s)})`).join("|");
    // the engine tells families apart by capturing group: a phrasing must not capture
    if (groupCount(source) !== 0) throw new Error(`a phrasing captures a group: ${source}`);
    return source;
  };
  for (const family of FAMILIES) if (family.means.length > 4) throw new Error(`${family.id}: more than 4 readings`);
  const families = FAMILIES.filter((f) => !f.editions || f.editions.includes(editionId)).map((family): CompiledFamily => ({
    family,
    ...(family.before ? { before: new RegExp(`(?:${alternatives(family.before)})${CONNECT}$`) } : {}),
    ...(family.after ? { after: new RegExp(`^\\s*(?:${alternatives(family.after)})`) } : {}),
    ...(family.around
      ? { around: family.around.map(([b, a]) => [new RegExp(`(?:${alternatives([b])})${CONNECT}$`), new RegExp(`^\\s*(?:${alternatives([a])})`)] as const) }
      : {}),
    ...(family.none ? { none: new RegExp(alternatives(family.none), "g") } : {}),
    ...(family.all ? { all: new RegExp(alternatives(family.all), "g") } : {}),
    ...(family.unless ? { unless: new RegExp(family.unless) } : {}),
    ...(family.unlessEarlier ? { unlessEarlier: new RegExp(family.unlessEarlier) } : {}),
    ...(family.unlessFollowedBy ? { unlessFollowedBy: new RegExp(family.unlessFollowedBy) } : {}),
    means: family.means.map((m) => meaning("cells" in m ? m.cells : m, "cells" in m ? new RegExp(m.when) : undefined)),
    hasWhen: family.means.some((m) => "cells" in m),
    hasPlaceholders: family.means.some((m) => ("cells" in m ? m.cells : m).some((ref) => ref.includes("{"))),
    ...(family.means.every((m) => !("cells" in m) && !m.some((ref) => ref.includes("{"))) ? { fixed: family.means as readonly Quantity[] } : {}),
    resolved: new Map(),
  }));
  const reader = (subset: readonly CompiledFamily[], overCommas: boolean): FigureReader => {
    const beforeFamilies = subset.filter((f) => f.family.before);
    const beforeSources = beforeFamilies.map((f) => alternatives(f.family.before!));
    const afterFamilies = subset.filter((f) => f.family.after);
    return {
      families: subset,
      ...(beforeFamilies.length ? { before: new SuffixReader(beforeSources, CONNECT) } : {}),
      beforeFamilies,
      beforeSources,
      ...(afterFamilies.length ? { after: new RegExp(`^\\s*(?:${afterFamilies.map((f) => `(${alternatives(f.family.after!)})`).join("|")})`) } : {}),
      afterFamilies,
      around: subset.filter((f) => f.family.around),
      overCommas,
    };
  };
  return {
    counts: reader(families.filter((f) => !f.family.money), false),
    money: reader(families.filter((f) => f.family.money), true),
    denials: families.filter((f) => f.none || f.all),
  };
}

/** by edition and year */
const compiledCache = new Map<string, Compiled>();

export function compiled(editionId: EditionId, year: number): Compiled {
  const key = `${editionId}:${year}`;
  let value = compiledCache.get(key);
  if (!value) compiledCache.set(key, (value = compile(editionId, year)));
  return value;
}

/** Which family's capturing group matched. */
export function matchedGroup(m: RegExpExecArray): number {
  let i = 1;
  while (m[i] === undefined) i++;
  return i - 1;
}
