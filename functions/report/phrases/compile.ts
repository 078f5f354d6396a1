/**
 * The phrase families compiled for one edition and one year: each family's phrasings as regular
 * expressions (the figure's place fixed, {Y-1}/{Y}/{Y+1} filled in), and one expression per side of a
 * figure that tries every family at once. Compiled once and kept.
 */
import type { EditionId } from "../editions/index.js";
import type { Claim } from "./claim.js";
import { FAMILIES } from "./families.js";
import type { PhraseFamily, Quantity } from "./family.js";

/** between a phrase and its figure: "申请数量共计250件", "申请：250件", "第三方合法权益（12件）" */
const CONNECT = "\\s*(?:的)?(?:数量|总数|总量|量)?\\s*(?:共计|合计|总计|共|计|为|是|达到|达|有)?\\s*(?:为)?\\s*[：:（(]?\\s*";

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
  /** the family's readings, each with the words its sentence must hold (if any) */
  readonly means: readonly { readonly cells: Quantity; readonly when?: RegExp }[];
  readonly hasPlaceholders: boolean;
  /** the readings when they depend on nothing in the sentence (most families) */
  readonly fixed?: readonly Quantity[];
}

/** The families of one kind of figure (counts, or money), compiled. */
export interface FigureReader {
  readonly families: readonly CompiledFamily[];
  /** every family's `before` phrasings in one expression, one capturing group per family */
  readonly before?: RegExp;
  readonly beforeFamilies: readonly CompiledFamily[];
  /** every family's `after` phrasings likewise */
  readonly after?: RegExp;
  readonly afterFamilies: readonly CompiledFamily[];
  readonly around: readonly CompiledFamily[];
  /** whether a phrase may reach over a comma ("收取信息处理费1次，金额350元") */
  readonly overCommas: boolean;
}

export interface Compiled {
  /** the claims of paragraphs already read, by text (oldest first) */
  readonly memory: Map<string, readonly Claim[]>;
  readonly counts: FigureReader;
  readonly money: FigureReader;
  readonly denials: readonly CompiledFamily[];
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
    means: family.means.map((m) => ("cells" in m ? { cells: m.cells, when: new RegExp(m.when) } : { cells: m })),
    hasPlaceholders: family.means.some((m) => ("cells" in m ? m.cells : m).some((ref) => ref.includes("{"))),
    ...(family.means.every((m) => !("cells" in m) && !m.some((ref) => ref.includes("{"))) ? { fixed: family.means as readonly Quantity[] } : {}),
  }));
  const reader = (subset: readonly CompiledFamily[], overCommas: boolean): FigureReader => {
    const beforeFamilies = subset.filter((f) => f.family.before);
    const afterFamilies = subset.filter((f) => f.family.after);
    return {
      families: subset,
      ...(beforeFamilies.length
        ? { before: new RegExp(`(?:${beforeFamilies.map((f) => `(${alternatives(f.family.before!)})`).join("|")})${CONNECT}$`) }
        : {}),
      beforeFamilies,
      ...(afterFamilies.length ? { after: new RegExp(`^\\s*(?:${afterFamilies.map((f) => `(${alternatives(f.family.after!)})`).join("|")})`) } : {}),
      afterFamilies,
      around: subset.filter((f) => f.family.around),
      overCommas,
    };
  };
  return {
    memory: new Map(),
    counts: reader(families.filter((f) => !f.family.money), false),
    money: reader(families.filter((f) => f.family.money), true),
    denials: families.filter((f) => f.none || f.all),
  };
}

/** by edition and year */
export const compiledCache = new Map<string, Compiled>();

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
