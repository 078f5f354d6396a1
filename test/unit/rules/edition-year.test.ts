import { describe, expect, it } from "vitest";
import { example } from "../../helpers/examples.js";
import { check, withCode } from "../../helpers/validate.js";

describe("edition-year", () => {
  it("warns on the 2019 edition used for a 2023 report, without rejecting it", () => {
    const result = check(example("raohe2019"));
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: "edition-year", severity: "warning", path: "/edition", expected: "2021", actual: "2019" }),
    ]);
  });

  it("warns on the 2021 edition used for a 2020 report", () => {
    const report = example("yunxi2021");
    report.year = 2020;
    report.publishedAt = "2021-03-01";
    report.closing.date = "2021-03-01";
    const found = withCode(report, "edition-year");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ expected: "2019", actual: "2021" });
  });

  it("is silent on an edition used for its years", () => {
    expect(withCode(example("yunxi2021"), "edition-year")).toEqual([]);
    const report = example("raohe2019");
    report.year = 2020;
    expect(withCode(report, "edition-year")).toEqual([]);
  });
});
