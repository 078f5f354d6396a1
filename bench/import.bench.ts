/**
 * Import: cells read correctly per format on our own fixtures, time per document (p50) per format,
 * peak memory importing a 5 MiB document, and how fast each hostile class is refused.
 *   npm run bench:import
 * Prints tables and writes bench/results/import.json. Figures taken on a shared machine are noisy.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PDFDocument } from "pdf-lib";
import { importDocument, ImportError, type DocumentFormat } from "../functions/import/index.js";
import { ReportRenderer } from "../functions/render/renderer.js";
import { applicationLeaves, at, EDITIONS } from "../functions/report/editions/index.js";
import { normalizeReport, validateReport, type NormalizedReport } from "../functions/report/index.js";
import { layoutCorpus } from "../test/corpus/index.js";
import { fillTemplate } from "../test/helpers/fill-docx.js";
import { docxWith, W } from "../test/helpers/zip.js";

type Json = Record<string, unknown>;

/** Every table cell of a report: table 二's fields, table 三's rows × columns, table 四's outcomes. */
function cells(report: NormalizedReport): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const edition = EDITIONS[report.edition];
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) for (const field of group.fields) out.set(`proactive/${row.key}/${field.key}`, at(report.proactive, [row.key, field.key]));
  }
  for (const leaf of applicationLeaves(edition.applications)) {
    for (const column of edition.applications.columns) out.set(`applications/${leaf.path.join("/")}/${column.key}`, at(report.applications, [...leaf.path, column.key]));
  }
  for (const group of edition.reviewLitigation.groups) {
    for (const o of edition.reviewLitigation.outcomes) out.set(`reviewLitigation/${group.key}/${o.key}`, at(report.reviewLitigation, [group.key, o.key]));
  }
  return out;
}

function agreeing(expected: NormalizedReport, report: Json): { correct: number; total: number } {
  const want = cells(expected);
  let got: Map<string, unknown>;
  try {
    got = cells(normalizeReport(report as never));
  } catch {
    got = new Map();
  }
  let correct = 0;
  for (const [key, value] of want) if (JSON.stringify(got.get(key)) === JSON.stringify(value)) correct++;
  return { correct, total: want.size };
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.floor(sorted.length / 2)]!.toFixed(1));
}

const renderer = new ReportRenderer();
const fixtures: { name: string; report: NormalizedReport }[] = [
  { name: "yunxi-county-2024", report: normalizeReport(JSON.parse(await readFile(new URL("../examples/yunxi-county-2024.json", import.meta.url), "utf8"))) },
  { name: "raohe-xiaojiahe-2023", report: normalizeReport(JSON.parse(await readFile(new URL("../examples/raohe-xiaojiahe-2023.json", import.meta.url), "utf8"))) },
  ...layoutCorpus({ limit: 40 }).map((c) => ({ name: c.name, report: validateReport(c.report).normalized! })),
];
const documents: { name: string; format: DocumentFormat; bytes: Uint8Array; expected: NormalizedReport }[] = [];
for (const { name, report } of fixtures) {
  const rendered = await renderer.render(report);
  documents.push({ name, format: "pdf", bytes: rendered.pdf, expected: report });
  documents.push({ name, format: "html", bytes: new TextEncoder().encode(rendered.html), expected: report });
  documents.push({ name, format: "docx", bytes: await fillTemplate(report, "clerk"), expected: report });
}
await renderer.close();
const hongzeExpected = JSON.parse(await readFile(new URL("../test/import/fixtures/hongze-qu-2024.expected.json", import.meta.url), "utf8"));
documents.push({ name: "hongze-qu-2024 (WPS)", format: "pdf", bytes: new Uint8Array(await readFile(new URL("../test/import/fixtures/hongze-qu-2024.pdf", import.meta.url))), expected: normalizeReport(hongzeExpected) });

const perFormat = new Map<string, { correct: number; total: number; ms: number[]; documents: number }>();
for (const doc of documents) {
  const key = doc.name.startsWith("hongze") ? "pdf (WPS sample)" : doc.format;
  const entry = perFormat.get(key) ?? { correct: 0, total: 0, ms: [], documents: 0 };
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const result = await importDocument(doc.bytes, doc.format);
    entry.ms.push(performance.now() - started);
    if (i === 0) {
      const { correct, total } = agreeing(doc.expected, result.report);
      entry.correct += correct;
      entry.total += total;
    }
  }
  entry.documents++;
  perFormat.set(key, entry);
}
const accuracy = [...perFormat.entries()].map(([format, e]) => ({
  format,
  documents: e.documents,
  cellsCorrect: e.correct,
  cells: e.total,
  share: `${((100 * e.correct) / e.total).toFixed(2)} %`,
  p50Ms: p50(e.ms),
}));
console.table(accuracy);

// peak memory: a child process imports one 5 MiB document of each format and reports its peak RSS
const here = fileURLToPath(new URL(".", import.meta.url));
const memory: Json[] = [];
const scratch = await mkdtemp(join(tmpdir(), "nianbao-import-bench-"));
for (const format of ["html", "pdf", "docx"] as const) {
  const file = join(scratch, `large.${format}`);
  for (const mode of ["make", "measure"]) {
    const run = spawnSync(process.execPath, ["--import", "tsx", `${here}import-memory.ts`, mode, format, file], { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) });
    if (run.status !== 0) throw new Error(run.stderr);
    if (mode === "measure") memory.push(JSON.parse(run.stdout.trim().split("\n").pop()!));
  }
}
await rm(scratch, { recursive: true, force: true });
console.table(memory);

// hostile documents: how long until each is refused
const encode = (text: string) => new TextEncoder().encode(text);
const bombPart = new Uint8Array(64 * 1024 * 1024).fill(0x20);
const pages = await PDFDocument.create();
for (let i = 0; i < 2000; i++) pages.addPage([100, 100]);
const hostile: [string, DocumentFormat, Uint8Array][] = [
  ["zip bomb (64 MiB part)", "docx", docxWith(bombPart)],
  ["XXE / DOCTYPE", "docx", docxWith(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ${W}><w:body/></w:document>`)],
  ["XML nested 5000 deep", "docx", docxWith(`<w:document ${W}><w:body>${"<w:tbl><w:tr><w:tc>".repeat(5000)}${"</w:tc></w:tr></w:tbl>".repeat(5000)}</w:body></w:document>`)],
  ["HTML nested 100 000 deep", "html", encode(`<html><body>${"<div>".repeat(100_000)}x</body></html>`)],
  ["HTML table of 6000 rows", "html", encode(`<table>${"<tr><td>1</td><td>2</td></tr>".repeat(6000)}</table>`)],
  ["PDF of 2000 pages", "pdf", await pages.save()],
];
const refusals: Json[] = [];
for (const [name, format, bytes] of hostile) {
  const started = performance.now();
  let code = "accepted";
  try {
    await importDocument(bytes, format);
  } catch (error) {
    code = error instanceof ImportError ? `${error.status} ${error.code}` : String(error);
  }
  refusals.push({ document: name, bytes: bytes.byteLength, refusedAs: code, ms: Math.round(performance.now() - started) });
}
console.table(refusals);

await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(
  new URL("./results/import.json", import.meta.url),
  `${JSON.stringify({ machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, accuracy, memory, refusals }, null, 2)}\n`,
);
