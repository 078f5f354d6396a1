/**
 * The layout corpus (test/corpus) is what the layout tests, and other features' tests, render: every
 * report in it must be valid, the same seed must give the same reports, and it must span the axes
 * issue 9 names.
 */
import { describe, expect, it } from "vitest";
import { layoutCorpus } from "../corpus/index.js";
import { check } from "../helpers/validate.js";

describe("layout corpus", () => {
  for (const seed of [1, 2, 3]) {
    it(`every report of seed ${seed} is valid, without a single warning`, () => {
      const corpus = layoutCorpus({ seed });
      expect(corpus.length).toBeGreaterThanOrEqual(150);
      for (const { name, report } of corpus) {
        const result = check(report);
        expect(result.errors, name).toEqual([]);
        expect(result.warnings, name).toEqual([]);
      }
    });
  }

  it("names each report once", () => {
    const names = layoutCorpus().map((entry) => entry.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("is deterministic for a seed and different for another", () => {
    expect(JSON.stringify(layoutCorpus({ seed: 5 }))).toBe(JSON.stringify(layoutCorpus({ seed: 5 })));
    expect(JSON.stringify(layoutCorpus({ seed: 5 }))).not.toBe(JSON.stringify(layoutCorpus({ seed: 6 })));
  });

  it("a limited corpus is a prefix of the whole one and still spans every axis", () => {
    const whole = layoutCorpus();
    const limited = layoutCorpus({ limit: 60 });
    expect(limited).toEqual(whole.slice(0, 60));
    const families = new Set(whole.map((e) => e.name.replace(/-.*$/, "")));
    expect(new Set(limited.map((e) => e.name.replace(/-.*$/, "")))).toEqual(families);
    const closingLines = limited.filter((e) => e.name.startsWith("closing-line")).map((e) => Number(/line-(\d+)/.exec(e.name)![1]));
    expect(Math.min(...closingLines)).toBeLessThanOrEqual(2);
    expect(Math.max(...closingLines)).toBeGreaterThanOrEqual(20);
  });

  it("spans the axes: all-zero townships of both editions, five-digit cities, names of 4 to 40 characters, 0 to 40 paragraphs", () => {
    const corpus = layoutCorpus();
    const normalized = corpus.map((e) => ({ name: e.name, report: check(e.report).normalized! }));
    const cells = (report: unknown): number[] => {
      const out: number[] = [];
      const walk = (v: unknown) => (typeof v === "number" ? out.push(v) : v && typeof v === "object" ? Object.values(v).forEach(walk) : undefined);
      walk(report);
      return out;
    };
    for (const edition of ["2019", "2021"]) {
      expect(
        normalized.some(({ report }) => report.edition === edition && report.agency.level === "township" && cells(report.applications).every((n) => n === 0)),
        `all-zero township ${edition}`,
      ).toBe(true);
      expect(
        normalized.some(({ report }) => report.edition === edition && report.agency.level === "city" && cells(report.applications).every((n) => n >= 10000)),
        `five-digit city ${edition}`,
      ).toBe(true);
    }
    const nameLengths = new Set(corpus.map((e) => [...e.report.agency.name].length));
    for (let n = 4; n <= 40; n++) expect(nameLengths.has(n), `name of ${n}`).toBe(true);
    const paragraphCounts = normalized.map(({ report }) => {
      const body = (t: unknown) => (Array.isArray(t) ? t.length : (t as { paragraphs: unknown[]; subsections: { paragraphs: unknown[] }[] }).paragraphs.length);
      return report.overview.paragraphs.length + body(report.problems) + body(report.otherMatters);
    });
    expect(Math.min(...paragraphCounts)).toBe(0);
    expect(Math.max(...paragraphCounts)).toBe(40);
    const headings = corpus.flatMap((e) => [e.report.overview, e.report.problems, e.report.otherMatters].flatMap((b) => (Array.isArray(b) ? [] : b.subsections.map((s) => s.heading))));
    expect(headings.some((h) => /[。：]$/.test(h))).toBe(true);
    expect(headings.some((h) => !/[。：]$/.test(h))).toBe(true);
    const prose = JSON.stringify(corpus.map((e) => [e.report.preamble, e.report.overview]));
    expect(prose).toMatch(/https:\/\/[^（）]{40,}/);
    expect(prose).toMatch(/[\w.]+@[\w.-]+/);
  });
});
