/**
 * Table 四 (政府信息公开行政复议、行政诉讼情况): one row of fifteen numbers under three header rows.
 * The numbers are read in the official order (行政复议, 未经复议直接起诉, 复议后起诉 × 结果维持 … 总计),
 * and the header above each is checked against it, so a table whose header is drawn unevenly (a blank
 * cell in the top row, as WPS leaves it) still reads, while a reordered one is noted.
 */
import { EDITIONS } from "../../report/editions/index.js";
import { labelKey } from "../text.js";
import type { CellWriter, Json } from "./cells.js";
import { cellAt, type RowCell, type TableRow } from "./rows.js";
import { readCount } from "./values.js";

const TABLE = EDITIONS["2021"].reviewLitigation;
const OUTCOME_KEYS = TABLE.outcomes.map((o) => labelKey(o.label));
const WIDTH = TABLE.groups.length * TABLE.outcomes.length;

export interface ReviewReading {
  readonly values?: readonly RowCell[];
  /** the outcome label printed above each value, where one was found */
  readonly labels: readonly (string | undefined)[];
  readonly row?: TableRow;
}

/** A row of figures — or of blank cells, as in an unfilled template, fifteen of them. */
function isValueRow(row: TableRow): boolean {
  const filled = row.cells.filter((c) => c.key !== "");
  if (filled.length === 0) return row.cells.length === WIDTH;
  return filled.every((c) => readCount(c.text).kind !== "unreadable");
}

export function readReview(rows: readonly TableRow[]): ReviewReading {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!isValueRow(row)) continue;
    const above = rows.slice(0, i).filter((r) => r.table === row.table);
    if (!above.some((r) => r.cells.some((c) => OUTCOME_KEYS.includes(c.key)))) continue;
    // a label column on the left (「件数」) is not a value
    const values = row.cells.filter((c) => !(c.col === 0 && row.cells.length > WIDTH && readCount(c.text).kind === "unreadable"));
    const header = above[above.length - 1]!;
    const labels = values.map((v) => {
      const cell = cellAt(header, v.col);
      return cell && OUTCOME_KEYS.includes(cell.key) ? cell.key : undefined;
    });
    return { values: values.length > WIDTH ? values.slice(-WIDTH) : values, labels: labels.slice(-WIDTH), row };
  }
  return { labels: [] };
}

export function buildReview(reading: ReviewReading, writer: CellWriter): Json {
  const out: Json = {};
  const values = reading.values;
  if (!values || values.length !== WIDTH) {
    if (values) writer.note(["reviewLitigation"], `数据行有 ${values.length} 个单元格，应为 ${WIDTH} 个，未读取`, 0);
    else writer.note(["reviewLitigation"], "文档中没有找到这张表的数据行", 0);
    return out;
  }
  const misplaced = reading.labels.some((label, i) => label !== undefined && label !== OUTCOME_KEYS[i % OUTCOME_KEYS.length]);
  if (misplaced) writer.note(["reviewLitigation"], "表头的列名与官方格式的顺序不一致，按官方顺序读取", 0.5);
  TABLE.groups.forEach((group, g) => {
    const outcome: Json = {};
    TABLE.outcomes.forEach((o, k) => writer.count(outcome, ["reviewLitigation", group.key, o.key], values[g * TABLE.outcomes.length + k]!.text));
    out[group.key] = outcome;
  });
  return out;
}
