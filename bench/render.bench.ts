/**
 * Rendering benchmark (issue 3): npm run bench
 *
 * In one run:
 * - warm render p50/p95 of both examples through the whole path (validate → HTML → PDF → document
 *   information) and the floor: a bare page.pdf of the identical HTML with the same fonts (puppeteer's
 *   setContent and page.pdf, as any puppeteer service prints; in a browser of its own, launched as the
 *   engine launches its), interleaved sample by sample; their ratio (the target). Beside it, the
 *   engine's own bare print of that HTML (loaded whole, printed in one DevTools call, no pagination
 *   pass, no finishing) and the ratio to that stricter floor. A render takes the title and body into
 *   the document its page holds (ChromiumEngine's reuseHead) — here the engine print's, as in service
 *   the previous report's;
 * - the cold time from a new process with an empty Chromium cache to the first PDF;
 * - PDF bytes and pages;
 * - RSS of this process and of Chromium after 20 renders and at the end of the browser's life;
 * - Chromium processes left after the renderer closes.
 * Prints a table and writes bench/results/render.json.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateReport } from "../functions/report/index.js";
import { hardenedPage, launchBrowser } from "../functions/render/browser.js";
import { PDF_OPTIONS, ReportRenderer } from "../functions/render/renderer.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = join(ROOT, "bench/results");
const EXAMPLES = { "2021 yunxi-county-2024": "examples/yunxi-county-2024.json", "2019 raohe-xiaojiahe-2023": "examples/raohe-xiaojiahe-2023.json" };
const WARM_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 60);
// issue 16: the tagged 2021 example under 200 KB, warm within 1.1 × the floor, a cold first PDF in 1.5 s
const TARGETS = { warmRatio: 1.1, coldMs: 1500, pdfBytes2021: 200 * 1024, rssGrowth: 0.15 };

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 10) / 10;

/** Resident memory (kB) of the processes whose command line names the Chromium binary. */
function chromiumProcesses(): { pid: number; rssKb: number }[] {
  const found: { pid: number; rssKb: number }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!/(^|\/)chromium\0/.test(cmdline) && !cmdline.includes("--headless")) continue;
      if (!cmdline.includes("--headless")) continue;
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      found.push({ pid: Number(entry), rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const before = chromiumProcesses().map((p) => p.pid);
const renderer = new ReportRenderer();
// the floor's browser and page: the renderer's stylesheets and faces, nothing else
const floorBrowser = await launchBrowser({ protocolTimeoutMs: 60_000, parallelPages: renderer.engine.pages > 1 });
// puppeteer's ordinary page (it paints frames for a screen; the engine's do not, see printingPage)
const floorPage = await hardenedPage(floorBrowser, (url) => renderer.asset(url), { screen: true });
const barePagePdf = async (html: string) => {
  await floorPage.setContent(html, { waitUntil: "load", timeout: 0 });
  return floorPage.pdf({ ...PDF_OPTIONS, timeout: 0 }); // (waits for the web fonts itself)
};
const warm: Record<string, { whole: number[]; floor: number[]; engine: number[]; bytes: number; pages: number }> = {};
for (const [name, file] of Object.entries(EXAMPLES)) {
  const report = JSON.parse(readFileSync(join(ROOT, file), "utf8"));
  const whole: number[] = [];
  const floor: number[] = [];
  const engine: number[] = [];
  let last = { bytes: 0, pages: 0 };
  const html = renderer.html(validateReport(report).normalized!);
  for (let i = 0; i < 5; i++) {
    // warm-up
    await renderer.render(validateReport(report).normalized!);
    await barePagePdf(html);
  }
  for (let i = 0; i < WARM_SAMPLES; i++) {
    let t = performance.now();
    const result = validateReport(report);
    const out = await renderer.render(result.normalized!);
    whole.push(performance.now() - t);
    last = { bytes: out.bytes, pages: out.pages };
    t = performance.now();
    await barePagePdf(html);
    floor.push(performance.now() - t);
    t = performance.now();
    await renderer.engine.print(html, PDF_OPTIONS);
    engine.push(performance.now() - t);
  }
  warm[name] = { whole, floor, engine, ...last };
}

// Memory: a browser's whole life (500 renders by default, then it is recycled) of the 2021 example.
const LIFE = renderer.engine.maxRendersPerBrowser;
const report2021 = validateReport(JSON.parse(readFileSync(join(ROOT, EXAMPLES["2021 yunxi-county-2024"]), "utf8"))).normalized!;
const rss: Record<string, { nodeMb: number; chromiumMb: number }> = {};
const rendersSoFar = () => renderer.engine.browserLaunches; // (for the record only)
void rendersSoFar;
for (let i = 1; i <= LIFE; i++) {
  await renderer.render(report2021);
  if (i === 20 || i === LIFE) {
    rss[`after ${i}`] = {
      nodeMb: round(process.memoryUsage().rss / 1048576),
      chromiumMb: round(chromiumProcesses().filter((p) => !before.includes(p.pid)).reduce((s, p) => s + p.rssKb, 0) / 1024),
    };
  }
}
await renderer.close();
await floorBrowser.close();
await new Promise((resolve) => setTimeout(resolve, 500));
const left = chromiumProcesses().filter((p) => !before.includes(p.pid)).length;

// Cold: bundle the cold-render script like a deployed function, run it in a new process with an
// empty temporary directory, so Chromium is unpacked from scratch.
mkdirSync(RESULTS, { recursive: true });
const bundle = join(RESULTS, "cold-render.mjs");
execFileSync(
  join(ROOT, "node_modules/.bin/esbuild"),
  [
    join(ROOT, "bench/cold-render.ts"),
    "--bundle",
    "--platform=node",
    "--format=esm",
    "--target=node20",
    `--outfile=${bundle}`,
    "--external:@sparticuz/chromium",
    "--external:puppeteer-core",
    "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    "--log-level=warning",
  ],
  { cwd: ROOT },
);
const colds: { wallMs: number; processUptimeAtPdfMs: number; modulesLoadedMs: number; rendererBuiltMs: number; validatedMs: number; unpackedMs: number }[] = [];
for (let i = 0; i < 3; i++) {
  const empty = mkdtempSync(join(tmpdir(), "nianbao-cold-"));
  const t = performance.now();
  const child = spawnSync(process.execPath, [bundle, join(ROOT, EXAMPLES["2021 yunxi-county-2024"])], {
    env: { ...process.env, TMPDIR: empty },
    encoding: "utf8",
  });
  const wallMs = performance.now() - t;
  rmSync(empty, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(`cold render failed: ${child.stderr}`);
  colds.push({ wallMs: Math.round(wallMs), ...JSON.parse(child.stdout.trim().split("\n").pop()!) });
}

const rows = Object.entries(warm).map(([name, w]) => ({
  example: name,
  "whole p50 ms": round(percentile(w.whole, 50)),
  "whole p95 ms": round(percentile(w.whole, 95)),
  "floor p50 ms": round(percentile(w.floor, 50)),
  "floor p95 ms": round(percentile(w.floor, 95)),
  "ratio p50": Math.round((percentile(w.whole, 50) / percentile(w.floor, 50)) * 100) / 100,
  "engine print p50 ms": round(percentile(w.engine, 50)),
  "ratio to it": Math.round((percentile(w.whole, 50) / percentile(w.engine, 50)) * 100) / 100,
  "PDF KB": round(w.bytes / 1024),
  pages: w.pages,
}));
console.table(rows);
const coldMedian = percentile(colds.map((c) => c.wallMs), 50);
console.table(
  colds.map((c, i) => ({
    "cold run": i + 1,
    "wall ms (spawn → PDF → exit)": c.wallMs,
    "modules loaded": c.modulesLoadedMs,
    "renderer built": c.rendererBuiltMs,
    validated: c.validatedMs,
    "Chromium unpacked": c.unpackedMs,
    "first PDF": c.processUptimeAtPdfMs,
  })),
);
console.table(Object.entries(rss).map(([when, r]) => ({ when, "node RSS MB": r.nodeMb, "Chromium RSS MB": r.chromiumMb, "total MB": round(r.nodeMb + r.chromiumMb) })));
const total = (r: { nodeMb: number; chromiumMb: number }) => r.nodeMb + r.chromiumMb;
const growth = total(rss[`after ${LIFE}`]!) / total(rss["after 20"]!) - 1;
console.log(`Chromium processes left after close: ${left}`);

const verdicts = {
  "warm p50 ≤ 1.1 × floor (a bare page.pdf)": rows.every((r) => r["ratio p50"] <= TARGETS.warmRatio),
  "cold first PDF ≤ 1.5 s": coldMedian <= TARGETS.coldMs,
  "2021 PDF ≤ 200 KB (tagged)": warm["2021 yunxi-county-2024"]!.bytes <= TARGETS.pdfBytes2021,
  [`RSS after ${LIFE} within 15 % of after 20`]: Math.abs(growth) <= TARGETS.rssGrowth,
  "no Chromium process left": left === 0,
};
for (const [target, met] of Object.entries(verdicts)) console.log(`${met ? "meets " : "MISSES"} ${target}`);
writeFileSync(
  join(RESULTS, "render.json"),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, samples: WARM_SAMPLES, warm: rows, cold: { medianWallMs: coldMedian, runs: colds }, rss, rssGrowth: round(growth * 100) / 100, chromiumProcessesLeft: left, verdicts }, null, 2)}\n`,
);
