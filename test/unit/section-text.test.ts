/**
 * Spec B.2: 五 and 六 are written as paragraphs, or like 一、总体情况 as paragraphs with （一）…
 * sub-sections. Both forms validate, keep their form through normalisation (so diagnostics point into
 * the document as sent), and a value of neither form gets one clear error.
 */
import { describe, expect, it } from "vitest";
import { paragraphs } from "../../functions/report/prose.js";
import { sectionBody } from "../../functions/report/section-text.js";
import { example } from "../helpers/examples.js";
import { check, withCode } from "../helpers/validate.js";

const structured = {
  paragraphs: ["2024年，我县政府信息公开工作取得了一定成效。"],
  subsections: [
    { heading: "（一）存在的主要问题", paragraphs: ["政策解读形式较为单一。", "基层工作人员变动较频繁。"] },
    { heading: "（二）改进措施。", paragraphs: ["丰富政策解读形式。"] },
  ],
};

describe("sections 五 and 六 with sub-sections", () => {
  it("accepts either form in both sections and keeps the form it was given", () => {
    const report = example("raohe2019");
    report.problems = structured;
    const result = check(report);
    expect(result.errors).toEqual([]);
    expect(result.normalized!.problems).toEqual(structured);
    expect(result.normalized!.otherMatters).toEqual(report.otherMatters);
    expect(Array.isArray(result.normalized!.otherMatters)).toBe(true);
  });

  it("normalises the sub-section form to one key order, whatever order it came in", () => {
    const report = example("yunxi2021");
    report.problems = { subsections: [{ paragraphs: ["甲。"], heading: "（一）问题" }], paragraphs: [] };
    const normalized = check(report).normalized!;
    expect(JSON.stringify(normalized.problems)).toBe('{"paragraphs":[],"subsections":[{"heading":"（一）问题","paragraphs":["甲。"]}]}');
  });

  it("reads both forms as one shape", () => {
    expect(sectionBody(["甲。"])).toEqual({ paragraphs: ["甲。"], subsections: [] });
    expect(sectionBody(structured)).toBe(structured);
  });

  it("points prose diagnostics into the sub-section a phrase is in", () => {
    const report = example("yunxi2021");
    report.otherMatters = { paragraphs: [], subsections: [{ heading: "（一）依申请公开。", paragraphs: ["本年度收到政府信息公开申请二百件。"] }] };
    const normalized = check(report).normalized!;
    expect(paragraphs(normalized).filter((p) => p.path.startsWith("/otherMatters")).map((p) => p.path)).toEqual([
      "/otherMatters/subsections/0/heading",
      "/otherMatters/subsections/0/paragraphs/0",
    ]);
    expect(withCode(report, "text-table").map((d) => d.path)).toContain("/otherMatters/subsections/0/paragraphs/0");
  });

  it("answers a value of neither form with one error that names both forms", () => {
    for (const bad of [5, "无", null, true]) {
      const report = example("yunxi2021");
      report.problems = bad;
      const errors = check(report).errors;
      expect(errors.map((d) => d.path), String(bad)).toEqual(["/problems"]);
      expect(errors[0]!.message).toBe("五、存在的主要问题及改进情况（problems）应为段落数组，或含paragraphs（段落）和subsections（分节）的对象。");
    }
  });

  it("reports a fault inside a form at its own place, without complaints about the other form", () => {
    const report = example("yunxi2021");
    report.otherMatters = { paragraphs: ["无"], subsections: [{ heading: "", paragraphs: [] }], note: 1 };
    expect(check(report).errors.map((d) => [d.path, d.message])).toEqual([
      ["/otherMatters/note", "六、其他需要报告的事项（otherMatters）中不允许有“note”。"],
      ["/otherMatters/subsections/0/heading", "六、其他需要报告的事项的分节（otherMatters.subsections）第1节的小标题不能为空。"],
    ]);
    report.otherMatters = { paragraphs: ["无"] };
    expect(check(report).errors.map((d) => [d.path, d.message])).toEqual([
      ["/otherMatters/subsections", "缺少必填项：六、其他需要报告的事项的分节（otherMatters.subsections）。"],
    ]);
    report.otherMatters = ["无", 7];
    expect(check(report).errors.map((d) => d.path)).toContain("/otherMatters/1");
    expect(check(report).errors.map((d) => d.message).join("")).not.toContain("JSON对象");
  });
});
