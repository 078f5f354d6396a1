/**
 * Storage benchmark (issue 4): npm run bench:store
 * Publish latency at the use-case level (validate → render → store → commit) with a warm renderer,
 * against the embedded s3rver and dynalite, and the time to create a signed link. Writes
 * bench/results/store.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulators } from "../functions/local/emulators.js";
import { ReportRenderer } from "../functions/render/renderer.js";
import { serviceDeps } from "../functions/service/ports.js";
import { publish, signedLink } from "../functions/service/use-cases.js";
import { createStores } from "../functions/store/config.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-store-"));
const emulators = await startEmulators({ dataDir });
const stores = createStores(emulators.config);
await stores.ensureTables();
const renderer = new ReportRenderer();
const deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
const base = JSON.parse(readFileSync(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8"));

const variant = (n: number) => ({ ...base, problems: [...base.problems, `第${n}次发布。`] });
for (let i = 0; i < 5; i++) await publish(deps, { reportId: "bench-warmup", report: variant(i), actor: "bench" });

const publishMs: number[] = [];
const renderMs: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const t = performance.now();
  await publish(deps, { reportId: "bench-publish", report: variant(i), actor: "bench" });
  publishMs.push(performance.now() - t);
  const r = performance.now();
  await renderer.render((await import("../functions/report/index.js")).validateReport(variant(i)).normalized!);
  renderMs.push(performance.now() - r);
}
const unchangedMs: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const t = performance.now();
  await publish(deps, { reportId: "bench-publish", report: variant(SAMPLES - 1), actor: "bench" });
  unchangedMs.push(performance.now() - t);
}
const latest = (await stores.reports.latestVersion("bench-publish"))!;
const linkMs: number[] = [];
for (let i = 0; i < 1000; i++) {
  const t = performance.now();
  await signedLink(deps, latest);
  linkMs.push(performance.now() - t);
}
await renderer.close();
await emulators.stop();
rmSync(dataDir, { recursive: true, force: true });

const rows = [
  { measure: "publish (new version), warm renderer", p50: round(percentile(publishMs, 50)), p95: round(percentile(publishMs, 95)), samples: SAMPLES },
  { measure: "  of which the render alone (same report)", p50: round(percentile(renderMs, 50)), p95: round(percentile(renderMs, 95)), samples: SAMPLES },
  { measure: "publish (unchanged: existing version)", p50: round(percentile(unchangedMs, 50)), p95: round(percentile(unchangedMs, 95)), samples: SAMPLES },
  { measure: "create a signed link", p50: round(percentile(linkMs, 50)), p95: round(percentile(linkMs, 95)), samples: 1000 },
];
console.table(rows.map((r) => ({ ...r, p50: `${r.p50} ms`, p95: `${r.p95} ms` })));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/store.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
