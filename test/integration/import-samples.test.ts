/**
 * The real documents of shared/samples (copied into test/import/fixtures): the WPS-made Hongze report imports cell for cell to the JSON
 * written by hand from its pages (test/import/fixtures), and the official blank template reads with
 * its merged cells resolved as the format lays them out.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rowCells, type Table } from "../../functions/import/document.js";
import { importDocument, readDocument } from "../../functions/import/index.js";
import { TODAY } from "../helpers/examples.js";

const SAMPLES = new URL("../import/fixtures/", import.meta.url);
const sample = (name: string) => new Uint8Array(readFileSync(new URL(name, SAMPLES)));
const fixture = JSON.parse(readFileSync(new URL("../import/fixtures/hongze-qu-2024.expected.json", import.meta.url), "utf8"));

describe("import: the real samples", () => {
  it("reads the WPS-made Hongze report cell for cell as written by hand, and the validator finds its text-table slip", async () => {
    const result = await importDocument(sample("hongze-qu-2024.pdf"), "pdf", { today: TODAY });
    expect(result.report).toEqual(fixture);
    expect(result.validation.valid).toBe(true);
    // the report says 「受理政府信息公开申请17件」 where its table 三 counts 95 new applications
    expect(result.validation.warnings).toContainEqual(expect.objectContaining({ code: "text-table", expected: 95, actual: 17 }));
    // its 「2.其他法律行政止公开」 is printed short, and its （六） is one row: both read, both noted
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/applications/results/withheld/prohibitedByLaw" }));
    expect(result.notes).toContainEqual(expect.objectContaining({ path: "/applications/results/otherHandling/other", confidence: 0.5 }));
  });

  it("reads the official blank template's tables with their merged cells resolved", async () => {
    const document = await readDocument(sample("official-template-2021.docx"), "docx");
    const tables = document.blocks.filter((b): b is Table => b.kind === "table");
    expect(tables.map((t) => [t.grid.length, t.columns])).toEqual([
      [14, 4],
      [28, 10],
      [4, 15],
    ]);
    const [proactive, applications, review] = tables as [Table, Table, Table];
    // 第二十条第（五）项 spans the table; 本年处理决定数量 spans the three value columns
    expect(rowCells(proactive, 4).map((c) => [c.slot.cell.text, c.width])).toEqual([["第二十条第（五）项", 4]]);
    expect(rowCells(proactive, 5).map((c) => [c.slot.cell.text, c.width])).toEqual([["信息内容", 1], ["本年处理决定数量", 3]]);
    // the corner cell covers 3×3; 三、本年度办理结果 runs down 22 rows; （三）不予公开 down 8
    expect(applications.grid[2]![2]!.cell.text).toMatch(/^（本列数据的勾稽关系为/);
    expect(applications.grid[2]![2]!.cell).toMatchObject({ rowspan: 3, colspan: 3 });
    expect(applications.grid[5]![0]!.cell).toMatchObject({ text: "三、本年度办理结果", rowspan: 22 });
    expect(applications.grid[14]![1]!.cell).toMatchObject({ text: "（三）不予公开", rowspan: 8 });
    expect(applications.grid[14]![2]!.cell.text).toBe("8.属于行政查询事项");
    expect(rowCells(applications, 2).slice(1).map((c) => c.slot.cell.text.replace(/\n/g, ""))).toEqual(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]);
    // table 四: the review outcomes span two header rows, the data row has fifteen cells
    expect(review.grid[2]![0]!.cell).toMatchObject({ text: "结果维持", rowspan: 2 });
    expect(rowCells(review, 3)).toHaveLength(15);
  });

  it("imports the blank template as read but invalid: every empty cell noted, nothing invented", async () => {
    const result = await importDocument(sample("official-template-2021.docx"), "docx");
    expect(result.validation.valid).toBe(false);
    expect(result.report).toMatchObject({ edition: "2021", agency: { name: "" } });
    const blanks = result.notes.filter((n) => /单元格空白/.test(n.message));
    // 10 cells of table 二 (规章 and 行政规范性文件 × 3, four single figures), 25 rows × 7 of table 三, 15 of table 四
    expect(blanks).toHaveLength(10 + 25 * 7 + 15);
    expect((result.report.applications as { received: object }).received).toEqual({});
  });
});
