/** edition-year: the edition should be the one in force for the report year. */
import { EDITIONS } from "../editions/index.js";
import type { Rule } from "./rule.js";

export const editionYear: Rule = {
  code: "edition-year",
  severity: "warning",
  description: "年度报告格式版本与统计年度不符",
  check({ edition, report }) {
    const { from, to } = edition.intendedYears;
    if (report.year >= from && report.year <= to) return [];
    const suitable = Object.values(EDITIONS).find((e) => report.year >= e.intendedYears.from && report.year <= e.intendedYears.to);
    return [
      {
        path: "/edition",
        message:
          `统计年度${report.year}年的报告使用了${edition.id}年版格式《${edition.formatName}》（${edition.issuedWith}），` +
          `该格式适用于${from}年至${to === 2100 ? "今" : `${to}年`}的报告` +
          (suitable ? `；${report.year}年度应使用${suitable.id}年版格式《${suitable.formatName}》（${suitable.issuedWith}）。` : "。"),
        expected: suitable?.id ?? "",
        actual: edition.id,
      },
    ];
  },
};
