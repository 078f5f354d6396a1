/**
 * Renders the layout corpus and runs the layout checker on every PDF:
 *   npm run check:layout:corpus -- [--seed 1] [--limit 120] [--out dir] [--only name-prefix]
 *   npm run check:layout:sweep  -- [--seeds 1-8]          (the longer sweep: many seeds)
 * Prints the share that passes, the findings by code, and the failing variations; with --out, keeps
 * each failing PDF (and its report JSON) there for a look. Exit code 1 when any variation fails.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkLayout } from "../../functions/layout/index.js";
import { validateReport } from "../../functions/report/index.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { layoutCorpus } from "./index.js";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    seeds: { type: "string" },
    limit: { type: "string" },
    out: { type: "string" },
    only: { type: "string" },
    quiet: { type: "boolean" },
  },
});
const seeds = values.seeds
  ? (() => {
      const [from, to] = values.seeds.split("-").map(Number);
      return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => from! + i);
    })()
  : [Number(values.seed)];

const renderer = new ReportRenderer();
const byCode = new Map<string, number>();
const failing: { name: string; seed: number; pages: number; codes: string[]; first: string }[] = [];
const pages: number[] = [];
let total = 0;
const started = performance.now();
try {
  for (const seed of seeds) {
    const corpus = layoutCorpus({ seed, ...(values.limit ? { limit: Number(values.limit) } : {}) }).filter((e) => !values.only || e.name.startsWith(values.only));
    for (const { name, report } of corpus) {
      const result = validateReport(report);
      if (!result.valid || !result.normalized) throw new Error(`corpus report ${name} (seed ${seed}) is invalid`);
      const rendered = await renderer.render(result.normalized);
      const checked = await checkLayout(rendered.pdf);
      total++;
      pages.push(rendered.pages);
      if (checked.findings.length === 0) continue;
      const codes = [...new Set(checked.findings.map((f) => f.code))];
      for (const f of checked.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
      failing.push({ name, seed, pages: rendered.pages, codes, first: `p${checked.findings[0]!.page} ${checked.findings[0]!.message}` });
      if (values.out) {
        mkdirSync(values.out, { recursive: true });
        writeFileSync(join(values.out, `${seed}-${name}.pdf`), rendered.pdf);
        writeFileSync(join(values.out, `${seed}-${name}.json`), JSON.stringify({ report, findings: checked.findings }, null, 2));
      }
      if (!values.quiet) console.log(`FAIL ${seed}/${name}: ${codes.join(", ")} — ${failing[failing.length - 1]!.first}`);
    }
  }
} finally {
  await renderer.close();
}
const passed = total - failing.length;
console.log(`\n${passed}/${total} variations pass the layout checker (${((100 * passed) / total).toFixed(1)} %), seeds ${seeds.join(",")}, ${Math.round((performance.now() - started) / 1000)} s`);
console.log(`pages per variation: min ${Math.min(...pages)}, median ${[...pages].sort((a, b) => a - b)[Math.floor(pages.length / 2)]}, max ${Math.max(...pages)}`);
if (byCode.size > 0) console.table(Object.fromEntries([...byCode].sort((a, b) => b[1] - a[1]).map(([code, n]) => [code, { findings: n, variations: failing.filter((f) => f.codes.includes(code)).length }])));
process.exitCode = failing.length > 0 ? 1 : 0;
