/**
 * Validations per second of the 2021 example (structure, normalisation and every rule):
 *   npm run bench:validate
 * Prints a table and writes bench/results/validate.json. Target (issue 2, kept by issue 12): ≥ 20,000
 * per second, for a report whose prose has never been read before.
 *
 * A portal publishes each report once, so the headline row validates a fresh copy of the report each
 * time: every paragraph of copy n ends with n, so no two copies share a paragraph and nothing read
 * from one copy can serve another (the validator remembers nothing between reports; this keeps the
 * figure honest should that change). Copies are made outside the timed call. The row "the same copy
 * again" validates one object over and over: it should match the headline, since nothing is kept.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { Bench } from "tinybench";
import { parsePointer } from "../functions/report/diagnostics.js";
import { validateReport, type NormalizedReport } from "../functions/report/index.js";
import { paragraphs } from "../functions/report/prose.js";

const TARGET_PER_SECOND = 20_000;
const examples = {
  "2021 example (yunxi-county-2024)": new URL("../examples/yunxi-county-2024.json", import.meta.url),
  "2019 example (raohe-xiaojiahe-2023)": new URL("../examples/raohe-xiaojiahe-2023.json", import.meta.url),
};

type Json = Record<string, unknown>;

/**
 * Copy `n` of a report, as the transport hands it over (parsed from JSON): every paragraph (and
 * sub-heading) with " n" after its last character.
 */
function copy(report: Json, n: number): Json {
  return JSON.parse(copyText(report, n)) as Json;
}

function copyText(report: Json, n: number): string {
  const fresh = structuredClone(report);
  for (const { path } of paragraphs(fresh as unknown as NormalizedReport)) {
    const tokens = parsePointer(path);
    const parent = tokens.slice(0, -1).reduce<Json>((node, token) => node[token] as Json, fresh);
    const key = tokens[tokens.length - 1]!;
    parent[key] = `${String(parent[key])} ${n}`;
  }
  return JSON.stringify(fresh);
}

/**
 * Copies made ahead, a batch at a time, each handed out once: making one between two timed calls
 * would leave the processor's caches full of the copying rather than of the validator.
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

const bench = new Bench({ time: 3_000, warmup: true, warmupTime: 500 });
for (const [name, url] of Object.entries(examples)) {
  const report = JSON.parse(await readFile(url, "utf8")) as Json;
  const original = validateReport(report);
  if (!original.valid) throw new Error(`${name} is not valid`);
  // the number at the end of each paragraph is read as nothing: a copy draws what the report draws
  const copied = validateReport(copy(report, 1234));
  if (JSON.stringify(copied.warnings) !== JSON.stringify(original.warnings)) throw new Error(`a copy of ${name} reads differently`);
  let copies = 0;
  const fresh = new Pool(() => copy(report, ++copies));
  const freshText = new Pool(() => copyText(report, ++copies));
  // The parsed object is validated as-is: JSON parsing belongs to the transport, not the validator.
  bench.add(
    `${name}, prose never read before`,
    () => {
      validateReport(fresh.next());
    },
    { beforeEach: () => fresh.fill() },
  );
  bench.add(
    `${name}, prose never read before, JSON.parse included`,
    () => {
      validateReport(JSON.parse(freshText.next()));
    },
    { beforeEach: () => freshText.fill() },
  );
  const same = copy(report, 0);
  bench.add(`${name}, the same copy again`, () => {
    validateReport(same);
  });
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
const headline = rows[0]!;
const verdict = headline.perSecond >= TARGET_PER_SECOND ? "meets" : "MISSES";
const loadText = `load average ${load.map((l) => l.toFixed(2)).join(", ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(", ")} after, on ${cpus().length} CPUs`;
console.log(`${headline.task}: ${headline.perSecond.toLocaleString("en")} validations/s — ${verdict} the target of ${TARGET_PER_SECOND.toLocaleString("en")}/s (${loadText})`);
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/validate.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, loadAverage: { before: load, after: loadAfter }, target: TARGET_PER_SECOND, rows }, null, 2)}\n`,
);
