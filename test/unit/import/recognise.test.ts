/**
 * The recogniser, tolerant of what real reports do: each case takes a report printed as HTML by the
 * template, changes the page the way an agency's document differs, and imports it.
 */
import { describe, expect, it } from "vitest";
import { recognise } from "../../../functions/import/recognise/index.js";
import { readHtml } from "../../../functions/import/readers/html.js";
import { ImportError } from "../../../functions/import/errors.js";
import { renderReport } from "../../../functions/render/html.js";
import { normalizeReport, validateReport } from "../../../functions/report/index.js";
import { example, TODAY, type Json } from "../../helpers/examples.js";
import { printed } from "../../helpers/import.js";

function page(report: Json): string {
  return renderReport(normalizeReport(report), { templateVersion: "test" }).html;
}

function read(html: string) {
  return recognise(readHtml(new TextEncoder().encode(html)));
}

/** The imported report, normalised as printed, beside the original's. */
function roundTrip(report: Json, edit: (html: string) => string = (h) => h) {
  const original = normalizeReport(report);
  const result = read(edit(page(report)));
  const imported = validateReport(result.report, { today: TODAY });
  return { result, imported, expected: printed(original), got: imported.normalized ? printed(imported.normalized, original) : undefined };
}

/**
 * A pattern for `text` as the template prints it: a label marks the places it may wrap with <wbr>
 * (between its words, and after the last).
 */
function printedAs(text: string): string {
  return [...text].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(?:<wbr>)?") + "(?:<wbr>)?";
}

/** Changes a printed page; an edit that finds nothing to change fails the test, rather than testing nothing. */
function edited(html: string, pattern: RegExp, to: string): string {
  const out = html.replace(pattern, to);
  if (out === html) throw new Error(`the page has nothing matching ${pattern}`);
  return out;
}

/** Replaces the text of every cell that is exactly `from`. */
function cell(from: string, to: string): (html: string) => string {
  return (html) => edited(html, new RegExp(`>${printedAs(from)}</t`, "g"), `>${to}</t`);
}

describe("import: the recogniser", () => {
  it("reads both editions back exactly", () => {
    for (const name of ["yunxi2021", "raohe2019"] as const) {
      const { expected, got, result } = roundTrip(example(name));
      expect(got).toEqual(expected);
      expect(result.notes).toEqual([]);
    }
  });

  it("reads labels printed with ASCII brackets, quotes and stops", () => {
    const ascii = (html: string) =>
      html.replace(/<t([dh])([^>]*)>((?:[^<]|<wbr>)*)<\/t[dh]>/g, (_, tag: string, attrs: string, text: string) => `<t${tag}${attrs}>${text.replace(/（/g, "(").replace(/）/g, ")").replace(/[“”]/g, '"').replace(/：/g, ":")}</t${tag}>`);
    const { expected, got } = roundTrip(example("yunxi2021"), ascii);
    expect(got).toEqual(expected);
  });

  it("reads the 2019 label 规范性文件 under 2021 headers, and says so", () => {
    const { expected, got, result } = roundTrip(example("yunxi2021"), cell("行政规范性文件", "规范性文件"));
    expect(got).toEqual(expected);
    expect(result.report.edition).toBe("2021");
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/proactive/normativeDocuments", confidence: 0.9 }));
  });

  it("reads labels and headers broken over lines", () => {
    const split = (html: string) =>
      cell("社会公益组织", "社会<br>公益<br>组织")(cell("1.属于国家秘密", "1.属于<br>国家秘密")(cell("本年制发件数", "<p>本年</p><p>制发件数</p>")(html)));
    const { expected, got } = roundTrip(example("yunxi2021"), split);
    expect(got).toEqual(expected);
  });

  it("reads counts written with thousands separators and 件, and signed changes", () => {
    const { expected, got } = roundTrip(example("yunxi2021"), (html) => cell("250", "250件")(cell("15632", "15,632")(html)));
    expect(got).toEqual(expected);
    const report = example("raohe2019");
    report.proactive.licensing.change = -3;
    report.proactive.licensing.previousItems = 3;
    const signed = roundTrip(report, cell("-3", "减3"));
    expect(signed.got).toEqual(signed.expected);
  });

  it("converts a fee printed in 元 into 万元, exactly, and notes it", () => {
    const report = example("yunxi2021");
    const { expected, got, result } = roundTrip(report, (html) => cell("7730.28", "77,302,800")(cell("本年收费金额（单位：万元）", "本年收费金额（单位：元）")(html)));
    expect(got).toEqual(expected);
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/proactive/fees/amount", confidence: 0.8 }));
    const unit = roundTrip(report, cell("7730.28", "7730.28万元"));
    expect(unit.got).toEqual(unit.expected);
  });

  it("reads 2019's procurement amount with the unit printed beside it or in the header", () => {
    const report = example("raohe2019");
    report.proactive.procurement = { projects: 2, totalAmount: "12.5", unit: "万元" };
    expect(roundTrip(report).got).toEqual(roundTrip(report).expected);
    delete report.proactive.procurement.unit;
    const inHeader = roundTrip(report, (html) => cell("采购总金额", "采购总金额（元）")(html));
    expect(inHeader.result.report.proactive).toMatchObject({ procurement: { projects: 2, totalAmount: "12.5", unit: "元" } });
  });

  it("reads a blank cell as absent, notes it, and lets the validator name it", () => {
    const { result, imported } = roundTrip(example("yunxi2021"), (html) => edited(html, new RegExp(`(${printedAs("一、本年新收政府信息公开申请数量")}</th><td class="number"[^>]*>)213<`), "$1<"));
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/applications/received/natural", confidence: 1 }));
    expect((result.report.applications as Json).received.natural).toBeUndefined();
    expect(imported.valid).toBe(false);
    expect(imported.errors.map((e) => e.path)).toContain("/applications/received/natural");
  });

  it("imports a wrong printed total as printed, and the validator flags it", () => {
    const { result, imported } = roundTrip(example("yunxi2021"), (html) => edited(html, new RegExp(`(${printedAs("一、本年新收政府信息公开申请数量")}</th>(?:<td class="number"[^>]*>\\d+</td>){6}<td class="number"[^>]*>)250<`), "$1260<"));
    expect((result.report.applications as Json).received.total).toBe(260);
    expect(imported.valid).toBe(false);
    expect(imported.errors).toContainEqual(expect.objectContaining({ code: "A2", path: "/applications/received/total", expected: 250, actual: 260 }));
  });

  it("reads the title on one line, two or three, and a custom title", () => {
    const report = example("yunxi2021");
    const oneLine = roundTrip(report, (html) => html.replace(/<h1 class="report-title">[\s\S]*?<\/h1>/, "<h1>云溪县人民政府2024年政府信息公开工作年度报告</h1>"));
    expect(oneLine.got).toEqual(oneLine.expected);
    // three lines, broken between the units of the name, with nothing in the markup to say they are centred
    const longName = example("yunxi2021");
    longName.agency.name = "黑龙江省双鸭山市饶河县人民政府";
    const threeLines = roundTrip(longName, (html) =>
      edited(html, /<h1 class="report-title">[\s\S]*?<\/h1>/, '<div class="bt"><p>黑龙江省双鸭山市</p><p>饶河县人民政府</p><p>2024年政府信息公开工作年度报告</p></div>'),
    );
    expect(threeLines.result.report.agency).toEqual({ name: "黑龙江省双鸭山市饶河县人民政府" });
    expect(threeLines.got).toEqual(threeLines.expected);
    report.title = "云溪县人民政府2024年度政府信息公开工作报告";
    const custom = roundTrip(report);
    expect(custom.result.report).toMatchObject({ agency: { name: "云溪县人民政府" }, title: report.title, year: 2024 });
  });

  it("takes the closing block off the last section, and reads no closing where there is none", () => {
    const withClosing = roundTrip(example("yunxi2021"));
    expect(withClosing.result.report.closing).toEqual({ signatory: "云溪县人民政府办公室", date: "2025-03-20" });
    const report = example("yunxi2021");
    delete report.closing;
    const without = roundTrip(report);
    expect(without.result.report.closing).toBeUndefined();
    expect(without.got).toEqual(without.expected);
    const chinese = roundTrip(example("yunxi2021"), (html) => html.replace("2025年3月20日", "二〇二五年三月二十日"));
    expect(chinese.result.report.closing).toEqual({ signatory: "云溪县人民政府办公室", date: "2025-03-20" });
  });

  it("reads sub-headings run into their paragraph and on a line of their own, in 一, 五 and 六", () => {
    const report = example("yunxi2021");
    report.problems = {
      paragraphs: ["全年工作仍有不足。"],
      subsections: [
        { heading: "（一）主要问题", paragraphs: ["一是政策解读形式单一。", "二是队伍变动较频繁。"] },
        { heading: "（二）改进措施。", paragraphs: ["丰富解读形式。"] },
      ],
    };
    const { expected, got } = roundTrip(report);
    expect(got).toEqual(expected);
    // a web page that sets the heads in bold, without a span of the template
    const bold = roundTrip(example("yunxi2021"), (html) => html.replace(/<span class="subhead">([^<]*)<\/span>/g, "<strong>$1</strong>"));
    expect(bold.got).toEqual(bold.expected);
  });

  it("reads a 2021 report that prints （六）其他处理 as one row of zeros", () => {
    const report = example("yunxi2021");
    for (const key of ["overdueCorrection", "overdueFee", "other"]) report.applications.results.otherHandling[key] = { natural: 0, commercial: 0, research: 0, publicWelfare: 0, legalService: 0, other: 0 };
    const rows = new RegExp(`<tr><th class="label"[^>]*rowspan="3"[^>]*>${printedAs("（六）其他处理")}[\\s\\S]*?${printedAs("3.其他")}</th>(?:<td class="number"[^>]*>0</td>){7}</tr>`);
    const html = edited(edited(page(report), rows, '<tr><td class="label" colspan="2">（六）其他处理</td>' + '<td class="number">0</td>'.repeat(7) + "</tr>"), /rowspan="22"/, 'rowspan="20"');
    expect(html).not.toContain("3.其他");
    const result = read(html);
    expect(printed(normalizeReport(result.report as never), normalizeReport(report))).toEqual(printed(normalizeReport(report)));
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/applications/results/otherHandling/overdueCorrection", confidence: 1 }));
  });

  it("refuses a document with no report in it", () => {
    const attempt = () => read("<html><body><h1>关于做好2024年政务公开工作的通知</h1><p>各单位：请按要求报送。</p></body></html>");
    expect(attempt).toThrow(ImportError);
    try {
      attempt();
    } catch (error) {
      expect((error as ImportError).code).toBe("no_report_found");
      expect((error as ImportError).status).toBe(422);
    }
  });
});

