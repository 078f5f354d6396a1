import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { withCode } from "../../helpers/validate.js";

/** The same county's report for the year before, whose 结转下年度 becomes this year's 上年结转. */
function previousYear() {
  const previous = example("yunxi2021");
  previous.year = 2023;
  previous.publishedAt = "2024-03-20";
  previous.closing.date = "2024-03-20";
  return previous;
}

describe("prior-year", () => {
  it("is silent when 上年结转 equals last year's 结转下年度 in every column", () => {
    const report = example("yunxi2021");
    const previous = previousYear();
    previous.applications.carriedForward = { ...report.applications.carriedOver };
    expect(withCode(report, "prior-year", { previous })).toEqual([]);
  });

  it("warns per column where they differ", () => {
    const report = example("yunxi2021");
    const previous = previousYear();
    previous.applications.carriedForward = { ...report.applications.carriedOver, natural: 10, total: 13 };
    const found = withCode(report, "prior-year", { previous });
    expect(found.map((d) => [d.path, d.expected, d.actual, d.severity])).toEqual([
      ["/applications/carriedOver/natural", 10, 11, "warning"],
      ["/applications/carriedOver/total", 13, 14, "warning"],
    ]);
    expect(found[0]!.message).toContain("2023年度报告「四、结转下年度继续办理」行「自然人」为10");
  });

  it("says so when the report given is not the same agency's previous year", () => {
    const report = example("yunxi2021");
    const found = withCode(report, "prior-year", { previous: example("raohe2019") });
    expect(found).toEqual([expect.objectContaining({ path: "/year", expected: 2023, actual: 2023 })]);
    expect(found[0]!.message).toContain("饶河县小佳河镇人民政府2023年度");
    expect(withCode(report, "prior-year", { previous: { not: "a report" } })).toEqual([
      expect.objectContaining({ path: "", severity: "warning" }),
    ]);
  });

  it("does nothing without a previous report", () => {
    expect(withCode(example("yunxi2021"), "prior-year")).toEqual([]);
  });
});
