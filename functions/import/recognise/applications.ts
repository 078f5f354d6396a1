/**
 * Table 三 (收到和处理政府信息公开申请情况): the seven data columns found by their header labels, the
 * rows by their own labels (the innermost label cell of each row), matched in print order against the
 * rows of both editions. A label printed short or garbled (「2.其他法律行政止公开」) is matched by how
 * much of it agrees, within its group, and noted.
 */
import {
  applicationLeaves,
  EDITIONS,
  EDITION_IDS,
  type ApplicationLeaf,
  type EditionId,
} from "../../report/editions/index.js";
import { labelKey, similarity } from "../text.js";
import type { CellWriter, Json } from "./cells.js";
import { cellAt, isBlankRow, type RowCell, type TableRow } from "./rows.js";

interface Candidate {
  readonly path: readonly string[];
  readonly labels: readonly string[];
  readonly keys: readonly string[];
  readonly editions: readonly EditionId[];
}

/** Every data row of both editions, and 2019's single （六）其他处理 row. */
const CANDIDATES: readonly Candidate[] = (() => {
  const byPath = new Map<string, Candidate>();
  for (const id of EDITION_IDS) {
    for (const leaf of applicationLeaves(EDITIONS[id].applications)) {
      const name = leaf.path.join("/");
      const existing = byPath.get(name);
      if (existing) byPath.set(name, { ...existing, editions: [...existing.editions, id] });
      else byPath.set(name, { path: leaf.path, labels: leaf.labels, keys: leaf.labels.map(labelKey), editions: [id] });
    }
  }
  return [...byPath.values()];
})();

const COLUMN_KEYS = EDITIONS["2021"].applications.columns.map((c) => ({ key: c.key, label: labelKey(c.label) }));
const HEADER_WORDS = new Set([
  labelKey(EDITIONS["2021"].applications.applicantHeading),
  labelKey(EDITIONS["2021"].applications.cornerNote),
  ...EDITIONS["2021"].applications.columns.map((c) => labelKey(c.label)),
  ...EDITIONS["2021"].applications.columns.flatMap((c) => (c.group ? [labelKey(c.group)] : [])),
]);

interface LeafReading {
  readonly row: TableRow;
  readonly printed: string;
  readonly score: number;
  /** data column key → cell */
  readonly cells: ReadonlyMap<string, RowCell | undefined>;
}

export interface ApplicationsReading {
  readonly leaves: ReadonlyMap<string, LeafReading>;
  readonly evidence: Record<EditionId, number>;
  readonly unknown: readonly string[];
}

function isHeaderRow(row: TableRow): boolean {
  return row.cells.some((c) => HEADER_WORDS.has(c.key) || c.key.startsWith("(本列数据"));
}

/** Where each data column is in this table, from its header: 自然人 … 总计. */
function dataColumns(rows: readonly TableRow[]): Map<string, number> | undefined {
  const found = new Map<string, number>();
  for (const row of rows) {
    if (!isHeaderRow(row)) continue;
    for (const cell of row.cells) {
      const column = COLUMN_KEYS.find((c) => c.label === cell.key);
      if (column && !found.has(column.key)) found.set(column.key, cell.col);
    }
  }
  return found.size === COLUMN_KEYS.length ? found : undefined;
}

/** The seven data columns by position: the last seven cells of the row. */
function trailingColumns(row: TableRow): Map<string, number> {
  const cells = row.cells.slice(-COLUMN_KEYS.length);
  return new Map(COLUMN_KEYS.map((c, i) => [c.key, cells[i]?.col ?? -1]));
}

function bestCandidate(labels: readonly string[], lastIndex: number): { candidate: Candidate; score: number } | undefined {
  const own = labelKey(labels[labels.length - 1] ?? "");
  const group = labels.length > 1 ? labelKey(labels[labels.length - 2]!) : "";
  let best: { candidate: Candidate; score: number; index: number } | undefined;
  CANDIDATES.forEach((candidate, index) => {
    const ownKey = candidate.keys[candidate.keys.length - 1]!;
    let score = similarity(own, ownKey);
    // a numbered item (「1.」) only belongs to the group printed beside it
    const parent = candidate.keys.length > 1 ? candidate.keys[candidate.keys.length - 2]! : "";
    if (/^\d\./.test(ownKey) && group && parent && !group.startsWith(parent.slice(0, 3)) && similarity(group, parent) < 0.6) score -= 0.3;
    if (/^\d\./.test(ownKey) && own.slice(0, 2) !== ownKey.slice(0, 2)) score -= 0.2;
    // print order breaks ties between look-alikes
    if (index > lastIndex) score += 0.01;
    if (!best || score > best.score) best = { candidate, score, index };
  });
  return best && best.score >= 0.6 ? { candidate: best.candidate, score: Math.min(1, best.score) } : undefined;
}

export function readApplications(rows: readonly TableRow[]): ApplicationsReading {
  const leaves = new Map<string, LeafReading>();
  const evidence: Record<EditionId, number> = { "2019": 0, "2021": 0 };
  const unknown: string[] = [];
  let columns: Map<string, number> | undefined;
  let columnsTable: TableRow["table"] | undefined;
  let lastIndex = -1;
  for (const row of rows) {
    if (row.table !== columnsTable) {
      const own = dataColumns(rows.filter((r) => r.table === row.table));
      // a continuation without its header keeps the columns of the part before it when it is as wide
      if (own) columns = own;
      else if (!columns || !columnsTable || columnsTable.columns !== row.table.columns) columns = undefined;
      columnsTable = row.table;
    }
    if (isBlankRow(row) || isHeaderRow(row)) continue;
    const cols = columns ?? trailingColumns(row);
    const firstData = Math.min(...cols.values());
    const labels = row.cells.filter((c) => c.col < firstData && c.key !== "" && !/\(续\)$/.test(c.key)).map((c) => c.text);
    if (labels.length === 0) continue;
    const match = bestCandidate(labels, lastIndex);
    if (!match) {
      unknown.push(labels.join("／"));
      continue;
    }
    const name = match.candidate.path.join("/");
    lastIndex = CANDIDATES.indexOf(match.candidate);
    if (match.candidate.editions.length === 1) evidence[match.candidate.editions[0]!] += 1;
    if (leaves.has(name)) continue;
    const cells = new Map<string, RowCell | undefined>();
    for (const [key, col] of cols) cells.set(key, col >= 0 ? cellAt(row, col) : undefined);
    leaves.set(name, { row, printed: labels[labels.length - 1]!, score: match.score, cells });
  }
  return { leaves, evidence, unknown };
}

function setAt(root: Json, path: readonly string[], value: Json): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[path[path.length - 1]!] = value;
}

function sumRows(rows: readonly (RowCell | undefined)[]): string {
  return String(rows.reduce((n, c) => n + (Number(c?.text.replace(/[^\d]/g, "") || 0) || 0), 0));
}

export function buildApplications(reading: ApplicationsReading, writer: CellWriter): Json {
  const out: Json = {};
  const edition = writer.edition;
  const columns = edition.applications.columns;
  const leaves: readonly ApplicationLeaf[] = applicationLeaves(edition.applications);
  for (const leaf of leaves) {
    const path = ["applications", ...leaf.path];
    let found = reading.leaves.get(leaf.path.join("/"));
    let cellsOf = (key: string) => found?.cells.get(key)?.text;
    const single = reading.leaves.get("results/otherHandling");
    if (!found && edition.id === "2021" && single && leaf.path[1] === "otherHandling") {
      // a 2019-style single （六）其他处理 row under the 2021 format: its figures are read as 3.其他
      if (leaf.path[2] === "other") {
        found = single;
        writer.note(path, "表中（六）其他处理只印了一行（2019年版格式），读作「3.其他」", 0.5);
      } else {
        const zeros = columns.every((c) => /^0?$/.test(single.cells.get(c.key)?.text.trim() ?? ""));
        writer.note(path, "表中（六）其他处理只印了一行（2019年版格式），这一行没有印出，读作 0", zeros ? 1 : 0.5);
        setAt(out, leaf.path, Object.fromEntries(columns.map((c) => [c.key, 0])));
        continue;
      }
    }
    if (!found && edition.id === "2019" && leaf.path.join("/") === "results/otherHandling") {
      const parts = ["overdueCorrection", "overdueFee", "other"].map((k) => reading.leaves.get(`results/otherHandling/${k}`));
      if (parts.some(Boolean)) {
        writer.note(path, "表中（六）其他处理分三行印出（2021年版格式），三行相加读作一行", 0.6);
        const sums = new Map(columns.map((c) => [c.key, sumRows(parts.map((p) => p?.cells.get(c.key)))]));
        cellsOf = (key) => sums.get(key);
        found = parts.find(Boolean);
      }
    }
    if (!found) {
      if (!(leaf.isResultsTotal)) writer.note(path, "文档中没有找到这一行", 0);
      continue;
    }
    if (found.score < 0.999 && labelKey(found.printed) !== labelKey(leaf.labels[leaf.labels.length - 1]!)) {
      writer.note(path, `按「${leaf.labels[leaf.labels.length - 1]}」读取了印作「${found.printed}」的行`, Math.round(found.score * 100) / 100);
    }
    const row: Json = {};
    for (const column of columns) writer.count(row, [...path, column.key], cellsOf(column.key));
    setAt(out, leaf.path, row);
  }
  return out;
}
