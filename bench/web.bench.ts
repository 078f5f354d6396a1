/**
 * The web pages on this machine (issue 15): npm run bench:web
 * Through the local service (real HTTP on loopback, embedded storage on disk): the server time of
 * the console's main pages and of the citizens' report page (p50, p95 over BENCH_SAMPLES requests,
 * after a warm-up), and each page's weight — its HTML plus the stylesheet and script it loads (fonts
 * apart: the pages use the system's Chinese fonts), raw and gzipped. Writes bench/results/web.json.
 */
import { gzipSync } from "node:zlib";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalService } from "../functions/local/server.js";
import { createToken } from "../functions/service/tokens.js";
import { publish } from "../functions/service/use-cases.js";

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 30);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-bench-web-"));
const service = await startLocalService({ dataDir, port: 0 });
try {
  const { token } = await createToken(service.deps, { role: "admin", scopes: ["*"], issuer: { actor: "bench" } });
  const base = JSON.parse(readFileSync(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8"));
  for (let i = 0; i < REPORTS; i++) {
    await publish(service.deps, { reportId: `bench-web-${String(i).padStart(3, "0")}`, report: { ...base, problems: [...base.problems, `第${i}份。`] }, actor: "admin:bench" });
  }
  await publish(service.deps, { reportId: "bench-web-000", report: { ...base, problems: [...base.problems, "第二版。"] }, actor: "admin:bench" });

  const login = await fetch(`${service.url}/console/login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const pages: Record<string, string> = {
    "sign-in": "/console/login",
    "reports list (20 of 30)": "/console/reports",
    report: "/console/reports/bench-web-000",
    compare: "/console/reports/bench-web-000/compare?a=1&b=2",
    editor: "/console/editor?from=bench-web-000",
    tokens: "/console/tokens",
    audit: "/console/audit",
    regenerations: "/console/regenerations",
    "report page /r": "/r/bench-web-000",
  };
  const assetBytes = new Map<string, { raw: number; gzip: number }>();
  const assetOf = async (url: string) => {
    if (!assetBytes.has(url)) {
      const body = Buffer.from(await (await fetch(`${service.url}${url}`)).arrayBuffer());
      assetBytes.set(url, { raw: body.length, gzip: gzipSync(body).length });
    }
    return assetBytes.get(url)!;
  };
  const rows: Record<string, unknown>[] = [];
  for (const [name, path] of Object.entries(pages)) {
    const get = () => fetch(`${service.url}${path}`, { headers: { cookie }, redirect: "manual" });
    for (let i = 0; i < 5; i++) await (await get()).arrayBuffer();
    const times: number[] = [];
    let html = Buffer.alloc(0);
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      const response = await get();
      html = Buffer.from(await response.arrayBuffer());
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    }
    const text = html.toString("utf8");
    const linked = [...text.matchAll(/(?:href|src)="(\/console\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    const assets = await Promise.all(linked.map(assetOf));
    const raw = html.length + assets.reduce((s, a) => s + a.raw, 0);
    const gzip = gzipSync(html).length + assets.reduce((s, a) => s + a.gzip, 0);
    rows.push({ page: name, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), htmlKiB: round(html.length / 1024), totalKiB: round(raw / 1024), gzipKiB: round(gzip / 1024) });
  }
  console.log(`server time over ${SAMPLES} requests each (loopback HTTP, embedded storage); weight = HTML + CSS + JS, fonts apart\n`);
  console.log("| page | p50 ms | p95 ms | HTML KiB | HTML+CSS+JS KiB | gzipped KiB |\n|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.page} | ${r.p50Ms} | ${r.p95Ms} | ${r.htmlKiB} | ${r.totalKiB} | ${r.gzipKiB} |`);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/web.json", import.meta.url), JSON.stringify({ samples: SAMPLES, reports: REPORTS, pages: rows, at: new Date().toISOString() }, null, 2));
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
