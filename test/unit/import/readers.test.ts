/**
 * The readers on the markup real agencies produce: web pages from a CMS, saved whole, pasted from
 * Word, in GBK; Word files with list numbering, revisions, hidden and placeholder text, and rows
 * that skip grid columns.
 */
import { describe, expect, it } from "vitest";
import type { Table } from "../../../functions/import/document.js";
import { importDocument } from "../../../functions/import/index.js";
import { readDocx } from "../../../functions/import/readers/docx.js";
import { decodeHtml, readHtml } from "../../../functions/import/readers/html.js";
import { paragraphs, type Line, type Measure } from "../../../functions/import/readers/pdf-text.js";
import { takeClosing } from "../../../functions/import/recognise/outline.js";
import { renderReport } from "../../../functions/render/html.js";
import { normalizeReport } from "../../../functions/report/index.js";
import { example } from "../../helpers/examples.js";
import { printed } from "../../helpers/import.js";
import { docxWith, W, zip } from "../../helpers/zip.js";

const report = normalizeReport(example("yunxi2021"));
const rendered = renderReport(report, { templateVersion: "test" }).html;
/** the template's <main>: the report without its title, which the page prints in a <header> above */
const article = /<main>([\s\S]*)<\/main>/.exec(rendered)![1]!;
const title = "<p>云溪县人民政府</p><p>2024年政府信息公开工作年度报告</p>";

async function importsExactly(html: string | Uint8Array): Promise<void> {
  const bytes = typeof html === "string" ? new TextEncoder().encode(html) : html;
  const result = await importDocument(bytes, "html");
  expect(printed(normalizeReport(result.report as never), report)).toEqual(printed(report));
}

describe("import: web pages", () => {
  it("finds the report inside a CMS page: navigation, breadcrumbs, meta lines and footer left out", async () => {
    const page = `<!DOCTYPE html><html><head><title>云溪县人民政府2024年政府信息公开工作年度报告_云溪县人民政府门户网站</title>
<script>var x = "一、总体情况";</script><style>.a{}</style></head><body>
<div class="top"><nav><a>首页</a><a>政务公开</a></nav><div class="crumb">当前位置：首页 &gt; 政府信息公开 &gt; 年度报告</div></div>
<div class="article"><h1 class="title">云溪县人民政府2024年政府信息公开工作年度报告</h1>
<div class="meta">发布时间：2025-03-20 来源：县政府办 浏览次数：1024 【字体：大 中 小】</div>
<div class="content" id="zoom">${article}</div>
<div class="tools">【打印本页】 【关闭窗口】</div></div>
<div class="footer"><p>主办单位：云溪县人民政府办公室 网站标识码：0000000000 ICP备案号：某ICP备00000000号</p></div></body></html>`;
    await importsExactly(page);
  });

  it("reads Word-pasted markup: <o:p>, mso styles, &nbsp; runs, <p> inside cells, spans around every run", async () => {
    // Word marks no break opportunities: its cells hold their text as one run
    const word = article
      .replace(/<wbr>/g, "")
      .replace(/<p>/g, '<p class=MsoNormal style="text-indent:32.0pt;mso-char-indent-count:2.0"><span style="font-family:仿宋_GB2312;mso-ascii-font-family:Times New Roman">')
      .replace(/<\/p>/g, "<o:p></o:p></span></p>")
      .replace(/<td([^>]*)>([^<]*)<\/td>/g, '<td$1><p class=MsoNormal align=center style="text-align:center"><span lang=EN-US>$2<o:p></o:p></span></p></td>')
      .replace(/<h1>/g, '<p class=MsoNormal><span style="font-family:黑体">&nbsp;&nbsp;&nbsp;&nbsp;')
      .replace(/<\/h1>/g, "<o:p>&nbsp;</o:p></span></p>");
    await importsExactly(`<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=ZH-CN><div class=WordSection1>${title}${word}</div><!--[if !supportLists]--></body></html>`);
  });

  it("decodes GBK pages by their meta charset, and by detection when none is declared", async () => {
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${title}${article}</body></html>`;
    const encoded = encodeGb18030(page);
    // two bytes a character, where UTF-8 takes three: this is not UTF-8
    expect(encoded.byteLength).toBeLessThan(new TextEncoder().encode(page).byteLength);
    expect(decodeHtml(encoded)).toBe(page);
    expect(decodeHtml(encodeGb18030(page.replace(/<meta[^>]*>/, "")))).toBe(page.replace(/<meta[^>]*>/, ""));
    await importsExactly(encoded);
  });

  it("reads a page whose layout is a table around the article", async () => {
    await importsExactly(`<html><body><table width=900><tr><td>${title}${article}</td></tr></table></body></html>`);
  });

  it("keeps <br> line breaks as paragraph breaks in prose, and as line breaks in cells", async () => {
    const document = readHtml(new TextEncoder().encode("<p>一、总体情况</p><p>第一段<br>第二段</p><table><tr><td>商业<br>企业</td><td>科研<p>机构</p></td></tr></table>"));
    expect(document.blocks[1]).toMatchObject({ kind: "paragraph", text: "第一段\n第二段" });
    expect((document.blocks[2] as Table).grid[0]!.map((s) => s.cell.text)).toEqual(["商业\n企业", "科研\n机构"]);
  });
});

/** GB18030 has no encoder in the platform; the page's characters are looked up in the decoder's table. */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else if (table.has(ch)) out.push(...table.get(ch)!);
    else throw new Error(`no GB18030 two-byte code for ${ch}`);
  }
  return new Uint8Array(out);
}

const doc = (inner: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${inner}</w:body></w:document>`;
const p = (text: string, props = "") => `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ""}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe("import: Word documents", () => {
  it("leaves out deleted revisions, hidden text and placeholder text, and keeps insertions", async () => {
    const body = doc(
      `<w:p><w:r><w:t>本年</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>新</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>制发</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>` +
        `<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>` +
        `<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件中的文字</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
    );
    const document = await readDocx(docxWith(body));
    expect(document.blocks.map((b) => (b.kind === "paragraph" ? b.text : "table"))).toEqual(["本年制发", "控件中的文字"]);
  });

  it("resolves vMerge, gridSpan, gridBefore and the legacy hMerge into one grid", async () => {
    const tc = (text: string, props = "") => `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ""}${p(text)}</w:tc>`;
    const body = doc(
      `<w:tbl><w:tblGrid/>` +
        `<w:tr>${tc("甲", '<w:vMerge w:val="restart"/>')}${tc("乙", '<w:gridSpan w:val="2"/>')}</w:tr>` +
        `<w:tr>${tc("", "<w:vMerge/>")}${tc("丙", '<w:hMerge w:val="restart"/>')}${tc("", '<w:hMerge w:val="continue"/>')}</w:tr>` +
        `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc("丁")}${tc("戊")}</w:tr></w:tbl>`,
    );
    const table = (await readDocx(docxWith(body))).blocks[0] as Table;
    expect(table.grid.map((row) => row.map((s) => s.cell.text))).toEqual([
      ["甲", "乙", "乙"],
      ["甲", "丙", "丙"],
      ["", "丁", "戊"],
    ]);
    expect(table.grid[0]![0]!.cell.rowspan).toBe(2);
  });

  it("puts back the numbers Word's list numbering prints: 一、 and （一）", async () => {
    const numbering = `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
    const numPr = (level: number) => `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="3"/></w:numPr>`;
    const body = doc([p("总体情况", numPr(0)), p("主动公开。", numPr(1)), p("依申请公开。", numPr(1)), p("主动公开政府信息情况", numPr(0)), p("十一项", numPr(1))].join(""));
    const types = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`;
    const bytes = zip([
      { name: "[Content_Types].xml", data: new TextEncoder().encode(types) },
      { name: "word/document.xml", data: new TextEncoder().encode(body) },
      { name: "word/numbering.xml", data: new TextEncoder().encode(numbering) },
    ]);
    const document = await readDocx(bytes);
    expect(document.blocks.map((b) => (b.kind === "paragraph" ? b.text : ""))).toEqual(["一、总体情况", "（一）主动公开。", "（二）依申请公开。", "二、主动公开政府信息情况", "（一）十一项"]);
  });

  it("says which Office file it got when it is not a Word document", async () => {
    const types = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`;
    await expect(readDocx(zip([{ name: "[Content_Types].xml", data: new TextEncoder().encode(types) }]))).rejects.toThrow(/Excel/);
  });
});

describe("import: PDF text", () => {
  /** a line of body-size (16 pt) text from x0, one character cell a character (digits half) */
  const line = (text: string, x0: number, y: number): Line => {
    const width = [...text].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 8 : 16), 0);
    return { runs: [{ text, x: x0, y, width, size: 16, family: "FangSong", vertical: false }], text, x0, x1: x0 + width, y, size: 16 };
  };
  const measure: Measure = { left: 0, right: 448, size: 16 };

  it("reads the closing block as GB/T 9704 sets it: a long name over two lines at one left edge, the date two characters in", () => {
    // the box ends two characters (32 pt) before the right edge; its widest line, the name's second, sets its left edge
    const left = 448 - 32 - 18 * 16;
    const flow = [
      line("我们持续做好重点领域信息的主动公开，群众满意度有所提升。本机关切实推动政务新媒体", 32, 700),
      line("与门户网站协同发布。", 0, 672),
      line("黑龙江省伊犁哈萨克自治州", left, 600),
      line("乳源瑶族自治县五道河乡人民政府办公室", left, 572),
      line("2025年1月20日", left + 32, 544),
    ].map((l) => ({ kind: "line" as const, line: l, measure }));
    const read = paragraphs(flow);
    // line by line, the name's first line reads as centred and the date as set left; as a block, all to the right
    expect(read.map((p) => p.align)).toEqual([undefined, "right", "right", "right"]);
    expect(takeClosing(read)).toEqual({ signatory: "黑龙江省伊犁哈萨克自治州乳源瑶族自治县五道河乡人民政府办公室", date: "2025-01-20" });
    expect(read.map((p) => p.text)).toEqual(["我们持续做好重点领域信息的主动公开，群众满意度有所提升。本机关切实推动政务新媒体与门户网站协同发布。"]);
  });

  it("leaves short lines at the margin where they are: a closing block starts well inside the measure", () => {
    const flow = [line("（一）主要问题", 32, 700), line("（二）改进措施", 32, 672)].map((l) => ({ kind: "line" as const, line: l, measure }));
    expect(paragraphs(flow).map((p) => p.align)).toEqual([undefined, undefined]);
  });
});
