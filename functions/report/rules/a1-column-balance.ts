/** A1: per data column of 三, 一 + 二 = 三（七）总计 + 四 — the rule the table prints in its corner. */
import { balanceLeaves, type ApplicationLeaf } from "../editions/index.js";
import { pointer, type Finding } from "../diagnostics.js";
import { tableName } from "../labels.js";
import type { Cells, Rule } from "./rule.js";

export const columnBalance: Rule = {
  code: "A1",
  severity: "error",
  description: "表三每一列：第一项加第二项之和，等于第三项加第四项之和",
  check({ edition, report }) {
    const table = edition.applications;
    const { incoming, outgoing } = balanceLeaves(table);
    // The finding points at the last outgoing row (四、结转下年度继续办理): the one cell the balance determines.
    const balancing = outgoing[outgoing.length - 1]!;
    const name = (leaf: ApplicationLeaf) => leaf.labels.join("");
    const inRows = incoming.map((leaf) => leaf.read(report.applications) as Cells);
    const outRows = outgoing.map((leaf) => leaf.read(report.applications) as Cells);
    const findings: Finding[] = [];
    for (const column of table.columns) {
      let inSum = 0;
      let outSum = 0;
      for (const row of inRows) inSum += row[column.key]!;
      for (const row of outRows) outSum += row[column.key]!;
      if (inSum === outSum) continue;
      const rows = new Map([...incoming.map((l, i) => [l, inRows[i]!] as const), ...outgoing.map((l, i) => [l, outRows[i]!] as const)]);
      const value = (leaf: ApplicationLeaf) => rows.get(leaf)![column.key]!;
      const actual = value(balancing);
      const expected = inSum - (outSum - actual);
      findings.push({
        path: pointer(["applications", ...balancing.path, column.key]),
        message:
          `${tableName(edition, "applications")}「${column.label}」列不平衡：` +
          `${incoming.map((l) => `${name(l)}（${value(l)}）`).join("加")}之和为${inSum}，` +
          `${outgoing.map((l) => `${name(l)}（${value(l)}）`).join("加")}之和为${outSum}，两者应相等` +
          `（按此，${name(balancing)}应为${expected}）。`,
        expected,
        actual,
      });
    }
    return findings;
  },
};
