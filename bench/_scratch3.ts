import { readFileSync, writeFileSync } from "node:fs";
import { validateReport } from "../functions/report/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
const r = new ReportRenderer();
const v = validateReport(JSON.parse(readFileSync(`examples/yunxi-county-2024.json`, "utf8")));
let html = r.html(v.normalized!);
for (const variant of ["plain", "links"]) {
  let h = html;
  if (variant === "links") h = h.replace("<main>", `<main><nav style="height:0;overflow:hidden">${["一","二","三","四","五","六"].map((n) => `<a href="#section-${n}">${n}</a>`).join("")}</nav>`);
  const pdf = await r.engine.print(h, { preferCSSPageSize: true, printBackground: true, tagged: false });
  const s = Buffer.from(pdf).toString("latin1");
  console.log(variant, pdf.byteLength, s.includes("/Dests"), (s.match(/\/Dests[\s\S]{0,300}/) || [""])[0].slice(0, 300));
  writeFileSync(`/tmp/${variant}.pdf`, pdf);
}
await r.close();
