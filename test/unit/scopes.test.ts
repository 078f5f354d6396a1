/**
 * Scope globs: matching in linear steps (the pattern that made a RegExp take seconds), agreement
 * with a reference matcher, and coverage decided exactly over the reportIds that can exist.
 */
import { describe, expect, it } from "vitest";
import { globMatches, inScope, patternCovers, scopesCover, type MatchStats } from "../../functions/service/scopes.js";

/** The glob as a regular expression: the reference for short inputs, where backtracking is harmless. */
const reference = (pattern: string, text: string) =>
  new RegExp(`^${pattern.replace(/-/g, "\\-").replace(/\*/g, "[a-z0-9-]*").replace(/\?/g, "[a-z0-9-]")}$`).test(text);

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rnd: () => number, chars: string, length: number) => Array.from({ length }, () => chars[Math.floor(rnd() * chars.length)]).join("");

describe("globMatches", () => {
  it("matches whole reportIds with * and ?", () => {
    expect(globMatches("raohe-*", "raohe-xiaojiahe-2023")).toBe(true);
    expect(globMatches("raohe-*", "yunxi-county-2024")).toBe(false);
    expect(globMatches("*-2024", "yunxi-county-2024")).toBe(true);
    expect(globMatches("yunxi-county-20??", "yunxi-county-2024")).toBe(true);
    expect(globMatches("yunxi-county-20?", "yunxi-county-2024")).toBe(false);
    expect(globMatches("*", "abc")).toBe(true);
    expect(globMatches("a**b", "ab")).toBe(true);
    expect(inScope(["x-*", "yunxi-*"], "yunxi-county-2024")).toBe(true);
    expect(inScope(["x-*"], "yunxi-county-2024")).toBe(false);
  });

  it("agrees with a reference matcher on 5 000 random pattern/id pairs", () => {
    const rnd = random(11);
    for (let i = 0; i < 5_000; i++) {
      const pattern = pick(rnd, "ab-*?", 1 + Math.floor(rnd() * 8));
      const id = pick(rnd, "ab-", Math.floor(rnd() * 12));
      expect(globMatches(pattern, id), `${pattern} ~ ${id}`).toBe(reference(pattern, id));
    }
  });

  it("takes steps linear in the id's length for *a*a*a*a*a*a*b, and well under a millisecond", () => {
    const pattern = "*a*a*a*a*a*a*b";
    const stats: MatchStats = { steps: 0 };
    for (const length of [16, 32, 64]) {
      expect(globMatches(pattern, "a".repeat(length), stats)).toBe(false);
      // at most one step per (character, pattern position): 64 × 13 for the longest id
      expect(stats.steps).toBeLessThanOrEqual(length * pattern.length);
    }
    const id = "a".repeat(64);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      globMatches(pattern, id);
      times.push(performance.now() - started);
    }
    // an algorithmic bound, not a benchmark: a backtracking matcher needs seconds here
    expect(times.sort((a, b) => a - b)[25]!).toBeLessThan(1);
  });
});

describe("coverage of one pattern by another", () => {
  it("decides the cases an admin meets", () => {
    expect(patternCovers("*", "raohe-*")).toBe(true);
    expect(patternCovers("raohe-*", "raohe-2023-*")).toBe(true);
    expect(patternCovers("raohe-*", "raohe-xiaojiahe-2023")).toBe(true);
    expect(patternCovers("raohe-*", "*")).toBe(false);
    expect(patternCovers("raohe-*", "rao*")).toBe(false);
    expect(patternCovers("*-2023", "raohe-*")).toBe(false);
    expect(patternCovers("*-20??", "*-2023")).toBe(true);
    expect(patternCovers("*-2023", "*-20??")).toBe(false);
    expect(patternCovers("raohe-?", "raohe-*")).toBe(false);
  });

  it("decides over the reportIds that can exist: 3 to 64 characters, not starting with -", () => {
    // every reportId has at least 3 characters, so ???* is every reportId
    expect(patternCovers("???*", "*")).toBe(true);
    expect(patternCovers("????*", "*")).toBe(false);
    expect(patternCovers("a??*", "a*")).toBe(true);
    // "-x" patterns match no reportId at all, so anything covers them
    expect(patternCovers("abc", "-*")).toBe(true);
    expect(patternCovers("?*", "*")).toBe(true);
  });

  it("agrees with brute force over every reportId up to 7 characters, on random pattern pairs", () => {
    const rnd = random(7);
    const ids: string[] = [];
    const grow = (prefix: string) => {
      if (prefix.length >= 3) ids.push(prefix);
      if (prefix.length === 7) return;
      for (const c of prefix.length === 0 ? "abc" : "abc-") grow(prefix + c);
    };
    grow("");
    for (let i = 0; i < 150; i++) {
      const wide = pick(rnd, "ab-*?", 1 + Math.floor(rnd() * 3));
      const narrow = pick(rnd, "ab-*?", 1 + Math.floor(rnd() * 3));
      const covered = ids.every((id) => !globMatches(narrow, id) || globMatches(wide, id));
      expect(patternCovers(wide, narrow), `${wide} ⊇ ${narrow}`).toBe(covered);
    }
  });

  it("covers a list when each pattern lies within one of the wider list", () => {
    expect(scopesCover(["raohe-*", "yunxi-*"], ["raohe-2023", "yunxi-county-*"])).toBe(true);
    expect(scopesCover(["raohe-*", "yunxi-*"], ["raohe-2023", "huaian-*"])).toBe(false);
    expect(scopesCover(["raohe-*"], ["*"])).toBe(false);
    expect(scopesCover(["*"], ["*"])).toBe(true);
  });
});
