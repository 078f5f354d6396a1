import { describe, expect, it } from "vitest";
import { FORBIDDEN_TEXT_CHARACTER } from "../../../functions/report/schema/build.js";
import { example } from "../../helpers/examples.js";
import { check } from "../../helpers/validate.js";

const schemaErrors = (report: unknown) => check(report).errors.filter((d) => d.code === "schema");

describe("schema", () => {
  it("reports a wrong type at its exact place, in the table's own words", () => {
    const report = example("yunxi2021");
    report.applications.results.unavailable.notHeld.commercial = "3";
    const result = check(report);
    expect(result.valid).toBe(false);
    expect(result.normalized).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ code: "schema", severity: "error", path: "/applications/results/unavailable/notHeld/commercial" }),
    ]);
    expect(result.errors[0]!.message).toBe(
      "表三（收到和处理政府信息公开申请情况）「三、本年度办理结果／（四）无法提供／1.本机关不掌握相关政府信息」行「商业企业」列应为整数。",
    );
  });

  it("rejects negative and fractional counts, and counts past a billion", () => {
    const report = example("yunxi2021");
    report.applications.received.natural = -1;
    report.applications.received.research = 1.5;
    report.proactive.licensing.decisions = 1_000_000_001;
    const errors = schemaErrors(report);
    expect(errors.map((d) => d.path)).toEqual([
      "/proactive/licensing/decisions",
      "/applications/received/natural",
      "/applications/received/research",
    ]);
    expect(errors[0]!.message).toMatch(/「行政许可」行「本年处理决定数量」列应不大于1000000000。$/);
    expect(errors[1]!.message).toMatch(/「自然人」列应不小于0。$/);
    expect(errors[2]!.message).toMatch(/「科研机构」列应为整数。$/);
  });

  it("accepts a signed 本年增/减 in 2019 only", () => {
    const report = example("raohe2019");
    report.proactive.licensing.change = -2;
    report.proactive.licensing.previousItems = 5;
    expect(schemaErrors(report)).toEqual([]);
  });

  it("takes an amount as a decimal string or number, and refuses what cannot print exactly", () => {
    const report = example("yunxi2021");
    report.proactive.fees.amount = 20.3;
    expect(check(report).normalized!.proactive.fees).toEqual({ amount: "20.3" });
    for (const bad of ["20.30001", "1,000", "-1", "1e5", 1e-7, 0.12345, "", " 1"]) {
      report.proactive.fees.amount = bad;
      const errors = schemaErrors(report);
      expect(errors, String(bad)).toHaveLength(1);
      expect(errors[0]!.path).toBe("/proactive/fees/amount");
      expect(errors[0]!.message).toContain("金额");
    }
  });

  it("rejects unknown properties at every level, at the property's own path", () => {
    const report = example("yunxi2021");
    report.extra = 1;
    report.agency.fax = "0";
    report.applications.results.withheld.stateSecret.robots = 0;
    report.reviewLitigation.review.dismissed = 0;
    expect(schemaErrors(report).map((d) => d.path).sort()).toEqual([
      "/agency/fax",
      "/applications/results/withheld/stateSecret/robots",
      "/extra",
      "/reviewLitigation/review/dismissed",
    ]);
  });

  it("names the missing edition, an unknown edition and a missing table", () => {
    const report = example("yunxi2021");
    delete report.edition;
    expect(schemaErrors(report)).toEqual([expect.objectContaining({ path: "/edition" })]);
    report.edition = "2022";
    expect(schemaErrors(report)[0]!.message).toContain('"2019"或"2021"');
    const noTable = example("yunxi2021");
    delete noTable.reviewLitigation;
    expect(schemaErrors(noTable)).toEqual([
      expect.objectContaining({ path: "/reviewLitigation", message: "缺少必填项：表四（政府信息公开行政复议、行政诉讼情况）。" }),
    ]);
  });

  it("rejects control characters and lone surrogates in text, and impossible dates", () => {
    const report = example("yunxi2021");
    report.problems[0] = "正文\u0000";
    report.agency.name = "某机关\ud800";
    report.publishedAt = "2025-02-30";
    expect(schemaErrors(report).map((d) => d.path).sort()).toEqual(["/agency/name", "/problems/0", "/publishedAt"]);
  });

  it("answers the text check exactly as the schema's pattern (with the u flag) would", () => {
    // the validator asks "well formed, and no control character" instead of running the pattern
    const pattern = new RegExp(FORBIDDEN_TEXT_CHARACTER, "u");
    const texts = [
      "正文", "正文\t换行\n回车\r", "\u{20000}𠀀字", "表情😀", "\u0000", "a\u0008", "\u000b", "\u000c", "\u001f", "\u007f", "\u0080",
      "\ud800", "末尾\ud83d", "\ude00开头", "\ude00\ud83d", "成对\ud83d\ude00而\ud800孤", "\ufffe\uffff",
    ];
    for (const text of texts) {
      const report = example("yunxi2021");
      report.problems[0] = text;
      expect([text, schemaErrors(report).some((d) => d.path === "/problems/0")]).toEqual([text, pattern.test(text)]);
    }
  });
});
