/**
 * The phrasings' regular expressions as a tree, so that the engine can read them in ways a
 * `RegExp` cannot — backwards from a figure (suffix-reader.ts). The grammar is JavaScript's without
 * flags, less what phrasings have no use for: back-references, named groups and \b are refused with
 * an error naming the source, so a phrasing the engine cannot read fails when the families are
 * compiled, not silently while reading.
 */

/** A set of UTF-16 code units: sorted, disjoint ranges, or everything outside them. */
export interface CharSet {
  readonly ranges: readonly (readonly [number, number])[];
  readonly negated: boolean;
}

export type Pattern =
  | { readonly kind: "chars"; readonly set: CharSet }
  | { readonly kind: "sequence"; readonly items: readonly Pattern[] }
  | { readonly kind: "choice"; readonly items: readonly Pattern[] }
  | { readonly kind: "repeat"; readonly item: Pattern; readonly min: number; readonly max: number }
  | { readonly kind: "group"; readonly item: Pattern; readonly capturing: boolean }
  /** a lookaround, kept with its source so that it can be tested where it stands */
  | { readonly kind: "look"; readonly behind: boolean; readonly source: string; readonly item: Pattern }
  | { readonly kind: "edge"; readonly which: "^" | "$" };

const c = (ch: string) => ch.charCodeAt(0);
/** what `\s` matches in JavaScript */
const SPACE: readonly (readonly [number, number])[] = [
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a],
  [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
];
const DIGIT: readonly (readonly [number, number])[] = [[c("0"), c("9")]];
const WORD: readonly (readonly [number, number])[] = [[c("0"), c("9")], [c("A"), c("Z")], [c("_"), c("_")], [c("a"), c("z")]];
const LINE_ENDS: readonly (readonly [number, number])[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];
const CONTROL_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, f: 0x0c, "0": 0 };

export function charSet(ranges: readonly (readonly [number, number])[], negated = false): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return { ranges: merged, negated };
}

export function hasChar(set: CharSet, code: number): boolean {
  const { ranges } = set;
  let inside = false;
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if (code < range[0]) break;
    if (code <= range[1]) {
      inside = true;
      break;
    }
  }
  return inside !== set.negated;
}

/**
 * A set made a test that costs one look-up, for a set asked of many characters: a bitmap of the
 * 65,536 code units (8 KB).
 */
export function charTest(set: CharSet): (code: number) => boolean {
  const bits = new Int32Array(2048);
  for (const [lo, hi] of set.ranges) for (let code = lo; code <= hi; code++) bits[code >> 5]! |= 1 << (code & 31);
  if (set.negated) for (let i = 0; i < bits.length; i++) bits[i] = ~bits[i]!;
  return (code) => (bits[code >> 5]! & (1 << (code & 31))) !== 0;
}

class Parser {
  private i = 0;

  constructor(private readonly source: string) {}

  parse(): Pattern {
    const pattern = this.choice();
    if (this.i < this.source.length) this.fail("an unmatched )");
    return pattern;
  }

  private fail(what: string): never {
    throw new Error(`a phrasing uses ${what} at ${this.i}, which the phrase engine does not read: ${this.source}`);
  }

  private peek(ahead = 0): string | undefined {
    return this.source[this.i + ahead];
  }

  private choice(): Pattern {
    const items = [this.sequence()];
    while (this.peek() === "|") {
      this.i++;
      items.push(this.sequence());
    }
    return items.length === 1 ? items[0]! : { kind: "choice", items };
  }

  private sequence(): Pattern {
    const items: Pattern[] = [];
    while (this.i < this.source.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.quantified(this.atom()));
    return items.length === 1 ? items[0]! : { kind: "sequence", items };
  }

  private quantified(item: Pattern): Pattern {
    let min: number;
    let max: number;
    const ch = this.peek();
    if (ch === "*") [min, max] = [0, Infinity];
    else if (ch === "+") [min, max] = [1, Infinity];
    else if (ch === "?") [min, max] = [0, 1];
    else if (ch === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.i));
      if (!m) this.fail("a { that is not a quantifier");
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return item;
    this.i++;
    if (this.peek() === "?") this.i++; // lazy or greedy, the same words match
    if (item.kind === "look" || item.kind === "edge") this.fail("a quantified assertion");
    return { kind: "repeat", item, min, max };
  }

  private atom(): Pattern {
    const ch = this.peek()!;
    if (ch === "(") return this.group();
    if (ch === "[") return { kind: "chars", set: this.charClass() };
    if (ch === "^" || ch === "$") {
      this.i++;
      return { kind: "edge", which: ch };
    }
    if (ch === ".") {
      this.i++;
      return { kind: "chars", set: charSet(LINE_ENDS, true) };
    }
    if (ch === "\\") return { kind: "chars", set: this.escape(false) };
    if ("*+?".includes(ch) || (ch === "{" && /^\{\d+(,\d*)?\}/.test(this.source.slice(this.i)))) this.fail(`nothing to repeat before ${ch}`);
    this.i++;
    return { kind: "chars", set: charSet([[c(ch), c(ch)]]) };
  }

  private group(): Pattern {
    const start = this.i;
    this.i++;
    let look: { behind: boolean } | undefined;
    let capturing = true;
    if (this.peek() === "?") {
      const kind = this.source.slice(this.i, this.i + 3);
      if (kind.startsWith("?:")) ((capturing = false), (this.i += 2));
      else if (kind.startsWith("?=") || kind.startsWith("?!")) ((look = { behind: false }), (this.i += 2));
      else if (kind === "?<=" || kind === "?<!") ((look = { behind: true }), (this.i += 3));
      else this.fail("a named group");
    }
    const item = this.choice();
    if (this.peek() !== ")") this.fail("an unclosed (");
    this.i++;
    if (look) return { kind: "look", behind: look.behind, source: this.source.slice(start, this.i), item };
    return { kind: "group", item, capturing };
  }

  /** `\d`, `\s`, `\n`, `\u4e00`, `\.`…: the set it stands for. */
  private escape(inClass: boolean): CharSet {
    this.i++;
    const ch = this.peek();
    if (ch === undefined) this.fail("a trailing \\");
    this.i++;
    const classes: Record<string, readonly (readonly [number, number])[]> = { d: DIGIT, s: SPACE, w: WORD };
    if (ch in classes) return charSet(classes[ch]!);
    if (ch.toLowerCase() in classes && !inClass) return charSet(classes[ch.toLowerCase()]!, true);
    if (ch === "0" && /\d/.test(this.peek() ?? "")) this.fail("an octal escape");
    if (ch in CONTROL_ESCAPES) return charSet([[CONTROL_ESCAPES[ch]!, CONTROL_ESCAPES[ch]!]]);
    if (ch === "u" || ch === "x") {
      const digits = ch === "u" ? 4 : 2;
      const hex = this.source.slice(this.i, this.i + digits);
      if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) this.fail(`\\${ch} without its digits`);
      this.i += digits;
      const code = parseInt(hex, 16);
      return charSet([[code, code]]);
    }
    if (/[1-9bBcDSWk]/.test(ch)) this.fail(`\\${ch}`);
    return charSet([[c(ch), c(ch)]]);
  }

  private charClass(): CharSet {
    this.i++;
    const negated = this.peek() === "^";
    if (negated) this.i++;
    const ranges: (readonly [number, number])[] = [];
    while (this.peek() !== "]") {
      if (this.peek() === undefined) this.fail("an unclosed [");
      const from = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined && from.single) {
        this.i++;
        const to = this.classAtom();
        if (!to.single) this.fail("a range ending in a class");
        ranges.push([from.set.ranges[0]![0], to.set.ranges[0]![0]]);
      } else ranges.push(...from.set.ranges);
    }
    this.i++;
    return charSet(ranges, negated);
  }

  private classAtom(): { set: CharSet; single: boolean } {
    if (this.peek() === "\\") {
      const set = this.escape(true);
      return { set, single: set.ranges.length === 1 && set.ranges[0]![0] === set.ranges[0]![1] };
    }
    const code = this.source.charCodeAt(this.i++);
    return { set: charSet([[code, code]]), single: true };
  }
}

export function parsePattern(source: string): Pattern {
  return new Parser(source).parse();
}

/** Whether a character is one `\s` matches (SPACE, written out: it is asked of every character scanned). */
export function isSpace(code: number): boolean {
  if (code < 0xa0) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code >= 0x2000 && code <= 0x200a) return true;
  return code === 0xa0 || code === 0x1680 || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * The most characters (spaces aside) a match of `pattern` can hold before its first character from
 * `anchors`. Throws when a match may hold none of them, or when there is no such bound: a scan that
 * starts that far before each anchor then finds every match.
 */
export function reachBefore(pattern: Pattern, anchors: string): number {
  const codes = [...anchors].map((ch) => ch.charCodeAt(0));
  const { without, before } = reach(pattern, codes);
  if (without !== -Infinity || !Number.isFinite(before)) throw new Error(`a match may hold none of ${anchors}, or start unboundedly far before one`);
  return before;
}

/** `without`: most characters in a match holding no anchor (-∞: none does); `before`: most before the first anchor. */
function reach(pattern: Pattern, anchors: readonly number[]): { without: number; before: number } {
  const plus = (a: number, b: number) => (a === -Infinity || b === -Infinity ? -Infinity : a + b);
  switch (pattern.kind) {
    case "chars": {
      const { set } = pattern;
      const anchor = anchors.some((code) => hasChar(set, code));
      const other = set.negated || set.ranges.some(([lo, hi]) => {
        for (let code = lo; code <= hi; code++) if (!anchors.includes(code) && !isSpace(code)) return true;
        return false;
      });
      const space = set.negated || SPACE.some(([lo, hi]) => set.ranges.some(([a, b]) => a <= hi && lo <= b));
      return { without: other ? 1 : space ? 0 : -Infinity, before: anchor ? 0 : -Infinity };
    }
    case "sequence":
      return pattern.items.map((item) => reach(item, anchors)).reduce(
        (a, b) => ({ without: plus(a.without, b.without), before: Math.max(a.before, plus(a.without, b.before)) }),
        { without: 0, before: -Infinity },
      );
    case "choice": {
      const all = pattern.items.map((item) => reach(item, anchors));
      return { without: Math.max(...all.map((r) => r.without)), before: Math.max(...all.map((r) => r.before)) };
    }
    case "repeat": {
      const { without, before } = reach(pattern.item, anchors);
      const { min, max } = pattern;
      if (max === 0) return { without: 0, before: -Infinity };
      if (without === -Infinity) return { without: min === 0 ? 0 : -Infinity, before };
      if (without === 0) return { without: 0, before };
      return { without: without * max, before: plus(without * (max - 1), before) };
    }
    case "group":
      return reach(pattern.item, anchors);
    default:
      return { without: 0, before: -Infinity };
  }
}

const EVERY_CHAR = charSet([], true);

/** Every character a match of `pattern` can hold (more, never fewer: lookarounds are not read). */
export function allChars(pattern: Pattern): CharSet {
  const sets: CharSet[] = [];
  const collect = (p: Pattern): void => {
    if (p.kind === "chars") sets.push(p.set);
    else if (p.kind === "sequence" || p.kind === "choice") p.items.forEach(collect);
    else if (p.kind === "repeat" || p.kind === "group") collect(p.item);
  };
  collect(pattern);
  return sets.some((set) => set.negated) ? EVERY_CHAR : charSet(sets.flatMap((set) => set.ranges));
}

/** The characters a match of `pattern` can start with (more, never fewer: lookarounds are not read). */
export function firstChars(pattern: Pattern): CharSet {
  const { set } = first(pattern);
  return set;
}

function first(pattern: Pattern): { set: CharSet; empty: boolean } {
  const union = (sets: readonly CharSet[]) =>
    sets.some((s) => s.negated) ? EVERY_CHAR : charSet(sets.flatMap((s) => s.ranges));
  switch (pattern.kind) {
    case "chars":
      return { set: pattern.set, empty: false };
    case "sequence": {
      const sets: CharSet[] = [];
      for (const item of pattern.items) {
        const f = first(item);
        sets.push(f.set);
        if (!f.empty) return { set: union(sets), empty: false };
      }
      return { set: union(sets), empty: true };
    }
    case "choice": {
      const all = pattern.items.map(first);
      return { set: union(all.map((f) => f.set)), empty: all.some((f) => f.empty) };
    }
    case "repeat": {
      const f = pattern.max === 0 ? { set: charSet([]), empty: true } : first(pattern.item);
      return { set: f.set, empty: f.empty || pattern.min === 0 };
    }
    case "group":
      return first(pattern.item);
    default:
      return { set: charSet([]), empty: true };
  }
}
