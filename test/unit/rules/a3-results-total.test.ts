import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { withCode } from "../../helpers/validate.js";

describe("A3 （七）总计 = （一）+（二）+（三）+（四）+（五）+（六）", () => {
  it("fires on the column of （七）总计 that is not the sum of the items", () => {
    const report = example("yunxi2021");
    report.applications.results.total.research = 3; // 1 + 0 + 0 + 1 + 0 + 0 = 2
    report.applications.results.total.total = 252;
    const found = withCode(report, "A3");
    expect(found.map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/applications/results/total/research", 2, 3],
      ["/applications/results/total/total", 251, 252],
    ]);
    expect(found[0]!.message).toContain("「三、本年度办理结果／（七）总计」行「科研机构」列");
  });

  it("counts the three sub-items of （六） in edition 2021 and the single row in 2019", () => {
    const y2021 = example("yunxi2021");
    y2021.applications.results.otherHandling.overdueFee.natural += 1;
    y2021.applications.results.otherHandling.overdueFee.total += 1;
    expect(withCode(y2021, "A3").map((d) => d.path)).toEqual(["/applications/results/total/natural", "/applications/results/total/total"]);
    const y2019 = example("raohe2019");
    y2019.applications.results.otherHandling.other = 1;
    y2019.applications.results.otherHandling.total = 1;
    expect(withCode(y2019, "A3").map((d) => [d.path, d.expected, d.actual])).toEqual([
      ["/applications/results/total/other", 1, 0],
      ["/applications/results/total/total", 1, 0],
    ]);
  });

  it("is silent on the examples", () => {
    expect(withCode(example("yunxi2021"), "A3")).toEqual([]);
    expect(withCode(example("raohe2019"), "A3")).toEqual([]);
  });
});
