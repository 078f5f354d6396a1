/** Table 三 taller than a page, in two parts: the labels spanning the break close and open again with （续）. */
import { describe, expect, it } from "vitest";
import { buildReportView, applicationBreaks, splitTableView, type TableView } from "../../../functions/render/view-model.js";
import { applicationLeaves, EDITIONS } from "../../../functions/report/editions/index.js";
import { example } from "../../helpers/examples.js";
import { normalized } from "../../helpers/renderer.js";

function applications(): TableView {
  return buildReportView(normalized(example("yunxi2021"))).sections.find((s) => s.table?.name === "applications")!.table!;
}

/** Rows each label cell covers, so the grid can be checked: every row has the table's full width. */
function widths(rows: TableView["bodies"][number]): number[] {
  const covering: number[] = [];
  return rows.map((row, r) => {
    let width = covering.filter((until) => until > r).length;
    for (const cell of row) {
      width += cell.colspan ?? 1;
      if ((cell.rowspan ?? 1) > 1) for (let k = 0; k < (cell.colspan ?? 1); k++) covering.push(r + cell.rowspan!);
    }
    return width;
  });
}

describe("table 三 split between groups", () => {
  it("may break only before the first row of a group", () => {
    const leaves = applicationLeaves(EDITIONS["2021"].applications);
    const breaks = applicationBreaks(EDITIONS["2021"]);
    expect(breaks.map((k) => leaves[k]!.labels[leaves[k]!.labels.length - 1])).toEqual([
      "二、上年结转政府信息公开申请数量",
      "（一）予以公开",
      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
      "1.属于国家秘密",
      "1.本机关不掌握相关政府信息",
      "1.信访举报投诉类申请",
      "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
      "（七）总计",
      "四、结转下年度继续办理",
    ]);
  });

  it("closes the spanning label on the first part and re-sets it, marked （续）, on the second", () => {
    const table = applications();
    const before = applicationBreaks(EDITIONS["2021"]).find((k) => applicationLeaves(EDITIONS["2021"].applications)[k]!.labels.includes("（五）不予处理"))!;
    const [first, second] = splitTableView(table, before);
    expect(first.bodies.flat()).toHaveLength(before);
    expect(second.bodies.flat()).toHaveLength(25 - before);
    expect(second.continued).toBe(true);
    expect(second.head).toEqual(table.head);
    const opening = second.bodies[0]![0]!;
    expect(opening[0]).toMatchObject({ text: "三、本年度办理结果（续）", rowspan: 25 - before - 1 });
    expect(first.bodies[0]![2]![0]).toMatchObject({ text: "三、本年度办理结果", rowspan: before - 2 });
    const columns = table.columns.length;
    for (const w of [...widths(first.bodies[0]!), ...widths(second.bodies[0]!)]) expect(w).toBe(columns);
  });
});
