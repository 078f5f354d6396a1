/**
 * One cold render, as a new Lambda container does it: a fresh process, an empty temporary directory
 * (so @sparticuz/chromium unpacks its browser anew), then the first PDF of the 2021 example.
 * Run by bench/render.bench.ts after bundling with esbuild, like the deployed functions.
 * Prints one JSON line of timings (ms of process uptime) that say where a cold start goes: modules
 * loaded, renderer built (the browser's unpacking starts there, as in a handler's init), report
 * validated, browser unpacked, first PDF (after the unpacking: launching Chromium, loading the fonts,
 * printing).
 */
// first, as in the rendering functions: the browser unpacks while the other modules load
import "../functions/render/unpack-early.js";
import { readFileSync } from "node:fs";
import { unpackChromium } from "../functions/render/chromium-unpack.js";
import { ReportRenderer } from "../functions/render/renderer.js";
import { validateReport } from "../functions/report/index.js";

const at = () => Math.round(process.uptime() * 1000);
const modulesLoadedMs = at();
const report = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
// one page, as the rendering functions ask (functions/handlers/rendering.ts): a single-process browser
const renderer = new ReportRenderer({ pages: 1 });
const rendererBuiltMs = at();
let unpackedMs = 0;
void unpackChromium().then(() => (unpackedMs = at()));
const result = validateReport(report);
const validatedMs = at();
const out = await renderer.render(result.normalized!);
const processUptimeAtPdfMs = at();
await renderer.close();
process.stdout.write(
  `${JSON.stringify({ processUptimeAtPdfMs, modulesLoadedMs, rendererBuiltMs, validatedMs, unpackedMs, bytes: out.bytes, pages: out.pages })}\n`,
);
