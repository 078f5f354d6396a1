/**
 * prior-year: 二、上年结转 of year Y equals 四、结转下年度继续办理 of the same agency's year Y−1, per column.
 *
 * The previous report comes from the caller (`validate --previous`), or from the store on publish
 * (service/prior-year.ts), in which case the messages name the stored report and version.
 */
import { agencyKey } from "../agency.js";
import { at, balanceLeaves, type ApplicationLeaf } from "../editions/index.js";
import { pointer, type Finding } from "../diagnostics.js";
import { applicationRowName, tableName } from "../labels.js";
import type { Cells, PreviousOrigin, Rule } from "./rule.js";

function reportName(year: number, origin: PreviousOrigin | undefined): string {
  return origin ? `${year}年度报告（${origin.reportId} 第${origin.version}版）` : `${year}年度报告`;
}

export const priorYear: Rule = {
  code: "prior-year",
  severity: "warning",
  description: "上年结转与上一年度报告的结转下年度继续办理不一致",
  check({ edition, submitted, report, previous, previousOrigin }) {
    if (!previous) return [];
    const sameAgency =
      previous.agency.code !== undefined && report.agency.code !== undefined
        ? previous.agency.code === report.agency.code
        : agencyKey(previous.agency.name) === agencyKey(report.agency.name);
    if (!sameAgency || previous.year !== report.year - 1) {
      return [
        {
          path: "/year",
          message:
            `所给的上一年度报告${previousOrigin ? `（${previousOrigin.reportId} 第${previousOrigin.version}版）` : ""}是${previous.agency.name}${previous.year}年度的报告，` +
            `不是${report.agency.name}${report.year - 1}年度的报告，无法核对上年结转。`,
          expected: report.year - 1,
          actual: previous.year,
        },
      ];
    }
    const table = edition.applications;
    const { incoming, outgoing } = balanceLeaves(table);
    // 二 and 四 of the balance: what came in from last year, and what went on to next year.
    const carriedOver: ApplicationLeaf = incoming[incoming.length - 1]!;
    const carriedForward: ApplicationLeaf = outgoing[outgoing.length - 1]!;
    const now = at(report.applications, carriedOver.path) as Cells;
    const given = at(submitted.applications, carriedOver.path) as Cells;
    const before = at(previous.applications, carriedForward.path) as Cells;
    const findings: Finding[] = [];
    for (const column of table.columns) {
      if (given[column.key] === undefined) continue; // an absent total follows from the columns
      if (now[column.key] === before[column.key]) continue;
      findings.push({
        path: pointer(["applications", ...carriedOver.path, column.key]),
        message:
          `${tableName(edition, "applications")}${applicationRowName(carriedOver.labels)}「${column.label}」为${now[column.key]}，` +
          `而${reportName(previous.year, previousOrigin)}${applicationRowName(carriedForward.labels)}「${column.label}」为${before[column.key]}，两者应相等。`,
        expected: before[column.key]!,
        actual: now[column.key]!,
      });
    }
    return findings;
  },
};
