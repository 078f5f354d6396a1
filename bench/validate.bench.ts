/**
 * Validations per second of the 2021 example (structure, normalisation and every rule):
 *   npm run bench:validate
 * Prints a table and writes bench/results/validate.json. Target (issue 2, kept by issue 12): ≥ 20,000
 * per second. The rows "prose never read before" forget the text-table rule's remembered paragraphs
 * before each validation, so they measure reading every paragraph anew.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { Bench } from "tinybench";
import { validateReport } from "../functions/report/index.js";
import { forgetReadings } from "../functions/report/phrases/engine.js";

const TARGET_PER_SECOND = 20_000;
const examples = {
  "2021 example (yunxi-county-2024)": new URL("../examples/yunxi-county-2024.json", import.meta.url),
  "2019 example (raohe-xiaojiahe-2023)": new URL("../examples/raohe-xiaojiahe-2023.json", import.meta.url),
};

const bench = new Bench({ time: 3_000, warmup: true, warmupTime: 500 });
for (const [name, url] of Object.entries(examples)) {
  const report = JSON.parse(await readFile(url, "utf8"));
  if (!validateReport(report).valid) throw new Error(`${name} is not valid`);
  // The parsed object is validated as-is: JSON parsing belongs to the transport, not the validator.
  bench.add(name, () => {
    validateReport(report);
  });
  const text = JSON.stringify(report);
  bench.add(`${name}, JSON.parse included`, () => {
    validateReport(JSON.parse(text));
  });
  // the text-table rule remembers the paragraphs it has read; a report never seen reads them all
  bench.add(`${name}, prose never read before`, () => {
    forgetReadings();
    validateReport(report);
  });
}
await bench.run();

const rows = bench.tasks.map((task) => {
  const r = task.result as unknown as { throughput: { mean: number }; latency: { p50: number; p99: number } };
  return {
    task: task.name,
    perSecond: Math.round(r.throughput.mean),
    p50Microseconds: Number((r.latency.p50 * 1000).toFixed(1)),
    p99Microseconds: Number((r.latency.p99 * 1000).toFixed(1)),
  };
});
console.table(rows);
const headline = rows[0]!;
const verdict = headline.perSecond >= TARGET_PER_SECOND ? "meets" : "MISSES";
console.log(`${headline.task}: ${headline.perSecond.toLocaleString("en")} validations/s — ${verdict} the target of ${TARGET_PER_SECOND.toLocaleString("en")}/s`);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/validate.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, target: TARGET_PER_SECOND, rows }, null, 2)}\n`,
);
