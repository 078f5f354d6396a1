/**
 * plausibility: figures and dates that are possible to write down but unlikely to be true.
 *
 * - 规章 reported by an agency without rule-making power (《立法法》: only the governments of
 *   provinces and of cities with districts make 规章; townships, counties and departments do not);
 * - 2019's 上一年项目数量 plus 本年增/减 below zero;
 * - a publication or sign-off date before the statistics year has ended;
 * - a publication date after the statutory deadline (《条例》第四十九条: departments by 1月31日,
 *   county-or-higher governments by 3月31日 of the following year);
 * - a report for a year that has not ended yet.
 */
import { pointer, type Finding } from "../diagnostics.js";
import { describePath } from "../labels.js";
import type { Rule } from "./rule.js";

/** Levels of agency without rule-making power. */
const NO_RULE_MAKING = new Set(["township", "county", "department"]);
const LEVEL_NAMES: Readonly<Record<string, string>> = {
  national: "国家级机关",
  province: "省级政府",
  city: "市级政府",
  county: "县级政府",
  township: "乡镇（街道）",
  department: "政府部门",
};
/** 《条例》第四十九条: the last day (month-day of the following year) to publish. */
const DEADLINES: Readonly<Record<string, string>> = { department: "01-31", province: "03-31", city: "03-31", county: "03-31" };

export const plausibility: Rule = {
  code: "plausibility",
  severity: "warning",
  description: "数字或日期虽合格式但不合常理",
  check({ edition, report, today }) {
    const findings: Finding[] = [];
    const proactive = report.proactive as unknown as Record<string, Record<string, number | string>>;
    const level = report.agency.level;

    if (level && NO_RULE_MAKING.has(level)) {
      const group = edition.proactive.groups.find((g) => g.rows.some((r) => r.key === "regulations"))!;
      const row = proactive.regulations!;
      const nonZero = group.fields.filter((f) => row[f.key] !== 0);
      if (nonZero.length > 0) {
        const first = nonZero[0]!;
        findings.push({
          path: pointer(["proactive", "regulations", first.key]),
          message: `${describePath(edition, "/proactive/regulations")}填有数字，但${LEVEL_NAMES[level]}没有规章制定权（只有省级政府和设区的市、自治州政府制定规章）；请核对是否应填入规范性文件一行。`,
          expected: 0,
          actual: row[first.key] as number,
        });
      }
    }

    for (const group of edition.proactive.groups) {
      const previous = group.fields.find((f) => f.key === "previousItems");
      const change = group.fields.find((f) => f.kind === "signedCount");
      if (!previous || !change) continue;
      for (const row of group.rows) {
        const values = proactive[row.key]!;
        const after = (values[previous.key] as number) + (values[change.key] as number);
        if (after >= 0) continue;
        findings.push({
          path: pointer(["proactive", row.key, change.key]),
          message: `${describePath(edition, pointer(["proactive", row.key]))}：${previous.label}${values[previous.key]}加${change.label}${values[change.key]}后为${after}，项目数量不能为负。`,
          expected: -(values[previous.key] as number),
          actual: values[change.key] as number,
        });
      }
    }

    const periodEnd = `${report.year}-12-31`;
    for (const [path, date] of [
      ["/publishedAt", report.publishedAt],
      ["/closing/date", report.closing?.date],
    ] as const) {
      if (date !== undefined && date <= periodEnd) {
        findings.push({
          path,
          message: `${describePath(edition, path)}${date}早于统计期限（自${report.year}年1月1日至${report.year}年12月31日）结束。`,
          expected: `${report.year + 1}-01-01`,
          actual: date,
        });
      }
    }

    const deadline = level ? DEADLINES[level] : undefined;
    if (deadline && report.publishedAt !== undefined && report.publishedAt > `${report.year + 1}-${deadline}`) {
      const [month, day] = deadline.split("-").map(Number);
      findings.push({
        path: "/publishedAt",
        message: `${describePath(edition, "/publishedAt")}${report.publishedAt}晚于《中华人民共和国政府信息公开条例》第四十九条规定的发布时限（${report.year + 1}年${month}月${day}日）。`,
        expected: `${report.year + 1}-${deadline}`,
        actual: report.publishedAt,
      });
    }

    if (`${report.year}-12-31` >= today) {
      findings.push({
        path: "/year",
        message: `统计年度${report.year}年尚未结束（今天是${today}），年度报告应在统计年度结束后编制。`,
        expected: Number(today.slice(0, 4)) - 1,
        actual: report.year,
      });
    }
    return findings;
  },
};
