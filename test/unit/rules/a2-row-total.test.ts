import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { withCode } from "../../helpers/validate.js";

describe("A2 总计 = the six applicant columns", () => {
  it("fires on a row whose given 总计 is not the sum, naming the row in the official wording", () => {
    const report = example("yunxi2021");
    report.applications.results.withheld.thirdPartyRights.total = 9; // 6 + 1 + 0 + 0 + 1 + 0 = 8
    const found = withCode(report, "A2");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      code: "A2",
      severity: "error",
      path: "/applications/results/withheld/thirdPartyRights/total",
      expected: 8,
      actual: 9,
    });
    expect(found[0]!.message).toContain("「三、本年度办理结果／（三）不予公开／4.保护第三方合法权益」行「总计」");
  });

  it("does not check a total that was left out (it is computed)", () => {
    const report = example("yunxi2021");
    delete report.applications.received.total;
    expect(withCode(report, "A2")).toEqual([]);
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "A2")).toEqual([]);
    expect(withCode(example("raohe2019"), "A2")).toEqual([]);
  });
});
