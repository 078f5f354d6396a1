import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { check, withCode } from "../../helpers/validate.js";

describe("plausibility", () => {
  it("warns when a township reports 规章", () => {
    const report = example("raohe2019");
    report.proactive.regulations.totalPublished = 2;
    const found = withCode(report, "plausibility");
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", path: "/proactive/regulations/totalPublished", expected: 0, actual: 2 }),
    ]);
    expect(found[0]!.message).toContain("表二（主动公开政府信息情况）「第二十条第（一）项」「规章」行");
    expect(found[0]!.message).toContain("乡镇（街道）没有规章制定权");
  });

  it("accepts 规章 from a government with rule-making power", () => {
    const report = example("yunxi2021");
    report.agency.level = "city";
    report.proactive.regulations = { issued: 2, repealed: 1, inForce: 40 };
    expect(withCode(report, "plausibility")).toEqual([]);
  });

  it("warns when 上一年项目数量 plus 本年增/减 goes below zero (2019)", () => {
    const report = example("raohe2019");
    Object.assign(report.proactive.licensing, { previousItems: 3, change: -5 });
    expect(withCode(report, "plausibility").map((d) => [d.path, d.expected, d.actual])).toEqual([["/proactive/licensing/change", -3, -5]]);
  });

  it("warns on dates before the statistics year ends and after the statutory deadline", () => {
    const report = example("yunxi2021");
    report.closing.date = "2024-12-30";
    report.publishedAt = "2025-04-02"; // a county government: by 3月31日
    expect(withCode(report, "plausibility").map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/closing/date", "2025-01-01", "2024-12-30"],
      ["/publishedAt", "2025-03-31", "2025-04-02"],
    ]);
  });

  it("warns on a report for a year that has not ended", () => {
    const report = example("yunxi2021");
    const found = withCode(report, "plausibility", { today: "2024-12-31" });
    expect(found.map((d) => d.path)).toContain("/year");
    expect(check(report, { today: "2024-12-31" }).valid).toBe(true);
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "plausibility")).toEqual([]);
    expect(withCode(example("raohe2019"), "plausibility")).toEqual([]);
  });
});
