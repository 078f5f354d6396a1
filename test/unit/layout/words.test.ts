/** Where lines may break in names, titles and table labels (spec D.2). */
import { describe, expect, it } from "vitest";
import { applicationLeaves, EDITIONS } from "../../../functions/report/editions/index.js";
import { labelWords, nameWords, titleWords } from "../../../functions/report/words.js";

describe("agency names break at administrative boundaries", () => {
  it("splits after provinces, cities, counties, townships and organs", () => {
    expect(nameWords("黑龙江省双鸭山市饶河县小佳河镇人民政府")).toEqual(["黑龙江省", "双鸭山市", "饶河县", "小佳河镇", "人民政府"]);
    expect(nameWords("新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县人民政府办公室")).toEqual(["新疆维吾尔自治区", "伊犁哈萨克自治州", "察布查尔锡伯自治县", "人民政府", "办公室"]);
    expect(nameWords("北山街道办事处人民政府")).toEqual(["北山街道办事处", "人民政府"]);
  });

  it("never splits a word that merely contains a boundary character", () => {
    expect(nameWords("杭州市市场监督管理局")).toEqual(["杭州市", "市场监督管理局"]);
    expect(nameWords("云溪县住房和城乡建设局")).toEqual(["云溪县", "住房和城乡建设局"]);
    expect(nameWords("云溪县发展和改革委员会")).toEqual(["云溪县", "发展和改革委员会"]);
  });

  it("keeps a title's year and 政府信息公开工作年度报告 whole", () => {
    expect(titleWords("云溪县人民政府2024年政府信息公开工作年度报告")).toEqual(["云溪县", "人民政府", "2024年政府信息公开工作年度报告"]);
    expect(titleWords("关于城关镇人民政府2024年政府信息公开工作年度报告的公告")).toEqual(["关于城关镇", "人民政府", "2024年政府信息公开工作年度报告", "的公告"]);
    expect(titleWords("海关总署政府信息公开工作年度报告")).toEqual(["海关总署", "政府信息公开工作年度报告"]);
  });
});

describe("table labels break between words", () => {
  it("splits the applicant columns into their words", () => {
    expect(labelWords("自然人")).toEqual(["自然人"]);
    expect(labelWords("商业企业")).toEqual(["商业", "企业"]);
    expect(labelWords("社会公益组织")).toEqual(["社会", "公益", "组织"]);
    expect(labelWords("法律服务机构")).toEqual(["法律", "服务", "机构"]);
  });

  it("keeps numbering with its word and punctuation with the word before it", () => {
    expect(labelWords("（三）不予公开")).toEqual(["（三）", "不予", "公开"]);
    expect(labelWords("3.危及“三安全一稳定”")).toEqual(["3.危及", "“三安全一稳定”"]);
    expect(labelWords("三、本年度办理结果")).toEqual(["三、", "本年度", "办理", "结果"]);
    expect(labelWords("本年收费金额（单位：万元）")).toEqual(["本年", "收费", "金额", "（单位：", "万元）"]);
  });

  it("knows every word of every official label: no label falls apart into single characters", () => {
    const labels = new Set<string>();
    for (const edition of Object.values(EDITIONS)) {
      const a = edition.applications;
      for (const text of [a.cornerNote, a.applicantHeading, ...a.columns.flatMap((c) => [c.label, c.group ?? ""])]) if (text) labels.add(text);
      for (const leaf of applicationLeaves(a)) for (const cell of leaf.cells) labels.add(cell.text);
      for (const g of edition.proactive.groups) for (const text of [g.heading, g.contentLabel, ...g.fields.map((f) => f.label), ...g.rows.map((r) => r.label)]) labels.add(text);
      for (const g of edition.reviewLitigation.groups) for (const text of [g.heading, g.label ?? ""]) if (text) labels.add(text);
      for (const o of edition.reviewLitigation.outcomes) labels.add(o.label);
    }
    // the few one-character words of the labels' grammar
    const FUNCTION_WORDS = new Set(["的", "为：", "加", "或", "其", "按", "未", "无", "不", "仍", "后", "已", "增/减"]);
    for (const label of labels) {
      const words = labelWords(label);
      expect(words.join(""), label).toBe(label);
      for (const word of words) expect([...word].length > 1 || FUNCTION_WORDS.has(word), `${label}: ${words.join("/")}`).toBe(true);
    }
  });
});
