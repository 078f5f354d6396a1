import { describe, expect, it } from "vitest";
import { parseProseNumber } from "../../../functions/report/prose.js";
import { example } from "../../helpers/examples.js";
import { check, withCode } from "../../helpers/validate.js";

describe("text-table", () => {
  it("warns when the prose states another number of applications than 一 总计", () => {
    const report = example("yunxi2021");
    report.overview.subsections[1].paragraphs[0] = "2024年共受理政府信息公开申请17件。";
    const found = withCode(report, "text-table");
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", path: "/overview/subsections/1/paragraphs/0", expected: 250, actual: 17 }),
    ]);
    expect(found[0]!.message).toContain("一、本年新收政府信息公开申请数量");
    expect(check(report).valid).toBe(true); // a warning never blocks
  });

  it("reads Chinese numerals and full-width digits", () => {
    expect(parseProseNumber("十七")).toBe(17);
    expect(parseProseNumber("一百零三")).toBe(103);
    expect(parseProseNumber("两万三千")).toBe(23000);
    expect(parseProseNumber("１７")).toBe(17);
    const report = example("yunxi2021");
    report.problems.push("本年度收到政府信息公开申请二百五十件。");
    expect(withCode(report, "text-table")).toEqual([]);
    report.problems.push("本年度收到政府信息公开申请二百件。");
    expect(withCode(report, "text-table").map((d) => [d.path, d.actual])).toEqual([["/problems/3", 200]]);
  });

  it("warns when the prose says no application arrived but 一 has some", () => {
    const report = example("raohe2019");
    report.applications.received.natural = 2;
    report.applications.received.total = 2;
    report.applications.carriedForward.natural = 2;
    report.applications.carriedForward.total = 2;
    expect(withCode(report, "text-table").map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/overview/subsections/1/paragraphs/0", 2, 0],
    ]);
  });

  it("checks 行政复议 and 行政诉讼 counts, including “未发生…行政复议、行政诉讼”", () => {
    const report = example("yunxi2021");
    report.sectionIntros.reviewLitigation = ["2024年，因政府信息公开工作被申请行政复议3件，被提起行政诉讼12件。"];
    expect(withCode(report, "text-table").map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/sectionIntros/reviewLitigation/0", 9, 3],
    ]);
    report.sectionIntros.reviewLitigation = ["全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"];
    expect(withCode(report, "text-table").map((d) => [d.expected, d.actual])).toEqual([
      [9, 0],
      [12, 0],
    ]);
  });

  it("checks 上年结转 and 结转下年度 counts", () => {
    const report = example("yunxi2021");
    report.problems = ["上年结转申请15件，结转下年度继续办理13件。"];
    expect(withCode(report, "text-table").map((d) => [d.expected, d.actual])).toEqual([[14, 15]]);
  });

  it("ignores numbers that are not counts of these things", () => {
    const report = example("yunxi2021");
    report.problems = ["收到申请后15个工作日内答复。", "2024年行政复议工作会议于3月召开。", "行政复议和行政诉讼各1件。"];
    expect(withCode(report, "text-table")).toEqual([]);
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "text-table")).toEqual([]);
    expect(withCode(example("raohe2019"), "text-table")).toEqual([]);
  });
});
