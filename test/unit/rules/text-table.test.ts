import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { forgetReadings } from "../../../functions/report/phrases/engine.js";
import { FAMILIES } from "../../../functions/report/phrases/families.js";
import { parseAmountInYuan, parseProseNumber } from "../../../functions/report/phrases/numerals.js";
import { layoutCorpus } from "../../corpus/index.js";
import { example, type Json } from "../../helpers/examples.js";
import { check, withCode } from "../../helpers/validate.js";

/**
 * Each phrase family against the 2021 example (云溪县 2024): a sentence that contradicts the tables
 * draws one warning with the paragraph's path, the phrase quoted, the table's figure and the stated
 * one; the same sentence with the table's figure draws nothing.
 *
 * [family, sentence with {n}, stated, table figure, the phrase quoted (with the stated figure)]
 */
const FAMILY_CASES: readonly (readonly [string, string, number, number, string])[] = [
  ["received", "2024年共受理政府信息公开申请{n}件。", 17, 250, "受理政府信息公开申请17件"],
  ["received", "对收到的{n}件申请，均按时答复。", 205, 250, "收到的205件申请"],
  ["carriedOver", "上年结转政府信息公开申请{n}件。", 15, 14, "上年结转政府信息公开申请15件"],
  ["carriedForward", "结转下年度继续办理{n}件。", 12, 13, "结转下年度继续办理12件"],
  ["carriedForward", "另有{n}件结转至下一年度继续办理。", 12, 13, "12件结转至下一年度"],
  ["resultsTotal", "全年共办结政府信息公开申请{n}件。", 240, 251, "办结政府信息公开申请240件"],
  ["disclosed", "其中予以公开{n}件。", 114, 115, "予以公开114件"],
  ["partiallyDisclosed", "部分公开{n}件。", 15, 16, "部分公开15件"],
  ["disclosedOrPartially", "予以公开和部分公开{n}件。", 130, 131, "予以公开和部分公开130件"],
  ["withheld", "不予公开{n}件。", 33, 34, "不予公开33件"],
  ["withheld.thirdPartyRights", "因涉及第三方合法权益不予公开{n}件。", 7, 8, "因涉及第三方合法权益不予公开7件"],
  ["withheld.processInformation", "属于四类过程性信息{n}件。", 5, 6, "属于四类过程性信息5件"],
  ["unavailable", "无法提供{n}件。", 54, 55, "无法提供54件"],
  ["unavailable.notHeld", "本机关不掌握相关政府信息{n}件。", 43, 44, "本机关不掌握相关政府信息43件"],
  ["notProcessed", "不予处理{n}件。", 19, 20, "不予处理19件"],
  ["notProcessed.duplicate", "重复申请{n}件。", 4, 5, "重复申请4件"],
  ["otherHandling", "其他处理{n}件。", 10, 11, "其他处理10件"],
  ["otherHandling.overdueCorrection", "申请人逾期不补正{n}件。", 6, 7, "申请人逾期不补正6件"],
  ["resultsTotal.afterResults", "其他处理11件，总计{n}件。", 250, 251, "总计250件"],
  ["applicants.natural", "收到申请250件，其中自然人{n}件。", 212, 213, "自然人212件"],
  ["applicants.legalPersons", "收到申请250件，其中法人或其他组织{n}件。", 36, 37, "法人或其他组织36件"],
  ["review", "因政府信息公开工作被申请行政复议{n}件。", 8, 9, "被申请行政复议8件"],
  ["litigation", "被提起行政诉讼{n}件。", 11, 12, "被提起行政诉讼11件"],
  ["litigationDirect", "未经复议直接起诉的行政诉讼{n}件。", 6, 7, "未经复议直接起诉的行政诉讼6件"],
  ["litigationAfterReview", "复议后起诉的行政诉讼{n}件。", 4, 5, "复议后起诉的行政诉讼4件"],
  ["cases.infoDisclosure", "全年应诉行政诉讼案件300件，其中政府信息公开类{n}件。", 10, 12, "其中政府信息公开类10件"],
  ["outcome.upheld", "行政复议结果维持{n}件。", 4, 5, "结果维持4件"],
  ["outcome.corrected", "行政复议结果纠正{n}件。", 1, 2, "结果纠正1件"],
  ["outcome.lost", "行政诉讼败诉{n}件。", 3, 2, "败诉3件"],
  ["outcome.other", "行政复议其他结果{n}件。", 2, 1, "其他结果2件"],
  ["outcome.pending", "行政诉讼尚未审结{n}件。", 2, 3, "尚未审结2件"],
  ["proactive.normativeDocuments.issued", "本年制发行政规范性文件{n}件。", 11, 12, "本年制发行政规范性文件11件"],
  ["proactive.repealed", "本年制发行政规范性文件12件，废止{n}件。", 4, 3, "废止4件"],
  ["proactive.licensing.decisions", "全县作出行政许可决定{n}件。", 15633, 15632, "作出行政许可决定15633件"],
];

function withParagraph(text: string): Json {
  const report = example("yunxi2021");
  report.overview.subsections[1].paragraphs = [text];
  return report;
}

describe("text-table: each phrase family", () => {
  it.each(FAMILY_CASES)("%s: warns on “%s” with another figure, and is silent on the table's", (_family, sentence, stated, table, quote) => {
    const found = withCode(withParagraph(sentence.replace("{n}", String(stated))), "text-table");
    expect(found).toEqual([
      expect.objectContaining({ severity: "warning", path: "/overview/subsections/1/paragraphs/0", expected: table, actual: stated }),
    ]);
    expect(found[0]!.quote).toBe(quote);
    expect(found[0]!.message).toContain(`正文“${quote}”`);
    expect(withCode(withParagraph(sentence.replace("{n}", String(table))), "text-table")).toEqual([]);
  });

  it("covers every family that reads a figure from the tables", () => {
    const tested = new Set(FAMILY_CASES.map(([family]) => family));
    const statements = new Set(["fees", "proactive.fees", "proactive.inForce", "proactive.issued"]);
    const untested = FAMILIES.filter((f) => f.before || f.after || f.around)
      .map((f) => f.id)
      .filter((id) => !tested.has(id) && !statements.has(id) && !/^(withheld|unavailable|notProcessed|otherHandling|applicants|proactive)\./.test(id));
    expect(untested).toEqual([]);
  });

  it("names the table, row and column in the official wording", () => {
    const [received] = withCode(withParagraph("共收到政府信息公开申请17件。"), "text-table");
    expect(received!.message).toBe(
      "正文“收到政府信息公开申请17件”所述本年新收政府信息公开申请为17件，而表三（收到和处理政府信息公开申请情况）「一、本年新收政府信息公开申请数量」行「总计」列为250，两者不一致。",
    );
    const [withheld] = withCode(withParagraph("不予公开33件。"), "text-table");
    expect(withheld!.message).toContain("「三、本年度办理结果／（三）不予公开」行各项「总计」列之和为34");
    const [litigation] = withCode(withParagraph("被提起行政诉讼11件。"), "text-table");
    expect(litigation!.message).toContain("「行政诉讼（未经复议直接起诉）」「总计」与「行政诉讼（复议后起诉）」「总计」之和为12");
  });

  it("reads “均获维持” over every kind of case named before it", () => {
    const found = withCode(withParagraph("复议9件，诉讼12件，均获维持。"), "text-table");
    // 结果维持 5 + 3 + 2 = 10 of 21 cases; the others are 纠正, 其他 or 尚未审结
    expect(found).toEqual([expect.objectContaining({ expected: 10, actual: 21 })]);
    expect(found[0]!.quote).toBe("复议9件，诉讼12件，均获维持");
    expect(found[0]!.message).toContain("正文“复议9件，诉讼12件，均获维持”");
    const allUpheld = withParagraph("复议9件，诉讼12件，均获维持。");
    for (const group of ["review", "litigationDirect", "litigationAfterReview"]) {
      const o = allUpheld.reviewLitigation[group];
      allUpheld.reviewLitigation[group] = { upheld: o.total, corrected: 0, other: 0, pending: 0, total: o.total };
    }
    expect(withCode(allUpheld, "text-table")).toEqual([]);
  });

  it("reads “无被纠错”, “均已审结” and “未发生…行政复议、行政诉讼” as zeros", () => {
    expect(withCode(withParagraph("行政复议无被纠错情况。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([[2, 0]]);
    expect(withCode(withParagraph("行政诉讼案件均已审结。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([[3, 0]]);
    expect(withCode(withParagraph("全年未发生因政府信息公开引起的行政复议、行政诉讼案件。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([
      [9, 0],
      [12, 0],
    ]);
    expect(withCode(withParagraph("本年度未收到政府信息公开申请。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([[250, 0]]);
    expect(withCode(withParagraph("无结转下年度继续办理的申请。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([[13, 0]]);
    const raohe = example("raohe2019");
    raohe.applications.received.natural = 2;
    raohe.applications.received.total = 2;
    raohe.applications.carriedForward.natural = 2;
    raohe.applications.carriedForward.total = 2;
    expect(withCode(raohe, "text-table").map((d) => [d.path, d.expected, d.actual])).toEqual([["/overview/subsections/1/paragraphs/0", 2, 0]]);
  });

  it("compares every statement of the 信息处理费 with the one in 六", () => {
    // the example says twice that no fee was collected (一（二） and 六（一）)
    expect(withCode(example("yunxi2021"), "text-table")).toEqual([]);
    const report = example("yunxi2021");
    report.problems.push("本年度按规定收取信息处理费100元。");
    const found = withCode(report, "text-table");
    expect(found).toEqual([expect.objectContaining({ path: "/problems/2", expected: 0, actual: 100 })]);
    expect(found[0]!.message).toContain("六、其他需要报告的事项");
    report.otherMatters.subsections[0].paragraphs[0] = "2024年，我县共收取信息处理费100元。";
    // now 六 says 100: the paragraph that says none is the one that disagrees
    expect(withCode(report, "text-table").map((d) => [d.path, d.expected, d.actual])).toEqual([["/overview/subsections/1/paragraphs/0", 100, 0]]);
  });

  it("checks 行政事业性收费 (万元) against 表二", () => {
    expect(withCode(withParagraph("全县共收取行政事业性收费7730.28万元。"), "text-table")).toEqual([]);
    expect(withCode(withParagraph("全县共收取行政事业性收费7703.28万元。"), "text-table").map((d) => [d.expected, d.actual])).toEqual([[7730.28, 7703.28]]);
  });
});

describe("text-table: paragraphs read once", () => {
  it("gives the same warnings whether a paragraph was read before or not", () => {
    const report = withParagraph("2024年共受理政府信息公开申请17件，上年结转15件，复议9件，诉讼12件，均获维持。");
    forgetReadings();
    const first = withCode(report, "text-table");
    expect(first).toHaveLength(3);
    expect(withCode(report, "text-table")).toEqual(first);
    // the same text at another place and in another year is read for that place and that year
    const moved = example("yunxi2021");
    moved.problems = [report.overview.subsections[1].paragraphs[0]];
    expect(withCode(moved, "text-table").map((d) => d.path)).toEqual(["/problems/0", "/problems/0", "/problems/0"]);
    const otherYear = structuredClone(report);
    otherYear.year = 2025;
    otherYear.publishedAt = "2026-03-20";
    otherYear.closing.date = "2026-03-20";
    // in a 2025 report, the sentence speaks of another year ("2024年…"): nothing to compare
    expect(withCode(otherYear, "text-table")).toEqual([]);
  });
});

describe("text-table: where the prose is", () => {
  it("reads the preamble, 一's paragraphs, the section intros, 五 and 六 in both their shapes", () => {
    const report = example("yunxi2021");
    report.preamble.push("本年度共收到政府信息公开申请251件。");
    report.overview.paragraphs.push("本年度共收到政府信息公开申请252件。");
    report.sectionIntros.applications = ["本年度共收到政府信息公开申请253件。"];
    report.problems = { paragraphs: ["本年度共收到政府信息公开申请254件。"], subsections: [{ heading: "（一）存在的主要问题", paragraphs: ["本年度共收到政府信息公开申请255件。"] }] };
    report.otherMatters = ["本年度共收到政府信息公开申请256件。"];
    expect(withCode(report, "text-table").map((d) => [d.path, d.actual])).toEqual([
      ["/preamble/1", 251],
      ["/overview/paragraphs/1", 252],
      ["/sectionIntros/applications/0", 253],
      ["/problems/paragraphs/0", 254],
      ["/problems/subsections/0/paragraphs/0", 255],
      ["/otherMatters/0", 256],
    ]);
    expect(check(report).valid).toBe(true); // a warning never blocks
  });
});

describe("text-table: what draws nothing", () => {
  it.each([
    "收到申请后15个工作日内答复。",
    "2024年行政复议工作会议于3月召开。",
    "行政复议和行政诉讼各1件。",
    "行政复议、行政诉讼分别为8件、12件。",
    "2023年，共收到政府信息公开申请223件。",
    "上半年共收到政府信息公开申请112件。",
    "近三年累计收到政府信息公开申请700件。",
    "全年收到政府信息公开申请250件，同比增长12件。",
    "收到政府信息公开申请约240件。",
    "收到政府信息公开申请200余件。",
    "予以公开的比例为46%。",
    "全年主动公开政府信息6215条。",
    "12345热线受理群众诉求24816件，办结24800件。",
    "县政府作为行政复议机关，全年共收到行政复议申请136件。",
    "全年召开政务公开工作会议6次，开展培训4期。",
    "其中，网上申请196件，信函申请54件。",
    "县政府本级收到政府信息公开申请86件。",
  ])("%s", (sentence) => {
    expect(withCode(withParagraph(sentence), "text-table")).toEqual([]);
  });
});

describe("numerals", () => {
  it("reads ASCII, full-width and Chinese numerals, strictly", () => {
    const read = { "17": 17, "１７": 17, "1,362": 1362, 十七: 17, 一百零三: 103, 一千三百六十二: 1362, 两万三千: 23000, 两万三: 23000, 一万零五百: 10500, 二〇二四: 2024, 零: 0, 〇: 0 };
    for (const [numeral, value] of Object.entries(read)) expect(parseProseNumber(numeral), numeral).toBe(value);
    for (const malformed of ["一一", "十十", "百千", "五十零", "2万", "万"]) expect(parseProseNumber(malformed)).toBeUndefined();
    expect(parseAmountInYuan("0.12", "万元")).toBe(1200);
    expect(parseAmountInYuan("350", "元")).toBe(350);
    expect(parseAmountInYuan("两", "万元")).toBe(20000);
  });

  it("reads stated figures in every numeral and classifier", () => {
    for (const [sentence, stated] of [
      ["本年度收到政府信息公开申请二百五十件。", undefined],
      ["本年度收到政府信息公开申请二百件。", 200],
      ["本年度收到政府信息公开申请２００件。", 200],
      ["本年度收到政府信息公开申请 200 件。", 200],
      ["本年度收到政府信息公开申请两百宗。", 200],
      ["被申请行政复议两起。", 2],
      ["被申请行政复议3个。", 3],
      ["被申请行政复议3次。", 3],
    ] as const) {
      expect(withCode(withParagraph(sentence), "text-table").map((d) => d.actual), sentence).toEqual(stated === undefined ? [] : [stated]);
    }
  });
});

describe("text-table on real and realistic reports", () => {
  it("is silent on both examples (the 2019 one is the Raohe sample report, word for word)", () => {
    expect(withCode(example("yunxi2021"), "text-table")).toEqual([]);
    expect(withCode(example("raohe2019"), "text-table")).toEqual([]);
  });

  it("finds in the 洪泽区 2024 report (transcribed from its PDF) exactly the contradiction spec C cites", () => {
    const report = JSON.parse(readFileSync(new URL("../../fixtures/hongze-qu-2024.json", import.meta.url), "utf8"));
    const result = check(report);
    expect(result.valid).toBe(true);
    expect(result.warnings.filter((d) => d.code === "text-table")).toEqual([
      expect.objectContaining({ path: "/overview/subsections/1/paragraphs/0", expected: 95, actual: 17 }),
    ]);
  });

  it("is silent on every report of the layout corpus", () => {
    const loud = layoutCorpus()
      .map(({ name, report }) => ({ name, found: withCode(report, "text-table") }))
      .filter((r) => r.found.length > 0);
    expect(loud).toEqual([]);
  });
});
