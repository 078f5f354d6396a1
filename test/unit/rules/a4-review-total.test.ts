import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { withCode } from "../../helpers/validate.js";

describe("A4 总计 = 维持 + 纠正 + 其他 + 尚未审结, per group of 四", () => {
  it("catches the published 行政复议 总计 of 0 over 10 + 1 + 0 + 0", () => {
    const report = example("raohe2019");
    Object.assign(report.reviewLitigation.review, { upheld: 10, corrected: 1, other: 0, pending: 0, total: 0 });
    const found = withCode(report, "A4");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ path: "/reviewLitigation/review/total", expected: 11, actual: 0, severity: "error" });
    expect(found[0]!.message).toContain("表四（政府信息公开行政复议、行政诉讼情况）「行政复议」「总计」");
  });

  it("checks each kind of 行政诉讼 on its own", () => {
    const report = example("yunxi2021");
    report.reviewLitigation.litigationAfterReview.pending += 2;
    const found = withCode(report, "A4");
    expect(found.map((d) => [d.path, d.expected, d.actual])).toEqual([["/reviewLitigation/litigationAfterReview/total", 7, 5]]);
    expect(found[0]!.message).toContain("「行政诉讼（复议后起诉）」");
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "A4")).toEqual([]);
    expect(withCode(example("raohe2019"), "A4")).toEqual([]);
  });
});
