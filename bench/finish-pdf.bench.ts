/**
 * The work of a render after Chromium has printed (issues 9/16, warm render within 1.1 × the floor):
 * document information, header associations, artifacts, the compact rewrite and the document ID —
 * all in finishTaggedPdf. Chromium prints each example once (with the pagination pass, as a render
 * does); then the finish runs on those bytes again and again, timed in CPU time of this process
 * (process.cpuUsage: the other helpers' load on the machine does not count) and in wall time.
 *
 *   npx tsx bench/finish-pdf.bench.ts [samples]      (default 200 per example)
 *
 * Also prints the pagination pass's CPU time in node and its wall time, from real renders.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateReport } from "../functions/report/index.js";
import { PDF_OPTIONS, ReportRenderer } from "../functions/render/renderer.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = {
  "2021 yunxi": "examples/yunxi-county-2024.json",
  "2019 raohe": "examples/raohe-xiaojiahe-2023.json",
};
const SAMPLES = Number(process.argv[2] ?? 200);

const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number) => Math.round(n * 100) / 100;

const renderer = new ReportRenderer();
try {
  for (const [name, file] of Object.entries(EXAMPLES)) {
    const report = validateReport(JSON.parse(readFileSync(join(ROOT, file), "utf8"))).normalized!;
    for (let i = 0; i < 3; i++) await renderer.render(report); // warm
    // the pagination pass after the measuring (which rides on loading): its CPU time in this process
    // and its wall time (the deciding, and applying the breaks in Chromium)
    const passCpu: number[] = [];
    const passWall: number[] = [];
    const renderWall: number[] = [];
    let job = renderer.printJob(report);
    let printed: Uint8Array = new Uint8Array();
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      job = renderer.printJob(report);
      const pass = job.pass;
      printed = await renderer.engine.print(job.html, PDF_OPTIONS, {
        ...pass,
        adjust: async (cdp, measured) => {
          const c = process.cpuUsage();
          const w = performance.now();
          await pass.adjust(cdp, measured);
          passWall.push(performance.now() - w);
          const d = process.cpuUsage(c);
          passCpu.push((d.user + d.system) / 1000);
        },
      }, { reuseHead: true });
      job.finish(printed);
      renderWall.push(performance.now() - t);
    }
    const rendered = job.finish(printed);

    const cpu: number[] = [];
    const wall: number[] = [];
    let out = rendered;
    for (let i = 0; i < 20; i++) job.finish(printed); // warm the JIT
    for (let i = 0; i < SAMPLES; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      out = job.finish(printed);
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    console.log(
      `${name}: finish p50 CPU ${round(p50(cpu))} ms, wall ${round(p50(wall))} ms (${SAMPLES} samples); ` +
        `pagination pass p50 node CPU ${round(p50(passCpu))} ms, wall ${round(p50(passWall))} ms; render wall p50 ${round(p50(renderWall))} ms (20); ` +
        `printed ${printed.byteLength} B → ${out.bytes} B, ${out.pages} pages; reproducible: ${Buffer.compare(Buffer.from(out.pdf), Buffer.from(rendered.pdf)) === 0}`,
    );
  }
} finally {
  await renderer.close();
}
