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
  let bytes: Uint8Array;
  if (format === "html" || format === "pdf") {
    // a long report: the overview repeated until the printed document nears 5 MiB
    const renderer = new ReportRenderer();
    if (format === "html") {
      const page = (await renderer.render(report)).html;
      const filler = `<p>${report.overview.subsections[0]!.paragraphs[0]}</p>\n`;
      const room = LIMIT - new TextEncoder().encode(page).byteLength - 1024;
      bytes = new TextEncoder().encode(page.replace("<section id=\"section-2\">", `${filler.repeat(Math.floor(room / new TextEncoder().encode(filler).byteLength))}<section id="section-2">`));
    } else {
      const long = structuredClone(report) as typeof report;
      const paragraph = report.overview.subsections[0]!.paragraphs[0]!;
      long.overview = { ...long.overview, paragraphs: Array.from({ length: 190 }, () => paragraph) };
      long.problems = Array.from({ length: 190 }, () => paragraph);
      bytes = (await renderer.render(long)).pdf;
    }
    await renderer.close();
  } else {
    // the filled-in template, with a large picture (a scanned seal, as clerks paste) to reach 5 MiB
    const docx = await fillTemplate(report);
    const { default: yauzl } = await import("yauzl");
    const entries: { name: string; data: Uint8Array }[] = [];
    await new Promise<void>((resolve, reject) =>
      yauzl.fromBuffer(Buffer.from(docx), { lazyEntries: true }, (error, file) => {
        if (error || !file) return reject(error);
        file.on("entry", (entry: import("yauzl").Entry) =>
          file.openReadStream(entry, async (e, stream) => {
            if (e) return reject(e);
            const chunks: Buffer[] = [];
            for await (const c of stream) chunks.push(c as Buffer);
            entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
            file.readEntry();
          }),
        );
        file.on("end", () => resolve());
        file.readEntry();
      }),
    );
    const noise = new Uint8Array(LIMIT - docx.byteLength - 64 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    entries.push({ name: "word/media/seal.png", data: noise });
    bytes = zip(entries);
  }
  await writeFile(file, bytes);
}

