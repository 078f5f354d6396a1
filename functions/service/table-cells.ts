/**
 * A report's statistical tables (二, 三, 四) as cells named the way they are printed: the table's
 * title, the row's labels (outer groups first, joined with ／) and the column's label, all taken from
 * the edition's description (report/editions), never typed here.
 */
import { applicationLeaves, EDITIONS, isEditionId, type Edition } from "../report/editions/index.js";
import { at } from "../report/editions/index.js";
import type { NormalizedReport } from "../report/index.js";

export type TableKey = "proactive" | "applications" | "reviewLitigation";
export const TABLE_KEYS: readonly TableKey[] = ["proactive", "applications", "reviewLitigation"];

export interface TableCell {
  readonly table: TableKey;
  readonly row: string;
  readonly column: string;
  /** a count, or an amount as the decimal string it prints as, or a unit's text */
  readonly value: number | string;
  /** where the value is in the report JSON, below the table's key */
  readonly path: readonly string[];
}

export const SEPARATOR = "／";

/** "二、主动公开政府信息情况": the table's section title as printed. */
export function tableTitle(edition: Edition, table: TableKey): string {
  return edition.sections.find((s) => s.key === table)!.title;
}

export function editionOf(report: NormalizedReport): Edition {
  const id = (report as { edition: string }).edition;
  if (!isEditionId(id)) throw new Error(`unknown edition ${id}`);
  return EDITIONS[id];
}

/** Every cell of the three tables, in print order. */
export function tableCells(report: NormalizedReport): TableCell[] {
  const edition = editionOf(report);
  const cells: TableCell[] = [];
  const push = (table: TableKey, row: string, column: string, path: readonly string[]) => {
    const value = at((report as unknown as Record<string, unknown>)[table], path);
    if (typeof value === "number" || typeof value === "string") cells.push({ table, row, column, value, path });
  };
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      for (const field of group.fields) {
        push("proactive", `${group.heading}${SEPARATOR}${row.label}`, field.label, [row.key, field.key]);
        if (field.unit) push("proactive", `${group.heading}${SEPARATOR}${row.label}`, `${field.label}（单位）`, [row.key, field.unit.key]);
      }
    }
  }
  for (const leaf of applicationLeaves(edition.applications)) {
    for (const column of edition.applications.columns) {
      push("applications", leaf.labels.join(SEPARATOR), column.group ? `${column.group}${SEPARATOR}${column.label}` : column.label, [...leaf.path, column.key]);
    }
  }
  for (const group of edition.reviewLitigation.groups) {
    for (const outcome of edition.reviewLitigation.outcomes) {
      push("reviewLitigation", group.label ? `${group.heading}${SEPARATOR}${group.label}` : group.heading, outcome.label, [group.key, outcome.key]);
    }
  }
  return cells;
}
