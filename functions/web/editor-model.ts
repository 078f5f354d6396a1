/**
 * The editor's report: a blank one for an edition (every figure 0, the text empty), the figures an
 * imported report lacks filled in so every cell has an input, and the report the editor's form
 * describes. Form fields are named by kind and JSON pointer — `n:/applications/received/natural` (a
 * figure), `t:/title` (a line of text), `o:/publishedAt` (text left out when empty), `p:/preamble` (paragraphs, one per line) — and the console's
 * script builds the same report in the browser from the same names (templates/web/console.js).
 */
import { parsePointer } from "../report/diagnostics.js";
import { applicationLeaves, EDITIONS, isEditionId, type Edition, type EditionId } from "../report/editions/index.js";

type Json = Record<string, unknown>;

function setAt(root: Json, path: string, value: unknown): void {
  const tokens = parsePointer(path);
  let node: Json = root;
  for (const [i, token] of tokens.entries()) {
    if (i === tokens.length - 1) {
      if (value === undefined) delete node[token];
      else node[token] = value;
      return;
    }
    const next = node[token];
    if (next === null || typeof next !== "object") node[token] = /^\d+$/.test(tokens[i + 1]!) ? [] : {};
    node = node[token] as Json;
  }
}

function getAt(root: unknown, path: string): unknown {
  let node = root;
  for (const token of parsePointer(path)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Json)[token];
  }
  return node;
}

/** Every figure's pointer and kind in an edition's three tables. */
export function figurePaths(edition: Edition): { path: string; kind: "count" | "signedCount" | "amount" }[] {
  const paths: { path: string; kind: "count" | "signedCount" | "amount" }[] = [];
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) for (const field of group.fields) paths.push({ path: `/proactive/${row.key}/${field.key}`, kind: field.kind });
  }
  for (const leaf of applicationLeaves(edition.applications)) {
    for (const column of edition.applications.columns) paths.push({ path: `/applications/${leaf.path.join("/")}/${column.key}`, kind: "count" });
  }
  for (const group of edition.reviewLitigation.groups) {
    for (const outcome of edition.reviewLitigation.outcomes) paths.push({ path: `/reviewLitigation/${group.key}/${outcome.key}`, kind: "count" });
  }
  return paths;
}

/** A report with every figure present (0 where it was missing) and every text part in place. */
export function completeReport(input: unknown, fallbackEdition: EditionId = "2021", year = new Date().getFullYear() - 1): Json {
  const report: Json = input !== null && typeof input === "object" ? structuredClone(input as Json) : {};
  const edition = EDITIONS[isEditionId(report.edition) ? report.edition : fallbackEdition];
  report.schemaVersion ??= 1;
  report.edition = edition.id;
  if (typeof report.year !== "number") report.year = year;
  if (typeof report.agency !== "object" || report.agency === null) report.agency = { name: "" };
  report.title ??= "";
  report.preamble ??= [];
  report.overview ??= { paragraphs: [], subsections: [] };
  report.problems ??= [];
  report.otherMatters ??= [];
  report.closing ??= { signatory: "", date: "" };
  for (const { path, kind } of figurePaths(edition)) {
    const value = getAt(report, path);
    if (typeof value !== "number" && typeof value !== "string") setAt(report, path, kind === "amount" ? "0" : 0);
  }
  for (const group of edition.proactive.groups) {
    for (const field of group.fields) {
      if (!field.unit) continue;
      for (const row of group.rows) if (getAt(report, `/proactive/${row.key}/${field.unit.key}`) === undefined) setAt(report, `/proactive/${row.key}/${field.unit.key}`, field.unit.values[0]);
    }
  }
  return report;
}

/** The report a submitted editor form describes: the base report with every field written in. */
export function reportFromForm(form: Readonly<Record<string, unknown>>): Json {
  let base: Json = {};
  try {
    base = JSON.parse(typeof form.base === "string" ? form.base : "{}") as Json;
  } catch {
    base = {};
  }
  const report = completeReport(base);
  for (const [name, raw] of Object.entries(form)) {
    if (typeof raw !== "string") continue;
    const match = /^([ntop]):(\/.*)$/.exec(name);
    if (!match) continue;
    const [, kind, path] = match;
    if (kind === "n") {
      const text = raw.trim();
      // a figure that is not a whole number goes in as typed: the validator names it at its cell
      setAt(report, path!, /^-?\d+$/.test(text) ? Number(text) : text);
    } else if (kind === "t") {
      setAt(report, path!, raw.trim());
    } else if (kind === "o") {
      setAt(report, path!, raw.trim() || undefined);
    } else {
      setAt(report, path!, raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean));
    }
  }
  return report;
}
