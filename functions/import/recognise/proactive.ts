/**
 * Table 二 (主动公开政府信息情况): groups by their 第二十条 heading, header rows by 信息内容, data rows
 * by their labels — all from the edition definitions. The header's labels tell the edition (本年制发件数
 * is 2021, 本年新制作数量 2019); a 2019 row label under 2021 headers (规范性文件) is read all the same.
 */
import { EDITIONS, EDITION_IDS, type EditionId, type ProactiveField, type ProactiveGroup } from "../../report/editions/index.js";
import { labelKey, similarity } from "../text.js";
import type { CellWriter, Json } from "./cells.js";
import { cellAt, isBlankRow, type RowCell, type TableRow } from "./rows.js";
import { headerUnit, yuanToWanyuan } from "./values.js";

interface RowReading {
  readonly row: TableRow;
  readonly label: RowCell;
  /** the cells after the label */
  readonly values: readonly RowCell[];
  /** the header row read above it in the same table, if any */
  readonly header?: readonly RowCell[];
}

export interface ProactiveReading {
  readonly rows: ReadonlyMap<string, RowReading>;
  readonly evidence: Record<EditionId, number>;
  /** labels seen that are not in either edition's table */
  readonly unknown: readonly string[];
}

/** Row label key → row key, both editions (规范性文件 and 行政规范性文件 both mean normativeDocuments). */
const ROW_KEYS = new Map<string, { key: string; editions: EditionId[] }>();
const HEADER_EDITIONS = new Map<string, Set<EditionId>>();
for (const id of EDITION_IDS) {
  for (const group of EDITIONS[id].proactive.groups) {
    for (const row of group.rows) {
      const entry = ROW_KEYS.get(labelKey(row.label)) ?? { key: row.key, editions: [] };
      entry.editions.push(id);
      ROW_KEYS.set(labelKey(row.label), entry);
    }
    for (const field of group.fields) {
      const set = HEADER_EDITIONS.get(labelKey(field.label)) ?? new Set();
      set.add(id);
      HEADER_EDITIONS.set(labelKey(field.label), set);
    }
  }
}

const GROUP_HEADING = /^第二十条第\([一二三四五六七八九十]{1,2}\)项$/;
const CONTENT_LABEL = labelKey(EDITIONS["2021"].proactive.groups[0]!.contentLabel);

function rowKeyOf(key: string): { key: string; editions: EditionId[]; exact: boolean } | undefined {
  const exact = ROW_KEYS.get(key);
  if (exact) return { ...exact, exact: true };
  let best: { key: string; editions: EditionId[]; score: number } | undefined;
  for (const [label, entry] of ROW_KEYS) {
    const score = similarity(label, key);
    if (score >= 0.75 && (!best || score > best.score)) best = { ...entry, score };
  }
  return best ? { key: best.key, editions: best.editions, exact: false } : undefined;
}

export function readProactive(rows: readonly TableRow[]): ProactiveReading {
  const readings = new Map<string, RowReading>();
  const evidence: Record<EditionId, number> = { "2019": 0, "2021": 0 };
  const unknown: string[] = [];
  let header: { table: TableRow["table"]; cells: readonly RowCell[] } | undefined;
  for (const row of rows) {
    if (isBlankRow(row)) continue;
    const first = row.cells.find((c) => c.key !== "")!;
    if (GROUP_HEADING.test(first.key)) {
      header = undefined;
      if (first.key.includes("(九)")) evidence["2019"] += 2;
      continue;
    }
    if (first.key === CONTENT_LABEL) {
      const cells = row.cells.slice(row.cells.indexOf(first) + 1);
      header = { table: row.table, cells };
      for (const cell of cells) for (const id of HEADER_EDITIONS.get(cell.key) ?? []) evidence[id] += HEADER_EDITIONS.get(cell.key)!.size === 1 ? 1 : 0;
      continue;
    }
    const match = rowKeyOf(first.key);
    if (!match) {
      unknown.push(first.text);
      continue;
    }
    if (match.editions.length === 1 && (match.key === "otherServices" || match.key === "procurement")) evidence["2019"] += 2;
    if (readings.has(match.key)) continue;
    readings.set(match.key, {
      row,
      label: first,
      values: row.cells.slice(row.cells.indexOf(first) + 1),
      ...(header && header.table === row.table ? { header: header.cells } : {}),
    });
  }
  return { rows: readings, evidence, unknown };
}

/** The cells that hold a row's fields: one per field when the row says so plainly, else by the header's columns. */
function fieldCells(reading: RowReading, fields: readonly ProactiveField[]): (RowCell | undefined)[] {
  const { values, header, row } = reading;
  if (values.length === fields.length) return [...values];
  if (header && header.length === fields.length) return header.map((h) => cellAt(row, h.col));
  // the official layout: the label column, then the fields side by side by their colspans
  let col = reading.label.col + reading.label.width;
  return fields.map((field) => {
    const cell = cellAt(row, col);
    col += field.colspan ?? 1;
    return cell;
  });
}

function headerFor(reading: RowReading, fields: readonly ProactiveField[], index: number): string | undefined {
  if (!reading.header) return undefined;
  if (reading.header.length === fields.length) return reading.header[index]?.text;
  return reading.header.find((h) => labelKey(h.text).startsWith(labelKey(fields[index]!.label).slice(0, 4)))?.text;
}

export function buildProactive(reading: ProactiveReading, writer: CellWriter): Json {
  const out: Json = {};
  const edition = writer.edition;
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      const path = ["proactive", row.key];
      const found = reading.rows.get(row.key);
      if (!found) {
        writer.note(path, "文档中没有找到这一行", 0);
        continue;
      }
      if (labelKey(found.label.text) !== labelKey(row.label)) {
        writer.note(path, `按「${row.label}」读取了印作「${found.label.text}」的行`, 0.9);
      }
      out[row.key] = buildRow(group, found, [...path], writer);
    }
  }
  return out;
}

function buildRow(group: ProactiveGroup, reading: RowReading, path: string[], writer: CellWriter): Json {
  const values: Json = {};
  const cells = fieldCells(reading, group.fields);
  group.fields.forEach((field, i) => {
    const fieldPath = [...path, field.key];
    const text = cells[i]?.text;
    if (field.kind !== "amount") {
      writer.count(values, fieldPath, text, field.kind === "signedCount");
      return;
    }
    const amount = writer.amount(values, fieldPath, text);
    if (!amount) return;
    const unit = (amount.kind === "value" ? amount.unit : undefined) ?? headerUnit(headerFor(reading, group.fields, i) ?? "");
    if (field.unit) {
      writer.put(values, fieldPath, amount);
      if (unit && field.unit.values.includes(unit)) values[field.unit.key] = unit;
      return;
    }
    // 2021's 收费金额 is in 万元: an amount printed in 元 is converted, and said so
    if (amount.kind === "value" && unit === "元") {
      const converted = yuanToWanyuan(String(amount.value));
      writer.put(values, fieldPath, { kind: "value", value: converted });
      writer.note(fieldPath, `印的是 ${String(amount.value)} 元，换算为 ${converted} 万元`, 0.8);
      return;
    }
    writer.put(values, fieldPath, amount);
  });
  return values;
}
