/**
 * Token scopes: reportId glob patterns (`*` any run of characters, `?` one character, anything else
 * itself), matched and compared without regular expressions.
 *
 * Matching simulates the pattern as a set of positions (a Thompson NFA): one pass over the reportId,
 * at most (id length + 1) × (pattern length + 1) steps, whatever the pattern. A backtracking matcher
 * (or a RegExp built from the glob) takes exponential time on `*a*a*a*a*a*a*b`.
 *
 * Coverage ("is this pattern within that one?") is decided exactly over the reportIds that can exist
 * (`^[a-z0-9][a-z0-9-]{2,63}$`): a breadth-first search of the product of both patterns' position sets
 * looks for a reportId the narrower pattern matches and the wider one does not. Patterns are at most 64
 * characters, and the search is bounded; a pattern pair too intricate to decide within the bound is
 * treated as not covered, so minting errs on the side of refusing.
 */

/** A scope pattern: reportId characters plus * and ?. */
export const SCOPE_PATTERN = /^[a-z0-9*?-]{1,64}$/;

const ID_MIN = 3;
const ID_MAX = 64;
const ID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789";
/** states explored before coverage gives up (and answers "not covered") */
const COVERAGE_BUDGET = 50_000;

const STAR = -1;
const ANY = -2;

/** A compiled glob: per position a character code, STAR or ANY. */
type Glob = Int32Array;

const compiled = new Map<string, Glob>();

function compile(pattern: string): Glob {
  let glob = compiled.get(pattern);
  if (!glob) {
    // consecutive stars are one star
    const tokens: number[] = [];
    for (const ch of pattern) {
      const token = ch === "*" ? STAR : ch === "?" ? ANY : ch.charCodeAt(0);
      if (token === STAR && tokens[tokens.length - 1] === STAR) continue;
      tokens.push(token);
    }
    glob = Int32Array.from(tokens);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, glob);
  }
  return glob;
}

/** Counts the steps of the last match (tests hold it to its linear bound). */
export interface MatchStats {
  steps: number;
}

/**
 * Whether the glob matches the whole text. `active[i]` means "the first i tokens match what has been
 * read so far"; each character moves every active position at most one token on.
 */
export function globMatches(pattern: string, text: string, stats?: MatchStats): boolean {
  const glob = compile(pattern);
  const k = glob.length;
  let active = new Uint8Array(k + 1);
  let next = new Uint8Array(k + 1);
  let steps = 0;
  active[0] = 1;
  closeOverStars(glob, active);
  for (let t = 0; t < text.length; t++) {
    const ch = text.charCodeAt(t);
    next.fill(0);
    let any = false;
    for (let i = 0; i < k; i++) {
      steps++;
      if (!active[i]) continue;
      const token = glob[i]!;
      if (token === STAR) {
        next[i] = 1;
        any = true;
      } else if (token === ANY || token === ch) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) {
      if (stats) stats.steps = steps;
      return false;
    }
    closeOverStars(glob, next);
    [active, next] = [next, active];
  }
  if (stats) stats.steps = steps;
  return active[k] === 1;
}

/** A star also matches nothing: a position before a star implies the position after it. */
function closeOverStars(glob: Glob, active: Uint8Array): void {
  for (let i = 0; i < glob.length; i++) if (active[i] && glob[i] === STAR) active[i + 1] = 1;
}

export function inScope(scopes: readonly string[], reportId: string): boolean {
  return scopes.some((scope) => globMatches(scope, reportId));
}

// ---- coverage ----

/**
 * A glob as bit masks over its positions (at most 64 tokens, so 65 positions): position i+1 follows
 * position i on a character the token at i matches, a star keeps its position, and a position before
 * a star implies the one after it (consecutive stars are one, so one shift closes over them).
 */
interface GlobMasks {
  readonly accept: bigint;
  readonly star: bigint;
  readonly matching: (ch: number) => bigint;
}

function masks(glob: Glob): GlobMasks {
  let star = 0n;
  let any = 0n;
  const literal = new Map<number, bigint>();
  glob.forEach((token, i) => {
    const bit = 1n << BigInt(i);
    if (token === STAR) star |= bit;
    else if (token === ANY) any |= bit;
    else literal.set(token, (literal.get(token) ?? 0n) | bit);
  });
  return { accept: 1n << BigInt(glob.length), star, matching: (ch) => any | (literal.get(ch) ?? 0n) };
}

const close = (m: GlobMasks, set: bigint) => set | ((set & m.star) << 1n);
const advance = (m: GlobMasks, set: bigint, ch: number) => close(m, ((set & m.matching(ch)) << 1n) | (set & m.star));

/**
 * The characters worth trying: every literal of either pattern, "-", and one character that appears
 * in neither (all such characters behave alike in both patterns).
 */
function alphabet(narrow: string, wide: string): number[] {
  const literals = new Set([...(narrow + wide)].filter((c) => c !== "*" && c !== "?"));
  literals.add("-");
  const other = [...ID_FIRST].find((c) => !literals.has(c));
  return [...literals, ...(other ? [other] : [])].map((c) => c.charCodeAt(0));
}

const FIRST_ALLOWED = new Set([...ID_FIRST].map((c) => c.charCodeAt(0)));

/**
 * Whether every reportId the narrow pattern matches is also matched by the wide one. Exact within the
 * search budget; "false" beyond it.
 */
export function patternCovers(wide: string, narrow: string): boolean {
  if (wide === narrow) return true;
  const w = masks(compile(wide));
  if (compile(wide).length === 1 && w.star === 1n) return true;
  const n = masks(compile(narrow));
  const chars = alphabet(narrow, wide);
  let frontier: [bigint, bigint][] = [[close(n, 1n), close(w, 1n)]];
  let explored = 0;
  // A state reached again at a greater length (both at least ID_MIN) leads nowhere new: whatever
  // completes it into a counterexample completes the earlier, shorter one too, within ID_MAX.
  const seenLong = new Set<string>();
  for (let length = 0; length <= ID_MAX && frontier.length; length++) {
    const seen = length + 1 >= ID_MIN ? seenLong : new Set<string>();
    const following: [bigint, bigint][] = [];
    for (const [ns, ws] of frontier) {
      if (length >= ID_MIN && ns & n.accept && !(ws & w.accept)) return false;
      if (length === ID_MAX) continue;
      for (const ch of chars) {
        if (length === 0 && !FIRST_ALLOWED.has(ch)) continue;
        const nn = advance(n, ns, ch);
        if (nn === 0n) continue; // the narrow pattern can no longer match: nothing to find here
        const wn = advance(w, ws, ch);
        const key = `${nn}:${wn}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (++explored > COVERAGE_BUDGET) return false;
        following.push([nn, wn]);
      }
    }
    frontier = following;
  }
  return true;
}

/** Whether every pattern of `narrow` is covered by some pattern of `wide`. */
export function scopesCover(wide: readonly string[], narrow: readonly string[]): boolean {
  return narrow.every((pattern) => wide.some((w) => patternCovers(w, pattern)));
}
