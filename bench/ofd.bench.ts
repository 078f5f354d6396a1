/**
 * OFD benchmark (issue 18): npm run bench:ofd
 * - for both examples: OFD bytes, conversion time (wall and CPU) p50/p95 from the very PDF the
 *   renderer printed — with its fonts already read (as when a report is published again) and with
 *   the font caches emptied first (a report whose font subsets the process has not seen) —, text
 *   objects per page (and lines per page), fonts per package;
 * - publish p50/p95 with the OFD edition and without it, measured alternately in one process
 *   against the embedded s3rver and dynalite, so that both see the same machine; with this process's
 *   CPU time per publish (service and emulators, not Chromium), which a shared machine disturbs less.
 * Writes bench/results/ofd.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulators } from "../functions/local/emulators.js";
import { pdfToOfd } from "../functions/ofd/convert.js";
import { ofdEdition } from "../functions/ofd/edition.js";
import { ofdEditionOnThread } from "../functions/ofd/edition-thread.js";
import { clearFontCaches } from "../functions/ofd/font-cache.js";
import { ofdInfoOf } from "../functions/ofd/report-info.js";
import { validateReport } from "../functions/report/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
import { serviceDeps } from "../functions/service/ports.js";
import { publish } from "../functions/service/use-cases.js";
import { createStores } from "../functions/store/config.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;
const example = (file: string) => JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), "utf8"));

const renderer = new ReportRenderer();
const conversions = [];
for (const file of ["yunxi-county-2024.json", "raohe-xiaojiahe-2023.json"]) {
  const report = validateReport(example(file), { today: "2026-11-27" }).normalized!;
  const { pdf } = await renderer.render(report);
  const info = ofdInfoOf(report, { templateVersion: renderer.templateVersion, fallbackDate: "2026-01-01" });
  for (let i = 0; i < 3; i++) await pdfToOfd(pdf, { info }); // warm the modules
  const wall: number[] = [];
  const cpu: number[] = [];
  let result = await pdfToOfd(pdf, { info });
  for (let i = 0; i < SAMPLES; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = await pdfToOfd(pdf, { info });
    wall.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const coldCpu: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    clearFontCaches();
    const c = process.cpuUsage();
    await pdfToOfd(pdf, { info });
    const used = process.cpuUsage(c);
    coldCpu.push((used.user + used.system) / 1000);
  }
  conversions.push({
    report: file,
    pdfBytes: pdf.byteLength,
    ofdBytes: result.ofd.byteLength,
    pages: result.stats.pages,
    fonts: result.stats.fonts,
    textObjectsPerPage: result.stats.perPage.map((p) => p.textObjects),
    linesPerPage: result.stats.perPage.map((p) => p.lines),
    pathObjectsPerPage: result.stats.perPage.map((p) => p.pathObjects),
    convertWallP50: round(percentile(wall, 50)),
    convertWallP95: round(percentile(wall, 95)),
    convertCpuP50: round(percentile(cpu, 50)),
    convertCpuP50FontsUncached: round(percentile(coldCpu, 50)),
  });
}

// publish with and without the OFD edition, alternately
const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-ofd-"));
const emulators = await startEmulators({ dataDir });
const stores = createStores(emulators.config);
await stores.ensureTables();
const withOfd = serviceDeps(stores, renderer, { linkExpirySeconds: 600, ofd: ofdEdition("ofd") });
const withoutOfd = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
// as the local service makes it on a machine with more than one core: converted on a thread of its own
const threadEdition = ofdEditionOnThread("ofd");
const withOfdThread = serviceDeps(stores, renderer, { linkExpirySeconds: 600, ofd: threadEdition });
const base = example("yunxi-county-2024.json");
const variant = (n: number) => ({ ...base, problems: [...base.problems, `第${n}次发布。`] });
for (let i = 0; i < 5; i++) {
  await publish(withOfd, { reportId: "bench-ofd-warmup", report: variant(i), actor: "bench" });
  await publish(withoutOfd, { reportId: "bench-pdf-warmup", report: variant(i), actor: "bench" });
  await publish(withOfdThread, { reportId: "bench-ofd-thread-warmup", report: variant(i), actor: "bench" });
}
const publishWith: number[] = [];
const publishWithout: number[] = [];
// this process's CPU per publish (the service and the emulators; Chromium's processes not counted):
// steadier than wall time on a shared machine
const cpuWith: number[] = [];
const cpuWithout: number[] = [];
const publishThread: number[] = [];
const cpuThread: number[] = [];
const timed = async (deps: typeof withOfd, reportId: string, i: number, wall: number[], cpu: number[]) => {
  const c = process.cpuUsage();
  const t = performance.now();
  await publish(deps, { reportId, report: variant(i), actor: "bench" });
  wall.push(performance.now() - t);
  const used = process.cpuUsage(c);
  cpu.push((used.user + used.system) / 1000);
};
for (let i = 0; i < SAMPLES; i++) {
  await timed(withoutOfd, "bench-pdf", i, publishWithout, cpuWithout);
  await timed(withOfd, "bench-ofd", i, publishWith, cpuWith);
  await timed(withOfdThread, "bench-ofd-thread", i, publishThread, cpuThread);
}
await threadEdition.close();
await renderer.close();
await emulators.stop();
rmSync(dataDir, { recursive: true, force: true });

const publishRows = {
  pdfOnlyP50: round(percentile(publishWithout, 50)),
  pdfOnlyP95: round(percentile(publishWithout, 95)),
  withOfdP50: round(percentile(publishWith, 50)),
  withOfdP95: round(percentile(publishWith, 95)),
  pdfOnlyCpuP50: round(percentile(cpuWithout, 50)),
  withOfdCpuP50: round(percentile(cpuWith, 50)),
  withOfdThreadP50: round(percentile(publishThread, 50)),
  withOfdThreadP95: round(percentile(publishThread, 95)),
  withOfdThreadCpuP50: round(percentile(cpuThread, 50)),
};
const increase = Math.round((publishRows.withOfdP50 / publishRows.pdfOnlyP50 - 1) * 100);
const increaseThread = Math.round((publishRows.withOfdThreadP50 / publishRows.pdfOnlyP50 - 1) * 100);
console.table(
  conversions.map((c) => ({
    report: c.report,
    "OFD bytes": c.ofdBytes,
    "PDF bytes": c.pdfBytes,
    "convert p50 (wall)": `${c.convertWallP50} ms`,
    "convert p50 (CPU)": `${c.convertCpuP50} ms`,
    "… fonts not cached": `${c.convertCpuP50FontsUncached} ms`,
    fonts: c.fonts,
    "text objects / page": c.textObjectsPerPage.join(" "),
    "lines / page": c.linesPerPage.join(" "),
  })),
);
console.table([
  { publish: "PDF only", p50: `${publishRows.pdfOnlyP50} ms`, p95: `${publishRows.pdfOnlyP95} ms`, "CPU p50 (this process)": `${publishRows.pdfOnlyCpuP50} ms` },
  { publish: "PDF + OFD (in process, as on Lambda)", p50: `${publishRows.withOfdP50} ms`, p95: `${publishRows.withOfdP95} ms`, "CPU p50 (this process)": `${publishRows.withOfdCpuP50} ms` },
  { publish: "PDF + OFD (on its thread, as the local service)", p50: `${publishRows.withOfdThreadP50} ms`, p95: `${publishRows.withOfdThreadP95} ms`, "CPU p50 (this process)": `${publishRows.withOfdThreadCpuP50} ms` },
]);
const signed = (n: number) => `${n >= 0 ? "+" : ""}${n} %`;
console.log(`publish p50 with the OFD edition: ${signed(increase)} in process, ${signed(increaseThread)} on its thread (target ≤ +25 %)`);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/ofd.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), samples: SAMPLES, conversions, publish: { ...publishRows, increasePercent: increase, threadIncreasePercent: increaseThread } }, null, 2)}\n`,
);
