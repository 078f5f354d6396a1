/**
 * One cold render, as a new Lambda container does it: a fresh process, an empty temporary directory
 * (so @sparticuz/chromium unpacks its browser anew), then the first PDF of the 2021 example.
 * Run by bench/render.bench.ts after bundling with esbuild, like the deployed functions.
 * Prints one JSON line of timings (ms since process start).
 */
import { readFileSync } from "node:fs";
import { validateReport } from "../functions/report/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";

const report = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
const started = performance.now();
const result = validateReport(report);
const renderer = new ReportRenderer();
const out = await renderer.render(result.normalized!);
const rendered = performance.now();
await renderer.close();
process.stdout.write(
  `${JSON.stringify({ processUptimeAtPdfMs: Math.round(rendered + 0), sinceModulesLoadedMs: Math.round(rendered - started), bytes: out.bytes, pages: out.pages })}\n`,
);
