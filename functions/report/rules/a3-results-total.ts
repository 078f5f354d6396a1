/** A3: per column of 三, （七）总计 = （一）+（二）+ Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + Σ（六） (checked where given). */
import { applicationLeaves } from "../editions/index.js";
import { pointer, type Finding } from "../diagnostics.js";
import { applicationRowName, tableName } from "../labels.js";
import type { Cells, Rule } from "./rule.js";

export const resultsTotal: Rule = {
  code: "A3",
  severity: "error",
  description: "表三每一列：（七）总计等于（一）至（六）各项之和",
  check({ edition, submitted, report }) {
    const table = edition.applications;
    const leaves = applicationLeaves(table);
    const totalLeaf = leaves.find((l) => l.isResultsTotal)!;
    const items = leaves.filter((l) => l.isResultItem);
    const given = totalLeaf.read(submitted.applications);
    if (given === undefined) return [];
    const rows = items.map((item) => item.read(report.applications) as Cells);
    const findings: Finding[] = [];
    for (const column of table.columns) {
      const actual = given[column.key];
      if (actual === undefined) continue;
      let sum = 0;
      for (const row of rows) sum += row[column.key]!;
      if (sum === actual) continue;
      findings.push({
        path: pointer(["applications", ...totalLeaf.path, column.key]),
        message:
          `${tableName(edition, "applications")}${applicationRowName(totalLeaf.labels)}「${column.label}」列应为` +
          `（一）至（六）各项之和${sum}，实为${actual}。`,
        expected: sum,
        actual,
      });
    }
    return findings;
  },
};
