/**
 * The fullest phrase before a figure, read backwards from the figure.
 *
 * A `before` phrasing ends where the figure starts (give or take the connecting words: 共计, 为, ：…);
 * of all the families whose phrasings do, the one whose phrase starts earliest wins, and of two that
 * start together, the first in order. A regular expression anchored at the end of the 40 characters
 * before the figure answers that by trying every family at every one of those positions. Read
 * backwards instead, every family's phrasings reversed make one automaton, and the characters before
 * the figure are walked once, each a step between states. The states are worked out as text needs them
 * and kept (a few thousand at most: the phrasings are short), so a figure costs a few map look-ups.
 *
 * A lookaround is tested on the text where it stands. A lookahead of at most one character (申请(?!人))
 * sees only the character just read, so the step it is part of is kept like any other; a step through
 * any other lookaround is worked out each time.
 */
import { hasChar, parsePattern, type CharSet, type Pattern } from "./pattern.js";

const CHAR = 0;
const SPLIT = 1;
const LOOK = 2;
const ACCEPT = 3;

interface Look {
  /** the lookaround (or ^ or $) alone, sticky: tested at one position */
  readonly test: RegExp;
  /** whether its outcome where the reading starts is the same for every text (it looks only ahead) */
  readonly aheadOnly: boolean;
  /** whether its outcome elsewhere depends on nothing but the character just read */
  readonly narrow: boolean;
}

/** A set of the automaton's states: where the reading may be after the characters read so far. */
interface Step {
  readonly states: readonly number[];
  /** the first family whose phrase may start here, or -1 */
  readonly family: number;
  /** every family whose phrase may start here, in order */
  readonly families: readonly number[];
  /** by the character read next */
  readonly next: Map<number, Step>;
}

/** Beyond this many steps kept, they are forgotten and worked out again (text no report holds). */
const KEPT_STEPS = 20_000;

function longest(pattern: Pattern): number {
  switch (pattern.kind) {
    case "chars":
      return 1;
    case "sequence":
      return pattern.items.reduce((sum, item) => sum + longest(item), 0);
    case "choice":
      return Math.max(...pattern.items.map(longest));
    case "repeat": {
      const item = longest(pattern.item);
      return item === 0 ? 0 : item * pattern.max;
    }
    case "group":
      return longest(pattern.item);
    default:
      return 0;
  }
}

export class FullestPhrase {
  constructor(
    private readonly reader: SuffixReader,
    private readonly text: string,
    /** where the phrase starts in the text read */
    readonly start: number,
    /** which family (index into the families given) */
    readonly family: number,
  ) {}

  /** every family whose phrasing ends the text, in order, with where its own fullest phrase starts (read again: seldom asked) */
  every(): readonly { readonly family: number; readonly start: number }[] {
    return this.reader.every(this.text);
  }
}

export class SuffixReader {
  private readonly kinds: number[] = [];
  private readonly sets: (CharSet | undefined)[] = [];
  private readonly outs: number[][] = [];
  private readonly looks: (Look | undefined)[] = [];
  private readonly families: number[] = [];
  private readonly start: number;
  private steps = new Map<string, Step>();
  private initial: Step | undefined;
  private readonly dead: Step = { states: [], family: -1, families: [], next: new Map() };
  private visited: Uint32Array;
  private generation = 0;

  /**
   * `phrasings`: each family's phrasings as one regular-expression source; `connect`: what may stand
   * between any phrase and the figure.
   */
  constructor(phrasings: readonly string[], connect: string) {
    const accepts = phrasings.map((source, family) => this.backwards(parsePattern(source), this.add(ACCEPT, [], { family })));
    this.start = this.backwards(parsePattern(connect), this.add(SPLIT, accepts));
    this.visited = new Uint32Array(this.kinds.length);
  }

  /** The fullest phrase ending `text` (what stands before a figure), if any family's phrasing does. */
  read(text: string): FullestPhrase | undefined {
    let step = this.initial ?? this.closure([this.start], text, text.length, true);
    let start = -1;
    let family = -1;
    for (let at = text.length; ; ) {
      if (step.family >= 0) ((start = at), (family = step.family));
      if (--at < 0) break;
      const code = text.charCodeAt(at);
      step = step.next.get(code) ?? this.advance(step, code, text, at);
      if (step === this.dead) break;
    }
    return family < 0 ? undefined : new FullestPhrase(this, text, start, family);
  }

  /** Every family whose phrasing ends `text`, in order, with where its own fullest phrase starts. */
  every(text: string): { family: number; start: number }[] {
    const starts = new Map<number, number>();
    let step = this.initial ?? this.closure([this.start], text, text.length, true);
    for (let at = text.length; ; ) {
      for (const family of step.families) starts.set(family, at);
      if (--at < 0) break;
      const code = text.charCodeAt(at);
      step = step.next.get(code) ?? this.advance(step, code, text, at);
      if (step === this.dead) break;
    }
    return [...starts].map(([family, start]) => ({ family, start })).sort((a, b) => a.family - b.family);
  }

  private add(kind: number, out: number[], extra: { set?: CharSet; look?: Look; family?: number } = {}): number {
    this.kinds.push(kind);
    this.outs.push(out);
    this.sets.push(extra.set);
    this.looks.push(extra.look);
    this.families.push(extra.family ?? -1);
    return this.kinds.length - 1;
  }

  /** The state that reads `pattern` backwards and then goes on at `next`. */
  private backwards(pattern: Pattern, next: number): number {
    switch (pattern.kind) {
      case "chars":
        return this.add(CHAR, [next], { set: pattern.set });
      case "sequence": {
        let entry = next;
        for (const item of pattern.items) entry = this.backwards(item, entry);
        return entry;
      }
      case "choice":
        return this.add(SPLIT, pattern.items.map((item) => this.backwards(item, next)));
      case "group":
        return this.backwards(pattern.item, next);
      case "repeat": {
        let entry = next;
        if (pattern.max === Infinity) {
          const loop = this.add(SPLIT, []);
          this.outs[loop]!.push(this.backwards(pattern.item, loop), next);
          entry = loop;
        } else {
          for (let i = pattern.min; i < pattern.max; i++) entry = this.add(SPLIT, [this.backwards(pattern.item, entry), entry]);
        }
        for (let i = 0; i < pattern.min; i++) entry = this.backwards(pattern.item, entry);
        return entry;
      }
      case "look": {
        const test = new RegExp(pattern.source, "y");
        return this.add(LOOK, [next], { look: { test, aheadOnly: !pattern.behind, narrow: !pattern.behind && longest(pattern.item) <= 1 } });
      }
      case "edge":
        // $ holds only where the reading starts; ^ where the text starts, which depends on the text
        return this.add(LOOK, [next], { look: { test: new RegExp(pattern.which, "y"), aheadOnly: pattern.which === "$", narrow: pattern.which === "$" } });
    }
  }

  /** One character further back. */
  private advance(step: Step, code: number, text: string, at: number): Step {
    const seeds: number[] = [];
    for (const state of step.states) if (this.kinds[state] === CHAR && hasChar(this.sets[state]!, code)) seeds.push(this.outs[state]![0]!);
    const next = this.closure(seeds, text, at, false);
    if (next.keep) step.next.set(code, next.step);
    return next.step;
  }

  /** Every state reachable from `seeds` without reading a character, at position `at` of `text`. */
  private closure(seeds: number[], text: string, at: number, initial: true): Step;
  private closure(seeds: number[], text: string, at: number, initial: false): { step: Step; keep: boolean };
  private closure(seeds: number[], text: string, at: number, initial: boolean): Step | { step: Step; keep: boolean } {
    if (this.generation === 0xffffffff) ((this.visited = new Uint32Array(this.kinds.length)), (this.generation = 0));
    const generation = ++this.generation;
    const states: number[] = [];
    let keep = true;
    const pending = seeds;
    while (pending.length > 0) {
      const state = pending.pop()!;
      if (this.visited[state] === generation) continue;
      this.visited[state] = generation;
      const kind = this.kinds[state];
      if (kind === CHAR || kind === ACCEPT) states.push(state);
      else if (kind === SPLIT) pending.push(...this.outs[state]!);
      else {
        const look = this.looks[state]!;
        // where the reading starts, every lookahead sees the end of the text, whatever the text
        if (!(initial ? look.aheadOnly : look.narrow)) keep = false;
        look.test.lastIndex = at;
        if (look.test.test(text)) pending.push(this.outs[state]![0]!);
      }
    }
    const step = this.intern(states.sort((a, b) => a - b));
    if (initial) {
      if (keep) this.initial = step;
      return step;
    }
    return { step, keep };
  }

  private intern(states: number[]): Step {
    if (states.length === 0) return this.dead;
    const key = states.join(",");
    let step = this.steps.get(key);
    if (!step) {
      if (this.steps.size >= KEPT_STEPS) ((this.steps = new Map()), (this.initial = undefined));
      const families = states.map((state) => this.families[state]!).filter((f) => f >= 0).sort((a, b) => a - b);
      step = { states, family: families[0] ?? -1, families, next: new Map() };
      this.steps.set(key, step);
    }
    return step;
  }
}
