import { readFileSync, writeFileSync } from "node:fs";
import { validateReport } from "../functions/report/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
const t0 = performance.now();
const r = new ReportRenderer();
for (const f of ["yunxi-county-2024", "raohe-xiaojiahe-2023"]) {
  const v = validateReport(JSON.parse(readFileSync(`/work/main/examples/${f}.json`, "utf8")));
  const t = performance.now();
  const out = await r.render(v.normalized!);
  console.log(f, out.pages, out.bytes, (performance.now() - t).toFixed(0), "ms", (performance.now() - t0).toFixed(0));
  writeFileSync(`/tmp/${f}.pdf`, out.pdf); writeFileSync(`/tmp/${f}.html`, out.html);
  for (let i = 0; i < 5; i++) { const t = performance.now(); await r.render(v.normalized!); console.log(" warm", (performance.now() - t).toFixed(0)); }
}
await r.close();
