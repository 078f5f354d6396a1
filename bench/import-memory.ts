/**
 * Peak memory of importing one document of about 5 MiB (the API's limit), by bench/import.bench.ts:
 *   import-memory.ts make <format> <file>     writes the document
 *   import-memory.ts measure <format> <file>  imports it in this fresh process, prints peak RSS
 */
import { importDocument, ImportError } from "../functions/import/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
import { normalizeReport } from "../functions/report/index.js";
import { readFile } from "node:fs/promises";
import { fillTemplate } from "../test/helpers/fill-docx.js";
import { randomBytes } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { PNG } from "pngjs";
import { Deadline } from "../functions/import/limits.js";
import { readZipEntries } from "../functions/import/readers/ooxml.js";
import { zip } from "../test/helpers/zip.js";

import { writeFile } from "node:fs/promises";

const [mode, formatArg, file] = process.argv.slice(2) as ["make" | "measure", string, string];
const format = formatArg as "html" | "pdf" | "docx";
if (mode === "measure") await measure();
else await make();

async function measure(): Promise<void> {
  const bytes = new Uint8Array(await readFile(file));
  const before = process.memoryUsage().rss;
  let outcome = "read";
  const started = performance.now();
  try {
    const result = await importDocument(bytes, format);
    outcome = result.validation.valid ? "read, valid" : "read, invalid";
  } catch (error) {
    outcome = error instanceof ImportError ? `${error.status} ${error.code}` : String(error);
  }
  const ms = Math.round(performance.now() - started);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ format, documentMiB: Number((bytes.byteLength / 1024 / 1024).toFixed(2)), outcome, ms, rssBeforeMiB: Math.round(before / 1048576), peakRssMiB: Math.round(peak / 1048576) }));
}

async function make(): Promise<void> {
  const LIMIT = 5 * 1024 * 1024;
  const report = normalizeReport(JSON.parse(await readFile(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8")));
  // a picture that does not compress (a scanned seal, as clerks paste one) brings PDF and DOCX to 5 MiB
  const noise = (bytes: number) => new Uint8Array(randomBytes(bytes));
  let bytes: Uint8Array;
  if (format === "docx") {
    const docx = await fillTemplate(report);
    const parts = await readZipEntries(docx, () => true, new Deadline());
    bytes = zip([...[...parts].map(([name, data]) => ({ name, data })), { name: "word/media/seal.png", data: noise(LIMIT - docx.byteLength - 64 * 1024) }]);
  } else {
    const renderer = new ReportRenderer();
    const rendered = await renderer.render(report);
    await renderer.close();
    if (format === "html") {
      // a long report: the overview repeated until the page nears 5 MiB
      const filler = `<p>${report.overview.subsections[0]!.paragraphs[0]}</p>\n`;
      const room = LIMIT - new TextEncoder().encode(rendered.html).byteLength - 1024;
      bytes = new TextEncoder().encode(rendered.html.replace('<section id="section-2">', `${filler.repeat(Math.floor(room / new TextEncoder().encode(filler).byteLength))}<section id="section-2">`));
    } else {
      const printed = await PDFDocument.load(rendered.pdf);
      const png = new PNG({ width: 1100, height: 1100 });
      png.data.set(noise(png.data.length));
      const image = await printed.embedPng(PNG.sync.write(png, { deflateLevel: 0 }));
      const pages = printed.getPages();
      pages[pages.length - 1]!.drawImage(image, { x: 380, y: 80, width: 120, height: 120 });
      bytes = await printed.save();
    }
  }
  await writeFile(file, bytes);
}
