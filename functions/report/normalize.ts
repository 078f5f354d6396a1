/**
 * Normalisation: the form in which a report is stored and rendered.
 *
 * Absent totals are computed, amounts become the decimal strings they will be printed as, the default
 * title and schema version are filled in, and every object's keys come in one canonical order (the
 * edition's), so that two submissions of the same report normalise to the same bytes whatever their
 * key order — which is what makes publishing idempotent.
 *
 * Input must already satisfy the schema. Prose arrays are shared with the input, not copied.
 */
import { EDITIONS, type ApplicationRowNode, type Edition } from "./editions/index.js";
import type { NormalizedReport, Report } from "./schema/index.js";

type Cells = Record<string, number>;
type Json = Record<string, unknown>;

/** Adds a row's columns (every column but the total). */
export function sumColumns(edition: Edition, row: Cells): number {
  let sum = 0;
  for (const column of edition.applications.columns) if (!column.isTotal) sum += row[column.key] ?? 0;
  return sum;
}

function normalizeApplicantRow(edition: Edition, row: Cells): Cells {
  const out: Cells = {};
  for (const column of edition.applications.columns) {
    out[column.key] = column.isTotal ? (row[column.key] ?? sumColumns(edition, row)) : row[column.key]!;
  }
  return out;
}

/** Adds up rows column by column (（七）总计 from the rows above it). */
function addRows(edition: Edition, rows: readonly Cells[]): Cells {
  const out: Cells = {};
  for (const column of edition.applications.columns) {
    let sum = 0;
    for (const row of rows) sum += row[column.key]!;
    out[column.key] = sum;
  }
  return out;
}

function normalizeApplicationNode(edition: Edition, node: ApplicationRowNode, value: Json): Json {
  if (!node.children) return normalizeApplicantRow(edition, value as Cells);
  const out: Json = {};
  const items: Cells[] = [];
  for (const child of node.children) {
    if (child.isTotal) continue;
    const normalized = normalizeApplicationNode(edition, child, value[child.key] as Json);
    out[child.key] = normalized;
    collectRows(child, normalized, items);
  }
  const total = node.children.find((c) => c.isTotal);
  if (total) {
    const given = value[total.key] as Cells | undefined;
    out[total.key] = given ? normalizeApplicantRow(edition, given) : addRows(edition, items);
  }
  return out;
}

function collectRows(node: ApplicationRowNode, value: Json, into: Cells[]): void {
  if (!node.children) {
    into.push(value as Cells);
    return;
  }
  for (const child of node.children) collectRows(child, value[child.key] as Json, into);
}

function normalizeOutcome(edition: Edition, outcome: Cells): Cells {
  const out: Cells = {};
  let sum = 0;
  for (const column of edition.reviewLitigation.outcomes) {
    if (column.isTotal) out[column.key] = outcome[column.key] ?? sum;
    else sum += out[column.key] = outcome[column.key]!;
  }
  return out;
}

/** The decimal string an amount is printed as: a string stays exactly as given. */
export function amountString(value: string | number): string {
  return typeof value === "string" ? value : String(value);
}

function normalizeProactive(edition: Edition, proactive: Json): Json {
  const out: Json = {};
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      const given = proactive[row.key] as Json;
      const values: Json = {};
      for (const field of group.fields) {
        values[field.key] = field.kind === "amount" ? amountString(given[field.key] as string | number) : given[field.key];
        if (field.unit && given[field.unit.key] !== undefined) values[field.unit.key] = given[field.unit.key];
      }
      out[row.key] = values;
    }
  }
  return out;
}

/** Copies the listed keys that are present, in the listed order. */
function pick(value: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

export function defaultTitle(edition: Edition, agencyName: string, year: number): string {
  return `${agencyName}${year}${edition.titleSuffix}`;
}

type SectionBody = Report["overview"];

function normalizeSectionBody(body: SectionBody): SectionBody {
  return { paragraphs: body.paragraphs, subsections: body.subsections.map((s) => ({ heading: s.heading, paragraphs: s.paragraphs })) };
}

/** 五 and 六 keep the form they were written in: a list of paragraphs, or paragraphs with sub-sections. */
function normalizeSectionText(text: Report["problems"]): Report["problems"] {
  return Array.isArray(text) ? text : normalizeSectionBody(text);
}

export function normalizeReport(report: Report): NormalizedReport {
  const edition = EDITIONS[report.edition];
  const input = report as unknown as Json;
  const agency = pick(report.agency as unknown as Json, ["name", "code", "level"]);
  const overview = normalizeSectionBody(report.overview);
  const applicationsRoot: ApplicationRowNode = { key: "applications", label: "", children: edition.applications.rows };
  const reviewLitigation: Json = {};
  for (const group of edition.reviewLitigation.groups) {
    reviewLitigation[group.key] = normalizeOutcome(edition, (report.reviewLitigation as unknown as Json)[group.key] as Cells);
  }
  const normalized: Json = {
    schemaVersion: 1,
    edition: report.edition,
    year: report.year,
    agency,
    title: report.title ?? defaultTitle(edition, report.agency.name, report.year),
    ...pick(input, ["publishedAt"]),
    preamble: report.preamble,
    overview,
    ...(report.sectionIntros ? { sectionIntros: pick(report.sectionIntros as unknown as Json, ["proactive", "applications", "reviewLitigation"]) } : {}),
    proactive: normalizeProactive(edition, input.proactive as Json),
    applications: normalizeApplicationNode(edition, applicationsRoot, input.applications as Json),
    reviewLitigation,
    problems: normalizeSectionText(report.problems),
    otherMatters: normalizeSectionText(report.otherMatters),
    ...(report.closing ? { closing: pick(report.closing as unknown as Json, ["signatory", "date"]) } : {}),
  };
  return normalized as unknown as NormalizedReport;
}
