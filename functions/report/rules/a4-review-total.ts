/** A4: per group of 四 (行政复议, 未经复议直接起诉, 复议后起诉), 总计 = 维持 + 纠正 + 其他 + 尚未审结 (checked where given). */
import { pointer, type Finding } from "../diagnostics.js";
import { reviewGroupName, tableName } from "../labels.js";
import type { Cells, Rule } from "./rule.js";

export const reviewTotal: Rule = {
  code: "A4",
  severity: "error",
  description: "表四每一组：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
  check({ edition, submitted }) {
    const { groups, outcomes } = edition.reviewLitigation;
    const total = outcomes.find((o) => o.isTotal)!;
    const parts = outcomes.filter((o) => !o.isTotal);
    const findings: Finding[] = [];
    for (const group of groups) {
      const values = (submitted.reviewLitigation as unknown as Record<string, Cells>)[group.key]!;
      const given = values[total.key];
      if (given === undefined) continue;
      const sum = parts.reduce((s, o) => s + values[o.key]!, 0);
      if (sum === given) continue;
      findings.push({
        path: pointer(["reviewLitigation", group.key, total.key]),
        message:
          `${tableName(edition, "reviewLitigation")}${reviewGroupName(edition, group.key)}「${total.label}」应为` +
          `${parts.map((o) => o.label).join("、")}之和${sum}，实为${given}。`,
        expected: sum,
        actual: given,
      });
    }
    return findings;
  },
};
