import { readFileSync } from "node:fs";
import { validateReport } from "../functions/report/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
const r = new ReportRenderer();
const v = validateReport(JSON.parse(readFileSync(`examples/yunxi-county-2024.json`, "utf8")));
const html = r.html(v.normalized!);
for (const opts of [{ preferCSSPageSize: true, printBackground: true, tagged: false }, { preferCSSPageSize: true, tagged: true }, { preferCSSPageSize: true, tagged: true, outline: true }]) {
  await r.engine.print(html, opts);
  const t = performance.now();
  const pdf = await r.engine.print(html, opts);
  console.log(JSON.stringify(opts), pdf.byteLength, (performance.now() - t).toFixed(0));
}
const pdf = await r.engine.print(html, { preferCSSPageSize: true, tagged: true, outline: true });
const s = Buffer.from(pdf).toString("latin1");
const fontFiles = [...s.matchAll(/\/FontFile2 (\d+) 0 R/g)].length;
console.log("fonts", fontFiles, "StructElem", (s.match(/\/StructElem/g) || []).length);
await r.close();
