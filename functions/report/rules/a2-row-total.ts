/** A2: per row of 三, 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 (checked where given). */
import { applicationLeaves } from "../editions/index.js";
import { pointer, type Finding } from "../diagnostics.js";
import { applicationRowName, tableName } from "../labels.js";
import { sumColumns } from "../normalize.js";
import type { Cells, Rule } from "./rule.js";

export const rowTotal: Rule = {
  code: "A2",
  severity: "error",
  description: "表三每一行：总计等于自然人与法人或其他组织各列之和",
  check({ edition, submitted }) {
    const table = edition.applications;
    const totalColumn = table.columns.find((c) => c.isTotal)!;
    const parts = table.columns.filter((c) => !c.isTotal).map((c) => c.label).join("、");
    const findings: Finding[] = [];
    for (const leaf of applicationLeaves(table)) {
      const row = leaf.read(submitted.applications);
      const given = row?.[totalColumn.key];
      if (row === undefined || given === undefined) continue;
      const sum = sumColumns(edition, row);
      if (sum === given) continue;
      findings.push({
        path: pointer(["applications", ...leaf.path, totalColumn.key]),
        message: `${tableName(edition, "applications")}${applicationRowName(leaf.labels)}「${totalColumn.label}」应为${parts}之和${sum}，实为${given}。`,
        expected: sum,
        actual: given,
      });
    }
    return findings;
  },
};
