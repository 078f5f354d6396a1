/**
 * Events, webhooks and export on this machine (issue 17): npm run bench:webhooks
 * Through the local service (real HTTP, embedded storage on disk, one Chromium):
 * - publish p50 without and with an active webhook subscription, in alternating blocks (the event
 *   must not slow publishing by more than 5 %), wall time and this process's CPU time (the service
 *   runs in it; Chromium does not); the event's work is let finish before the next publish;
 * - what handing an event to the sink costs alone (wall and CPU), and its share of a publish;
 * - delivery latency from publish (request sent, and response received) to the receiver on loopback;
 * - export of 1,000 reports (CSV and XLSX, through the HTTP route: file to the bucket, then fetched
 *   through the signed link) and statistics over them. The 1,000 reports are stored through the
 *   publish use case with a stand-in renderer that returns a one-page placeholder PDF: rendering is
 *   not what is measured (bench:render is), validation and storage are real.
 * Writes bench/results/webhooks.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalService } from "../functions/local/server.js";
import { createToken } from "../functions/service/tokens.js";
import { publish } from "../functions/service/use-cases.js";
import type { PdfRenderer } from "../functions/service/ports.js";
import { startReceiver } from "../test/helpers/receiver.js";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 6);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK ?? 5);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-webhooks-"));
const receiver = await startReceiver();
const service = await startLocalService({ dataDir, port: 0, webhooks: { allowedHosts: "127.0.0.1" } });
const { token } = await createToken(service.deps, { role: "admin", scopes: ["*"], issuer: { actor: "bench" } });
const auth = { authorization: `Bearer ${token}` };
const base = JSON.parse(readFileSync(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8"));
const raohe = JSON.parse(readFileSync(new URL("../examples/raohe-xiaojiahe-2023.json", import.meta.url), "utf8"));
const variant = (n: number) => JSON.stringify({ ...base, problems: [...base.problems, `第${n}次发布。`] });
const put = (id: string, body: string) => fetch(`${service.url}/reports/${id}`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body });

for (let i = 0; i < 5; i++) await (await put("bench-warm", variant(i))).arrayBuffer();

// A subscription that covers "hooked-*" only: "plain-*" publishes emit an event that reaches nobody,
// so the comparison is publish with a delivered subscription vs publish with none.
const subscribed = await fetch(`${service.url}/webhooks`, {
  method: "POST",
  headers: { ...auth, "content-type": "application/json" },
  body: JSON.stringify({ url: `${receiver.url}/bench`, events: ["version.created"], scopes: ["hooked-*"] }),
});
if (subscribed.status !== 201) throw new Error(`subscription answered ${subscribed.status}`);

const plainMs: number[] = [];
const hookedMs: number[] = [];
// CPU of this process (the service runs in it; Chromium is another process): on the publish path
// (request sent → response read), and for a delivery after it (response → receipt)
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const plainCpuMs: number[] = [];
const hookedCpuMs: number[] = [];
const deliveryCpuMs: number[] = [];
const sinceRequest: number[] = [];
const sinceResponse: number[] = [];
let n = 0;
for (let block = 0; block < BLOCKS; block++) {
  for (const hooked of block % 2 === 0 ? [false, true] : [true, false]) {
    for (let i = 0; i < PER_BLOCK; i++) {
      const id = hooked ? "hooked-bench" : "plain-bench";
      const sentCpu = cpuMs();
      const sent = performance.now();
      const response = await put(id, variant(++n));
      const body = await response.json();
      const answered = performance.now();
      const answeredCpu = cpuMs();
      if (response.status !== 201) throw new Error(`publish answered ${response.status}`);
      (hooked ? hookedMs : plainMs).push(answered - sent);
      (hooked ? hookedCpuMs : plainCpuMs).push(answeredCpu - sentCpu);
      if (hooked) {
        const received = await receiver.waitFor((r) => JSON.parse(r.body).data.version === body.version && JSON.parse(r.body).data.reportId === id);
        sinceRequest.push(received.at - sent);
        sinceResponse.push(received.at - answered);
      }
      // the event's work (fan-out; for a subscriber signing, sending, recording) done before the next
      // publish, so that each publish's CPU is its own
      await service.webhooks.idle();
      if (hooked) deliveryCpuMs.push(cpuMs() - answeredCpu);
    }
  }
}

// What an event adds to a publish, alone: handing it to the sink (locally the in-process queue; on
// AWS one PutEvents call instead). The event names a report no subscription covers.
// The event carries a version's metadata, as a publish's does.
const versionData = JSON.parse(JSON.stringify((await (await fetch(`${service.url}/reports/hooked-bench`, { headers: auth })).json()) ?? {}));
const emitMs: number[] = [];
const emitCpuUs: number[] = [];
for (let i = 0; i < 500; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  await service.deps.events!.emit({ id: `evt_bench${i}`, type: "version.created", timestamp: new Date().toISOString(), reportId: "nobody-listens", data: versionData });
  emitMs.push(performance.now() - t);
  const used = process.cpuUsage(c);
  emitCpuUs.push(used.user + used.system);
}
await service.webhooks.idle();

// 1,000 reports stored through the publish use case, rendering stood in for (see above)
const placeholder: PdfRenderer = {
  templateVersion: service.deps.renderer.templateVersion,
  render: async () => ({ pdf: new TextEncoder().encode("%PDF-1.7\n% placeholder\n%%EOF\n"), pages: 1, html: "" }),
  html: () => "",
};
// no OFD edition either: the placeholder is no PDF a converter could read
const { events: _events, ofd: _ofd, ...storeOnly } = service.deps;
const seedStarted = performance.now();
for (let i = 0; i < REPORTS; i += 16) {
  await Promise.all(
    Array.from({ length: Math.min(16, REPORTS - i) }, (_, j) => {
      const k = i + j;
      const report = k % 4 === 3 ? { ...raohe, problems: [`第${k}份。`] } : { ...base, problems: [...base.problems, `第${k}份。`] };
      return publish({ ...storeOnly, renderer: placeholder }, { reportId: `export-${String(k).padStart(4, "0")}`, report, actor: "bench" });
    }),
  );
}
const seedMs = performance.now() - seedStarted;

async function timedExport(format: "csv" | "xlsx"): Promise<{ ms: number; bytes: number; rssMb: number }> {
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const redirect = await fetch(`${service.url}/exports/tables?prefix=export-&format=${format}`, { headers: auth, redirect: "manual" });
  if (redirect.status !== 302) throw new Error(`export answered ${redirect.status}`);
  const file = await fetch(redirect.headers.get("location")!);
  const bytes = (await file.arrayBuffer()).byteLength;
  return { ms: performance.now() - started, bytes, rssMb: Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024) };
}
const csv = await timedExport("csv");
const xlsx = await timedExport("xlsx");
const statsStarted = performance.now();
const stats = await (await fetch(`${service.url}/statistics?prefix=export-`, { headers: auth })).json();
const statisticsMs = performance.now() - statsStarted;
if (stats.reports !== REPORTS) throw new Error(`statistics counted ${stats.reports} reports`);

const results = {
  when: new Date().toISOString(),
  loadAverage: (await import("node:os")).loadavg().map((l) => Math.round(l * 100) / 100),
  publish: {
    samples: plainMs.length,
    p50WithoutSubscriptionMs: round(percentile(plainMs, 50)),
    p50WithSubscriptionMs: round(percentile(hookedMs, 50)),
    changePercent: round(((percentile(hookedMs, 50) - percentile(plainMs, 50)) / percentile(plainMs, 50)) * 100),
    eventEmitP50Ms: Math.round(percentile(emitMs, 50) * 1000) / 1000,
    eventEmitP99Ms: Math.round(percentile(emitMs, 99) * 1000) / 1000,
    eventEmitCpuP50Us: percentile(emitCpuUs, 50),
    eventEmitShareOfPublishP50Percent: Math.round((percentile(emitMs, 50) / percentile(plainMs, 50)) * 100 * 1000) / 1000,
    cpuP50WithoutSubscriptionMs: round(percentile(plainCpuMs, 50)),
    cpuP50WithSubscriptionMs: round(percentile(hookedCpuMs, 50)),
    cpuChangePercent: round(((percentile(hookedCpuMs, 50) - percentile(plainCpuMs, 50)) / percentile(plainCpuMs, 50)) * 100),
  },
  delivery: {
    samples: sinceRequest.length,
    p50FromPublishRequestMs: round(percentile(sinceRequest, 50)),
    p50FromPublishResponseMs: round(percentile(sinceResponse, 50)),
    p95FromPublishResponseMs: round(percentile(sinceResponse, 95)),
    cpuP50AfterResponseMs: round(percentile(deliveryCpuMs, 50)),
  },
  export: {
    reports: REPORTS,
    seedSeconds: round(seedMs / 1000),
    csv: { seconds: round(csv.ms / 1000), megabytes: round(csv.bytes / 1024 / 1024), rssGrowthMb: csv.rssMb },
    xlsx: { seconds: round(xlsx.ms / 1000), megabytes: round(xlsx.bytes / 1024 / 1024), rssGrowthMb: xlsx.rssMb },
    statisticsSeconds: round(statisticsMs / 1000),
  },
};
console.log(JSON.stringify(results, null, 2));
mkdirSync(new URL("results/", import.meta.url), { recursive: true });
writeFileSync(new URL("results/webhooks.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
await service.stop();
await receiver.close();
rmSync(dataDir, { recursive: true, force: true });
