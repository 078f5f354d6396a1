/**
 * The HTTP API on this machine (issue 5): npm run bench:api
 * Through the local service (real HTTP, embedded storage on disk, one Chromium): publish latency
 * (warm), download-redirect latency, and bulk-regeneration throughput. Writes bench/results/api.json.
 * The page pool follows NIANBAO_RENDER_PAGES (default one per core); the OFD edition follows
 * NIANBAO_OFD (default on: every regeneration also converts its PDF to OFD; NIANBAO_OFD=off measures
 * without). The bulk job is forced, so that every report is rendered again although the template has
 * not changed (the PDF is byte-identical, so its upload is skipped as it would be in production, and
 * so is the OFD's conversion: its inputs are those of the version regenerated; a template change
 * adds both).
 * BENCH_TEMPLATE_CHANGE=1 measures the other case instead: after the reports are published the
 * service restarts with a changed template (a licensed-font folder whose 仿宋 stand-in, Chromium's Open
 * Sans, changes every PDF's digits), and an unforced job regenerates them all: every PDF and OFD is
 * new, converted and uploaded.
 * The rate is the reports over the job's own duration: from the request that starts it to the time
 * the service records its last report (the job's finishedAt; the poll that notices is shown beside).
 * Beside the wall time, the CPU the bulk job cost per report: this process's (HTTP, queue, service,
 * PDF finishing, OFD, the SDK and the embedded emulators; all its threads), its main thread's alone
 * (the one JavaScript thread), and Chromium's (its processes). On two cores the sum of this process's
 * and Chromium's bounds the rate; the main thread's bounds it on more.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { join } from "node:path";
import { startLocalService } from "../functions/local/server.js";
import { validateReport } from "../functions/report/index.js";
import { recordAudit } from "../functions/service/audit.js";
import { authenticate, createToken } from "../functions/service/tokens.js";
import { publish } from "../functions/service/use-cases.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const TEMPLATE_CHANGE = process.env.BENCH_TEMPLATE_CHANGE === "1";
const BULK = Number(process.env.BENCH_BULK ?? 100);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The CPU time (ms) of this process's descendants (Chromium and its renderers), from /proc (Linux),
 * sampled while the job runs: each process is counted at its last sample (a browser recycled
 * mid-job, and its renderers, still count up to their last sample before they exited).
 */
class DescendantsCpu {
  private readonly last = new Map<string, number>();
  private readonly first = new Map<string, number>();
  private sampled = false;
  sample(): void {
    const procs = new Map<number, { ppid: number; ms: number; start: string }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // utime + stime, in 10 ms ticks; a process is known by its pid and start time
        procs.set(Number(entry), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10, start: f[19]! });
      } catch {
        // gone meanwhile
      }
    }
    const below = (pid: number): boolean => {
      const ppid = procs.get(pid)?.ppid;
      return ppid === process.pid || (ppid !== undefined && ppid > 1 && below(ppid));
    };
    for (const [pid, p] of procs) {
      if (!below(pid)) continue;
      const key = `${pid}@${p.start}`;
      // those running at the first sample count from there, those started later from their start
      if (!this.first.has(key)) this.first.set(key, this.sampled ? 0 : p.ms);
      this.last.set(key, p.ms);
    }
    this.sampled = true;
  }
  /** since the first sample */
  get ms(): number {
    let total = 0;
    for (const [key, ms] of this.last) total += ms - (this.first.get(key) ?? 0);
    return total;
  }
}
/** CPU time (ms) of this process's main thread (its one JavaScript thread), from /proc (Linux). */
function mainThreadCpuMs(): number {
  const stat = readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}
const processCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-api-"));
const base = JSON.parse(readFileSync(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8"));
/**
 * The service as `nianbao serve` starts it, a moment later: serve prints an example on every page of
 * the pool just after its start (in the background), and this waits for that.
 */
async function start() {
  const started = await startLocalService({ dataDir, port: 0 });
  await started.renderer!.warm(validateReport(base).normalized!);
  return started;
}
let service = await start();
const pages = service.renderer!.engine.pages;
const ofd = service.deps.ofd?.edition ?? "off";
const { token } = await createToken(service.deps, { role: "admin", scopes: ["*"], issuer: { actor: "bench" } });
const variant = (n: number) => JSON.stringify({ ...base, problems: [...base.problems, `第${n}次发布。`] });
const put = (id: string, body: string) =>
  fetch(`${service.url}/reports/${id}`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body });

for (let i = 0; i < 5; i++) await (await put("bench-warm", variant(i))).arrayBuffer();
const publishMs: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const t = performance.now();
  const response = await put("bench-api", variant(i));
  await response.arrayBuffer();
  if (response.status !== 201) throw new Error(`publish answered ${response.status}`);
  publishMs.push(performance.now() - t);
}
const redirectMs: number[] = [];
for (let i = 0; i < 500; i++) {
  const t = performance.now();
  const response = await fetch(`${service.url}/d/bench-api`, { redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 302) throw new Error(`download answered ${response.status}`);
  redirectMs.push(performance.now() - t);
}

// What the second release added to every authenticated request and every publish, measured alone:
// the token check (one consistent read: revocation and expiry) and one audit entry (one put).
const tokenCheckMs: number[] = [];
const auditWriteMs: number[] = [];
for (let i = 0; i < 300; i++) {
  let t = performance.now();
  if (!(await authenticate(service.deps, token)).ok) throw new Error("token refused");
  tokenCheckMs.push(performance.now() - t);
  t = performance.now();
  await recordAudit(service.deps, { actor: "bench", action: "publish", target: `bench-audit/${i}`, reportId: "bench-audit", outcome: "success", detail: { version: i } });
  auditWriteMs.push(performance.now() - t);
}

for (let i = 0; i < BULK; i++) {
  await publish(service.deps, { reportId: `bench-bulk-${String(i).padStart(4, "0")}`, report: JSON.parse(variant(1000 + i)), actor: "bench" });
}
const officialDir = mkdtempSync(join(tmpdir(), "nianbao-bench-official-"));
if (TEMPLATE_CHANGE) {
  // the renderer has unpacked Chromium's fonts by now, Open Sans among them
  copyFileSync(join(tmpdir(), "fonts", "fonts", "Open_Sans", "OpenSans-Regular.ttf"), join(officialDir, "fangsong.ttf"));
  const before = service.renderer!.templateVersion;
  await service.stop();
  process.env.NIANBAO_OFFICIAL_FONTS_DIR = officialDir;
  service = await start();
  if (service.renderer!.templateVersion === before) throw new Error("the template version did not change");
}
const chromiumCpu = new DescendantsCpu();
chromiumCpu.sample();
const nodeCpuBefore = processCpuMs();
const loopBefore = performance.eventLoopUtilization();
const mainBefore = mainThreadCpuMs();
const t = performance.now();
const postedAt = Date.now();
const started = await fetch(`${service.url}/regenerations`, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  // unforced after a template change: every report's template version differs from the current one
  body: JSON.stringify({ reportIdPrefix: "bench-bulk-", force: !TEMPLATE_CHANGE }),
});
const { jobId } = (await started.json()) as { jobId: string };
let status: { status: string; total: number; succeeded: number; failed: number; createdAt: string; finishedAt?: string };
do {
  // (the job's own finishedAt times it: the poll need not be frequent, and every poll and /proc sample
  // is work on the machine being measured)
  await new Promise((resolve) => setTimeout(resolve, 500));
  chromiumCpu.sample();
  status = (await (await fetch(`${service.url}/regenerations/${jobId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof status;
} while (status.status === "running" || status.status === "planning");
const polledMs = performance.now() - t;
// The job's duration runs from the request that started it to the moment the service recorded its
// last report (finishedAt, same clock): the poll above sees that up to 500 ms late.
const bulkMs = status.finishedAt ? Math.max(1, Date.parse(status.finishedAt) - postedAt) : polledMs;
// the main thread's busy time: the one JavaScript thread the service's own work shares
const loop = performance.eventLoopUtilization(loopBefore);
const cpu = { node: processCpuMs() - nodeCpuBefore, chromium: chromiumCpu.ms, mainThread: mainThreadCpuMs() - mainBefore };
const perReport = (ms: number) => round(ms / Math.max(1, status.total));
await service.stop();
rmSync(dataDir, { recursive: true, force: true });
rmSync(officialDir, { recursive: true, force: true });
if (status.succeeded !== BULK) throw new Error(`the bulk job regenerated ${status.succeeded} of ${BULK} reports (${status.failed} failed)`);

const rows = [
  { measure: "PUT /reports/{id} (new version, warm)", p50: `${round(percentile(publishMs, 50))} ms`, p95: `${round(percentile(publishMs, 95))} ms`, samples: SAMPLES },
  { measure: "GET /d/{id} (302 to signed URL)", p50: `${round(percentile(redirectMs, 50))} ms`, p95: `${round(percentile(redirectMs, 95))} ms`, samples: 500 },
  { measure: "token check (revocation, expiry)", p50: `${round(percentile(tokenCheckMs, 50))} ms`, p95: `${round(percentile(tokenCheckMs, 95))} ms`, samples: 300 },
  { measure: "audit entry write", p50: `${round(percentile(auditWriteMs, 50))} ms`, p95: `${round(percentile(auditWriteMs, 95))} ms`, samples: 300 },
  { measure: `bulk regeneration of ${BULK} reports (${pages} pages, OFD ${ofd}, ${TEMPLATE_CHANGE ? "after a template change" : "forced, same template"})`, p50: `${Math.round((status.succeeded / bulkMs) * 60_000)} reports/min`, p95: `${round(bulkMs / 1000)} s total (${round(polledMs / 1000)} s polled)`, samples: status.total },
  { measure: "  CPU per report: this process / Chromium", p50: `${perReport(cpu.node)} ms`, p95: `${perReport(cpu.chromium)} ms`, samples: status.total },
  { measure: "  main thread CPU per report (event loop busy)", p50: `${perReport(cpu.mainThread)} ms`, p95: `${Math.round(loop.utilization * 100)} % of the job`, samples: status.total },
];
console.table(rows);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/api.json", import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), publishP50Ms: round(percentile(publishMs, 50)), redirectP50Ms: round(percentile(redirectMs, 50)), tokenCheckP50Ms: round(percentile(tokenCheckMs, 50)), auditWriteP50Ms: round(percentile(auditWriteMs, 50)), bulk: { reports: BULK, pages, ofd, templateChange: TEMPLATE_CHANGE, ms: Math.round(bulkMs), polledMs: Math.round(polledMs), perMinute: Math.round((status.succeeded / bulkMs) * 60_000), failed: status.failed, cpuPerReportMs: { process: perReport(cpu.node), chromium: perReport(cpu.chromium) }, mainThreadBusyPerReportMs: perReport(cpu.mainThread) }, rows }, null, 2)}\n`,
);
