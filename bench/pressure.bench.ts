/**
 * The local service under pressure (issue 10): npm run bench:pressure
 * Against `nianbao serve` as a child process (its own memory, its own Chromium):
 * - memory: the service's RSS idle, and after 60 concurrent unauthenticated 10 MB bodies;
 * - the render line: a small preview alone, a large report's preview alone, and a small preview sent
 *   just after three large ones (its latency is bounded by the renders ahead of it in the line, not
 *   by every render the service has been given).
 * Writes bench/results/pressure.json. The page pool follows NIANBAO_RENDER_PAGES.
 */
import { request } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { firstStart, spawnServe } from "../test/helpers/serve.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const MB = 1024 * 1024;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

function rss(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]!) * 1024;
}

/** A PUT with a body, unauthenticated: its status, or "cut" when the server closed mid-upload. */
function flood(url: string, i: number, body: Buffer): Promise<number | "cut"> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { "content-type": "application/json", "content-length": String(body.length), ...(i % 2 ? { authorization: "Bearer nb_unknown" } : {}) };
    const req = request(`${url}/reports/flood-${i}`, { method: "PUT", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
    });
    req.on("error", () => resolve("cut"));
    req.end(body);
  });
}

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-pressure-"));
const serve = spawnServe(dataDir);
await serve.waitFor(/就绪/, 180_000);
const { url, tokens } = firstStart(serve.stdout()) as { url: string; tokens: Record<string, string> };
const admin = tokens.admin!;

// 1. memory under a flood of bodies nobody may send
for (let i = 0; i < 3; i++) await flood(url, i, Buffer.from("{}"));
await new Promise((resolve) => setTimeout(resolve, 1000));
const idle = rss(serve.pid);
const body = Buffer.alloc(10 * MB, 0x7b);
let peak = idle;
const sampler = setInterval(() => (peak = Math.max(peak, rss(serve.pid))), 20);
const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => flood(url, i, body)));
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 1000));
const after = rss(serve.pid);
const answered = outcomes.filter((o) => o === 401).length;

// 2. a small preview behind large ones
const small = readFileSync(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8");
const base = JSON.parse(small);
const paragraph = (n: number) =>
  `第${n}项：本机关依照《中华人民共和国政府信息公开条例》的规定，持续做好政府信息公开工作，围绕重点领域信息公开、政策解读、回应关切和平台建设等方面推进各项任务落实，` +
  "对照年度工作要点逐项梳理完成情况，健全信息发布审查机制，规范依申请公开办理流程，提升答复质量和时效，加强工作人员业务培训，确保公开工作依法依规、及时准确。".repeat(3);
const large = JSON.stringify({ ...base, preamble: Array.from({ length: 120 }, (_, i) => paragraph(i + 1)) });
async function preview(report: string): Promise<{ ms: number; status: number; pages?: number }> {
  const t = performance.now();
  const response = await fetch(`${url}/preview`, { method: "POST", headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" }, body: report });
  const bytes = Buffer.from(await response.arrayBuffer());
  const pages = response.status === 200 ? (await PDFDocument.load(bytes)).getPageCount() : undefined;
  return { ms: performance.now() - t, status: response.status, ...(pages ? { pages } : {}) };
}
for (let i = 0; i < 3; i++) await preview(small);
const smallAlone: number[] = [];
for (let i = 0; i < SAMPLES * 2; i++) smallAlone.push((await preview(small)).ms);
const largeAlone: number[] = [];
let largePages = 0;
for (let i = 0; i < SAMPLES; i++) {
  const r = await preview(large);
  if (r.status !== 200) throw new Error(`large preview answered ${r.status}`);
  largePages = r.pages ?? 0;
  largeAlone.push(r.ms);
}
const smallBehind: number[] = [];
const statuses: number[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const larges = [preview(large), preview(large), preview(large)];
  await new Promise((resolve) => setTimeout(resolve, 50));
  const r = await preview(small);
  smallBehind.push(r.ms);
  statuses.push(r.status, ...(await Promise.all(larges)).map((l) => l.status));
}

serve.child.kill("SIGTERM");
await serve.exited();
rmSync(dataDir, { recursive: true, force: true });

const rows = [
  { measure: "RSS idle", value: `${round(idle / MB)} MB` },
  { measure: "RSS peak during 60 × 10 MB unauthenticated bodies", value: `${round(peak / MB)} MB` },
  { measure: "RSS after", value: `${round(after / MB)} MB (${round((after / idle - 1) * 100)} %)` },
  { measure: "flood answers", value: `${answered} × 401, ${60 - answered} cut before their body was read` },
  { measure: "small preview alone, p50", value: `${round(percentile(smallAlone, 50))} ms` },
  { measure: `large preview alone (${largePages} pages), p50`, value: `${round(percentile(largeAlone, 50))} ms` },
  { measure: "small preview behind 3 large, p50 / max", value: `${round(percentile(smallBehind, 50))} / ${round(Math.max(...smallBehind))} ms` },
  { measure: "statuses behind", value: [...new Set(statuses)].join(", ") },
];
console.table(rows);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/pressure.json", import.meta.url),
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      rssMb: { idle: round(idle / MB), peak: round(peak / MB), after: round(after / MB) },
      previewMs: { smallAlone: round(percentile(smallAlone, 50)), largeAlone: round(percentile(largeAlone, 50)), largePages, smallBehindThreeLarge: smallBehind.map(round) },
      rows,
    },
    null,
    2,
  )}\n`,
);
