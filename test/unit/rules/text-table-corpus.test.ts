import { describe, expect, it } from "vitest";
import { caseReport, loadCorpus, scoreCorpus, tablesReport } from "../../helpers/prose-corpus.js";
import { check } from "../../helpers/validate.js";

/**
 * The labelled prose corpus (test/fixtures/prose-corpus.json): the text-table rule must be right
 * when it speaks (precision ≥ 0.98) and speak when it should (recall ≥ 0.9). Scored per warning:
 * see test/helpers/prose-corpus.ts. `npm run measure:prose` prints the figures and every miss.
 */
describe("text-table on the labelled corpus", () => {
  const corpus = loadCorpus();

  it("holds at least 300 phrasings, both labels, and consistent table contexts", () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(300);
    expect(corpus.cases.filter((c) => c.label === "warn").length).toBeGreaterThanOrEqual(100);
    expect(corpus.cases.filter((c) => c.label === "silent").length).toBeGreaterThanOrEqual(150);
    for (const c of corpus.cases) expect(c.label === "warn", c.id).toBe((c.expect ?? []).length > 0);
    // every context's tables pass A1–A4: a warning in the corpus is about the prose, never the tables
    for (const [name, context] of Object.entries(corpus.tables)) expect(check(tablesReport(context)).errors, name).toEqual([]);
    expect(check(caseReport(corpus, corpus.cases[0]!)).valid).toBe(true);
  });

  it("reaches precision ≥ 0.98 and recall ≥ 0.9", () => {
    const score = scoreCorpus(corpus);
    const falseAlarms = score.outcomes.filter((o) => o.falsePositives.length > 0).map((o) => `${o.id}: ${o.falsePositives.map((w) => w.message).join(" | ")}`);
    expect(score.precision, falseAlarms.join("\n")).toBeGreaterThanOrEqual(0.98);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });
});
