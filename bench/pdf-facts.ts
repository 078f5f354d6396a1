/**
 * What a PDF holds, as issue 16 measures it: npm run bench:pdf [file.pdf …]
 *
 * Without arguments it renders both examples (tagged, as the service does) and, for comparison,
 * Chromium's untagged print of the same HTML. For each PDF: bytes and pages; the fonts the pages draw
 * with (pdf.js: one entry per embedded font program), how many are Type 3; and a PDF/UA-style check
 * of the structure as assistive technology reads it (pdf.js getStructTree, cell attributes with
 * pdf-lib): marked, /Lang, title displayed, headings by level, tables, TH with a /Scope, data cells
 * naming their headers, pages whose page number is an artifact, text painted outside any marked
 * content. Writes bench/results/pdf-facts.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PDF_OPTIONS, ReportRenderer } from "../functions/render/renderer.js";
import { validateReport } from "../functions/report/index.js";
import { documentFacts, pageStructures, walk } from "../test/helpers/pdf-structure.js";
import { drawnFonts } from "../test/helpers/pdf.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLES = { "2021 yunxi": "examples/yunxi-county-2024.json", "2019 raohe": "examples/raohe-xiaojiahe-2023.json" };

async function facts(name: string, pdf: Uint8Array) {
  const fonts = await drawnFonts(pdf);
  const pages = await pageStructures(pdf);
  const doc = await documentFacts(pdf);
  const nodes = pages.flatMap((p) => walk(p.tree));
  const cells = doc.tables.flat(2);
  const count = (role: string) => nodes.filter((n) => n.role === role).length;
  return {
    pdf: name,
    KB: Math.round((pdf.byteLength / 1024) * 10) / 10,
    bytes: pdf.byteLength,
    pages: pages.length,
    fonts: fonts.length,
    type3: fonts.filter((f) => f.type3).length,
    fontNames: [...new Set(fonts.map((f) => f.name))].sort().join(", "),
    marked: doc.marked,
    lang: doc.lang ?? "",
    displayDocTitle: doc.displayDocTitle,
    "H1/H2/H3": `${count("H1")}/${count("H2")}/${count("H3")}`,
    P: count("P"),
    tables: doc.tables.length,
    "TH with scope": `${cells.filter((c) => c.role === "TH" && c.scope).length}/${cells.filter((c) => c.role === "TH").length}`,
    "TD with headers": `${cells.filter((c) => c.role === "TD" && c.headers.length > 0).length}/${cells.filter((c) => c.role === "TD").length}`,
    "page no. artifact": `${pages.filter((p, i) => p.artifacts.includes(`—${i + 1}—`) && !p.tree.text.includes(`—${i + 1}—`)).length}/${pages.length}`,
    "unmarked chars": pages.reduce((sum, p) => sum + p.unmarked.length, 0),
  };
}

const rows: Awaited<ReturnType<typeof facts>>[] = [];
const files = process.argv.slice(2);
if (files.length > 0) {
  for (const file of files) rows.push(await facts(basename(file), readFileSync(file)));
} else {
  const renderer = new ReportRenderer();
  try {
    for (const [name, file] of Object.entries(EXAMPLES)) {
      const report = validateReport(JSON.parse(readFileSync(join(ROOT, file), "utf8"))).normalized!;
      rows.push(await facts(`${name} tagged`, (await renderer.render(report)).pdf));
      rows.push(await facts(`${name} untagged print`, await renderer.engine.print(renderer.html(report), { ...PDF_OPTIONS, tagged: false })));
    }
  } finally {
    await renderer.close();
  }
}
console.table(rows.map(({ fontNames: _names, bytes: _bytes, ...row }) => row));
for (const row of rows) console.log(`${row.pdf}: ${row.fontNames}`);
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/pdf-facts.json"), `${JSON.stringify({ date: new Date().toISOString(), rows }, null, 2)}\n`);
