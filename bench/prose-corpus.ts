/**
 * Precision and recall of the text-table rule on the labelled prose corpus:
 *   npm run measure:prose
 * Prints the figures for the whole corpus and for the cases written before and after the rule, and
 * every false alarm and every miss. Writes bench/results/prose-corpus.json.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { loadCorpus, scoreCorpus, type CorpusScore } from "../test/helpers/prose-corpus.js";

const corpus = loadCorpus();
const parts: Record<string, CorpusScore> = {
  "whole corpus": scoreCorpus(corpus),
  "written before the rule": scoreCorpus(corpus, (c) => c.written === undefined),
  "written after the rule (held out)": scoreCorpus(corpus, (c) => c.written !== undefined),
};
const whole = parts["whole corpus"]!;
for (const outcome of whole.outcomes) {
  if (outcome.falsePositives.length === 0 && outcome.missed.length === 0) continue;
  const c = corpus.cases.find((x) => x.id === outcome.id)!;
  console.log(`${outcome.id} [${c.tables}] ${c.text}${c.otherMatters ? ` ／六：${c.otherMatters.join("")}` : ""}`);
  for (const w of outcome.falsePositives) console.log(`  false alarm: expected ${w.expected}, actual ${w.actual} — ${w.message}`);
  for (const m of outcome.missed) console.log(`  missed: expected ${m.expected}, actual ${m.actual}`);
}
const rows = Object.entries(parts).map(([part, s]) => ({
  part,
  cases: s.cases,
  truePositives: s.truePositives,
  falsePositives: s.falsePositives,
  falseNegatives: s.falseNegatives,
  precision: Number(s.precision.toFixed(4)),
  recall: Number(s.recall.toFixed(4)),
}));
console.table(rows);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/prose-corpus.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
