import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { check, withCode } from "../../helpers/validate.js";

describe("A1 一 + 二 = 三（七）总计 + 四", () => {
  it("fires on the column that does not balance, pointing at 四 with the balancing value", () => {
    // Prepare: carry forward one application too many for 法律服务机构, keeping the row total consistent
    const report = example("yunxi2021");
    report.applications.carriedForward.legalService += 1;
    report.applications.carriedForward.total += 1;
    // Act
    const found = withCode(report, "A1");
    // Assess
    expect(found).toEqual([
      expect.objectContaining({ path: "/applications/carriedForward/legalService", severity: "error", expected: 2, actual: 3 }),
      expect.objectContaining({ path: "/applications/carriedForward/total", expected: 13, actual: 14 }),
    ]);
    expect(found[0]!.message).toContain("「法律服务机构」列不平衡");
    expect(found[0]!.message).toContain("一、本年新收政府信息公开申请数量（9）");
    expect(check(report).valid).toBe(false);
  });

  it("uses the computed （七）总计 when the report leaves it out", () => {
    const report = example("yunxi2021");
    delete report.applications.results.total;
    report.applications.results.disclosed.natural += 1;
    delete report.applications.results.disclosed.total;
    expect(withCode(report, "A1").map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/applications/carriedForward/natural", 7, 8],
      ["/applications/carriedForward/total", 12, 13],
    ]);
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "A1")).toEqual([]);
    expect(withCode(example("raohe2019"), "A1")).toEqual([]);
  });
});
