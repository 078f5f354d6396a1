/**
 * Validations per second of the examples (structure, normalisation and every rule):
 *   npm run bench:validate
 * Prints a table and writes bench/results/validate.json. Target (issue 2, kept by issue 12): ≥ 20,000
 * per second for the 2021 example, with prose never read before.
 *
 * A portal publishes each report once, so the headline row gives every validation paragraphs the
 * validator has never seen: before each timed call (outside it) every paragraph and sub-heading of the
 * report is replaced by a new string (copy n ends with " n", parsed from JSON as the transport would
 * hand it over), so nothing read before can serve it. The rows:
 * - "prose never read before": one report object, new paragraphs each time (the headline);
 * - "a fresh copy never read before": a whole new parsed object each time (the objects are also new
 *   to the processor's caches, as a request's are);
 * - "…, JSON.parse included": the request body parsed in the timed call too;
 * - "the same report again (cached)": one object over and over, every cache warm (the compiled
 *   phrase families and their automaton states, V8's own). The validator keeps no paragraph it has
 *   read, so this differs from the headline only by what the processor and V8 keep.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { Bench } from "tinybench";
import { parsePointer } from "../functions/report/diagnostics.js";
import { validateReport, type NormalizedReport } from "../functions/report/index.js";
import { paragraphs } from "../functions/report/prose.js";

const TARGET_PER_SECOND = 20_000;
const HEADLINE = "2021 example (yunxi-county-2024), prose never read before";
const examples = {
  "2021 example (yunxi-county-2024)": new URL("../examples/yunxi-county-2024.json", import.meta.url),
  "2019 example (raohe-xiaojiahe-2023)": new URL("../examples/raohe-xiaojiahe-2023.json", import.meta.url),
};

type Json = Record<string, unknown>;

/** Where each paragraph (and sub-heading) of a report stands: the object holding it and its key. */
function paragraphSlots(report: Json): { readonly holder: Json; readonly key: string; readonly text: string }[] {
  return paragraphs(report as unknown as NormalizedReport).map(({ path }) => {
    const tokens = parsePointer(path);
    const holder = tokens.slice(0, -1).reduce<Json>((node, token) => node[token] as Json, report);
    const key = String(tokens[tokens.length - 1]);
    return { holder, key, text: String(holder[key]) };
  });
}

/**
 * Made ahead, a batch at a time, each handed out once: making one between two timed calls would leave
 * the processor's caches full of the making rather than of the validator.
 */
class Pool<T> {
  private items: T[] = [];
  private taken = 0;

  constructor(private readonly make: () => T) {}

  /** Makes the next batch when this one is used up (outside the timed call). */
  fill(): void {
    if (this.taken < this.items.length) return;
    this.items = Array.from({ length: 1024 }, this.make);
    this.taken = 0;
  }

  next(): T {
    return this.items[this.taken++]!;
  }
}

let serial = 0;
const bench = new Bench({ time: 3_000, warmup: true, warmupTime: 500 });
for (const [name, url] of Object.entries(examples)) {
  const text = await readFile(url, "utf8");
  const report = JSON.parse(text) as Json;
  const original = validateReport(report);
  if (!original.valid) throw new Error(`${name} is not valid`);
  const slots = paragraphSlots(report);
  /** copy n of the paragraphs, each with " n" at its end: a number without a classifier, read as nothing */
  const newProse = () => {
    const n = ++serial;
    return JSON.parse(JSON.stringify(slots.map((slot) => `${slot.text} ${n}`))) as string[];
  };
  const withProse = (target: Json, prose: readonly string[]) => paragraphSlots(target).forEach((slot, i) => (slot.holder[slot.key] = prose[i]));
  const freshCopy = () => {
    const copy = JSON.parse(text) as Json;
    withProse(copy, newProse());
    return JSON.stringify(copy);
  };
  const sample = JSON.parse(freshCopy()) as Json;
  if (JSON.stringify(validateReport(sample).warnings) !== JSON.stringify(original.warnings)) throw new Error(`a copy of ${name} reads differently`);

  // the report's own object, its paragraphs replaced before each call
  const target = JSON.parse(text) as Json;
  const targetSlots = paragraphSlots(target);
  const prose = new Pool(newProse);
  bench.add(`${name}, prose never read before`, () => void validateReport(target), {
    beforeEach: () => {
      prose.fill();
      const next = prose.next();
      targetSlots.forEach((slot, i) => (slot.holder[slot.key] = next[i]));
    },
  });
  const copies = new Pool(() => JSON.parse(freshCopy()) as Json);
  let copy: Json = report;
  bench.add(`${name}, a fresh copy never read before`, () => void validateReport(copy), {
    beforeEach: () => {
      copies.fill();
      copy = copies.next();
    },
  });
  const bodies = new Pool(freshCopy);
  let body = text;
  bench.add(`${name}, a fresh copy never read before, JSON.parse included`, () => void validateReport(JSON.parse(body)), {
    beforeEach: () => {
      bodies.fill();
      body = bodies.next();
    },
  });
  bench.add(`${name}, the same report again (cached)`, () => void validateReport(report));
}
const load = loadavg();
await bench.run();
const loadAfter = loadavg();

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
const headline = rows.find((row) => row.task === HEADLINE)!;
const cached = rows.find((row) => row.task === "2021 example (yunxi-county-2024), the same report again (cached)")!;
const verdict = headline.perSecond >= TARGET_PER_SECOND ? "meets" : "MISSES";
const loadText = `load average ${load.map((l) => l.toFixed(2)).join(", ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(", ")} after, on ${cpus().length} CPUs`;
console.log(
  `${headline.task}: ${headline.perSecond.toLocaleString("en")} validations/s (cached: ${cached.perSecond.toLocaleString("en")}/s) — ${verdict} the target of ${TARGET_PER_SECOND.toLocaleString("en")}/s (${loadText})`,
);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/validate.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, loadAverage: { before: load, after: loadAfter }, target: TARGET_PER_SECOND, headline: HEADLINE, rows }, null, 2)}\n`,
);
