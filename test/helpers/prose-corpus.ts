/**
 * The labelled prose corpus (test/fixtures/prose-corpus.json): builds a report for each case from its
 * table context, runs the validator, and scores the `text-table` warnings against the labels.
 *
 * Scoring is per warning: a warning whose (expected, actual) pair is one the case lists is a true
 * positive; any other warning is a false positive; a listed warning not given is a false negative.
 * precision = TP / (TP + FP), recall = TP / (TP + FN).
 */
import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../functions/report/index.js";
import { example, type Json } from "./examples.js";
import { check } from "./validate.js";

export interface CorpusCase {
  readonly id: string;
  readonly tables: string;
  readonly text: string;
  readonly otherMatters?: readonly string[];
  readonly label: "warn" | "silent";
  /** "after the rule": written once the rule existed, without running it on the case (held out) */
  readonly written?: string;
  readonly expect?: readonly { readonly expected: number; readonly actual: number }[];
}

export interface Corpus {
  readonly tables: Readonly<Record<string, Json>>;
  readonly cases: readonly CorpusCase[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(new URL("../fixtures/prose-corpus.json", import.meta.url), "utf8"));
}

const COLUMNS = ["natural", "commercial", "research", "publicWelfare", "legalService", "other"] as const;

function row(value: number | Record<string, number> | undefined): Record<string, number> {
  const given = typeof value === "number" ? { natural: value } : (value ?? {});
  return Object.fromEntries(COLUMNS.map((c) => [c, given[c] ?? 0]));
}

/** Every row object below `node` set to zeros (totals left to normalisation). */
function zeroRows(node: Json): Json {
  if (node && typeof node === "object" && "natural" in node) return row(0);
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, zeroRows(v)]));
}

function fill(template: Json, compact: Json | undefined): Json {
  if (template && typeof template === "object" && "natural" in template) return row(compact);
  return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fill(v, compact?.[k])]));
}

function zeroProactive(node: Json): Json {
  if (typeof node === "number") return 0;
  if (typeof node === "string") return node === "万元" || node === "元" ? node : "0";
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, zeroProactive(v)]));
}

/** A report whose tables are the context's and whose prose is only what the case gives. */
export function tablesReport(context: Json): Json {
  if (context.base) return withoutProse(example(context.base));
  const report = example(context.edition === "2019" ? "raohe2019" : "yunxi2021");
  report.year = context.year;
  report.agency = { name: context.agency };
  delete report.title;
  report.proactive = context.proactive ?? zeroProactive(report.proactive);
  const template = zeroRows(report.applications);
  delete template.results.total;
  report.applications = fill(template, context.applications);
  const outcome = (o: Json = {}) => ({ upheld: o.upheld ?? 0, corrected: o.corrected ?? 0, other: o.other ?? 0, pending: o.pending ?? 0 });
  const review = context.reviewLitigation ?? {};
  report.reviewLitigation = { review: outcome(review.review), litigationDirect: outcome(review.litigationDirect), litigationAfterReview: outcome(review.litigationAfterReview) };
  return withoutProse(report);
}

function withoutProse(report: Json): Json {
  report.preamble = [];
  report.overview = { paragraphs: [], subsections: [] };
  report.problems = [];
  report.otherMatters = [];
  delete report.sectionIntros;
  return report;
}

export function caseReport(corpus: Corpus, c: CorpusCase): Json {
  const report = tablesReport(corpus.tables[c.tables]);
  if (c.text) report.overview.paragraphs = [c.text];
  if (c.otherMatters) report.otherMatters = [...c.otherMatters];
  return report;
}

export interface CaseOutcome {
  readonly id: string;
  readonly warnings: readonly Diagnostic[];
  readonly truePositives: number;
  readonly falsePositives: readonly Diagnostic[];
  readonly missed: readonly { expected: number; actual: number }[];
}

export function scoreCase(corpus: Corpus, c: CorpusCase): CaseOutcome {
  const warnings = check(caseReport(corpus, c)).warnings.filter((d) => d.code === "text-table");
  const missed = [...(c.expect ?? [])];
  const falsePositives: Diagnostic[] = [];
  let truePositives = 0;
  for (const w of warnings) {
    const i = missed.findIndex((e) => e.expected === w.expected && e.actual === w.actual);
    if (i === -1) falsePositives.push(w);
    else (missed.splice(i, 1), truePositives++);
  }
  return { id: c.id, warnings, truePositives, falsePositives, missed };
}

export interface CorpusScore {
  readonly cases: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly outcomes: readonly CaseOutcome[];
}

export function scoreCorpus(corpus: Corpus = loadCorpus(), which: (c: CorpusCase) => boolean = () => true): CorpusScore {
  const outcomes = corpus.cases.filter(which).map((c) => scoreCase(corpus, c));
  const tp = outcomes.reduce((n, o) => n + o.truePositives, 0);
  const fp = outcomes.reduce((n, o) => n + o.falsePositives.length, 0);
  const fn = outcomes.reduce((n, o) => n + o.missed.length, 0);
  return { cases: outcomes.length, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: tp / (tp + fp), recall: tp / (tp + fn), outcomes };
}
