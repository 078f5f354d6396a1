/**
 * The table export as a file: CSV (UTF-8 with a BOM, so Excel and WPS read the Chinese labels; a
 * header row; one line per report and cell, written as the reports are read) or XLSX (one sheet per
 * table, named by its printed title). Text that a spreadsheet would take for a formula (= + - @ and
 * control characters first) is prefixed with ' in the CSV (OWASP's CSV-injection advice); in the
 * XLSX every text is an inline string cell, never a formula.
 */
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import writeXlsxFile, { type Row } from "write-excel-file/node";
import { EDITIONS } from "../report/editions/index.js";
import type { ReportFilter } from "../store/ports.js";
import { reportsInScope, type ReportFigures } from "./exports.js";
import type { ServiceDeps } from "./ports.js";
import { TABLE_KEYS, tableCells, tableTitle, type TableKey } from "./table-cells.js";

export type ExportFormat = "csv" | "xlsx";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "xlsx"];

export const EXPORT_COLUMNS = ["reportId", "agency", "year", "edition", "version", "table", "row", "column", "value"] as const;

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Text a spreadsheet must not evaluate: prefixed with ' when it could start a formula. */
export function neutralized(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

export interface ExportFile {
  readonly format: ExportFormat;
  readonly contentType: string;
  readonly fileName: string;
  readonly body: Readable;
}

async function* csvRows(figures: AsyncIterable<ReportFigures>): AsyncGenerator<(string | number)[]> {
  for await (const f of figures) {
    const edition = EDITIONS[f.edition as keyof typeof EDITIONS];
    for (const cell of tableCells(f.report)) {
      const value = typeof cell.value === "number" || NUMBER.test(cell.value) ? cell.value : neutralized(cell.value);
      yield [f.reportId, neutralized(f.agency), f.year, f.edition, f.version, tableTitle(edition, cell.table), cell.row, cell.column, value];
    }
  }
}

/** The CSV, produced as it is read: one page of reports in memory at a time. */
function csvFile(figures: AsyncIterable<ReportFigures>): Readable {
  return Readable.from(csvRows(figures)).pipe(stringify({ bom: true, header: true, columns: [...EXPORT_COLUMNS], record_delimiter: "\r\n" }));
}

const HEADER: Row = ["reportId", "agency", "year", "edition", "version", "row", "column", "value"].map((value) => ({ value, fontWeight: "bold" as const }));

/**
 * The XLSX: one sheet per table. The workbook is assembled in memory (the library writes a whole
 * package), as numbers and short strings; an export of thousands of reports fits a function of
 * 1 GB (see the README's measurements).
 */
async function xlsxFile(figures: AsyncIterable<ReportFigures>): Promise<Readable> {
  const sheets = new Map<TableKey, Row[]>(TABLE_KEYS.map((key) => [key, [HEADER]]));
  for await (const f of figures) {
    for (const cell of tableCells(f.report)) {
      const value = typeof cell.value === "number" ? { value: cell.value, type: Number } : NUMBER.test(cell.value) ? { value: Number(cell.value), type: Number } : { value: cell.value, type: String };
      sheets.get(cell.table)!.push([
        { value: f.reportId, type: String },
        { value: f.agency, type: String },
        { value: f.year, type: Number },
        { value: f.edition, type: String },
        { value: f.version, type: Number },
        { value: cell.row, type: String },
        { value: cell.column, type: String },
        value as never,
      ]);
    }
  }
  const edition = EDITIONS["2021"];
  const buffer = await writeXlsxFile(
    TABLE_KEYS.map((key) => ({ data: sheets.get(key)!, sheet: tableTitle(edition, key), stickyRowsCount: 1, columns: [{ width: 28 }, { width: 36 }, { width: 6 }, { width: 8 }, { width: 8 }, { width: 48 }, { width: 24 }, { width: 12 }] })),
  ).toBuffer();
  return Readable.from([buffer]);
}

/** The export of the tables of every report in scope, as a file of the format asked for. */
export async function exportTables(deps: Pick<ServiceDeps, "reports" | "documents" | "now">, input: { filter: ReportFilter; scopes: readonly string[]; format: ExportFormat }): Promise<ExportFile> {
  const figures = reportsInScope(deps, input.filter, input.scopes);
  const stamp = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const parts = [input.filter.year, input.filter.edition && `edition${input.filter.edition}`, input.filter.reportIdPrefix].filter(Boolean).join("-");
  return {
    format: input.format,
    contentType: CONTENT_TYPES[input.format],
    fileName: `nianbao-tables${parts ? `-${parts}` : ""}-${stamp}.${input.format}`,
    body: input.format === "csv" ? csvFile(figures) : await xlsxFile(figures),
  };
}
