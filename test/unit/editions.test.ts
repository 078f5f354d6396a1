import { describe, expect, it } from "vitest";
import { applicationLeaves, EDITIONS, EDITION_IDS } from "../../functions/report/editions/index.js";

describe("edition definitions", () => {
  it("spell the characters Part A insists on", () => {
    for (const id of EDITION_IDS) {
      const labels = applicationLeaves(EDITIONS[id].applications).flatMap((l) => l.labels);
      // “三安全一稳定” with U+201C/U+201D, numbering with ASCII digit and full stop
      expect(labels).toContain("3.危及\u201c三安全一稳定\u201d");
      expect(labels).toContain("1.属于国家秘密");
      expect(EDITIONS[id].applications.cornerNote).toBe("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
      for (const label of labels) expect(label).not.toMatch(/[():]/); // full-width punctuation only
    }
  });

  it("give table 三 the official row spans: 三、本年度办理结果 spans 22 rows in 2021 and 20 in 2019", () => {
    for (const [id, rows] of [["2021", 22], ["2019", 20]] as const) {
      const leaves = applicationLeaves(EDITIONS[id].applications);
      const results = leaves.flatMap((l) => l.cells).find((c) => c.text === "三、本年度办理结果")!;
      expect(results.rowspan).toBe(rows);
      expect(leaves).toHaveLength(rows + 3);
      const otherHandling = leaves.flatMap((l) => l.cells).find((c) => c.text === "（六）其他处理")!;
      expect(otherHandling).toEqual(id === "2021" ? { text: "（六）其他处理", rowspan: 3, colspan: 1 } : { text: "（六）其他处理", rowspan: 1, colspan: 2 });
    }
  });

  it("fill every row of table 三 with exactly three label columns", () => {
    for (const id of EDITION_IDS) {
      const table = EDITIONS[id].applications;
      const leaves = applicationLeaves(table);
      // each leaf's own cell plus the cells of ancestors that start on it cover 3 columns on their first row
      const occupied = new Array<number>(leaves.length).fill(0);
      leaves.forEach((leaf, i) => {
        for (const cell of leaf.cells) for (let r = i; r < i + cell.rowspan; r++) occupied[r]! += cell.colspan;
      });
      expect(occupied.every((n) => n === table.labelColumns)).toBe(true);
    }
  });

  it("fill every group of table 二 across the same value columns", () => {
    for (const id of EDITION_IDS) {
      const { valueColumns, groups } = EDITIONS[id].proactive;
      for (const group of groups) expect(group.fields.reduce((n, f) => n + (f.colspan ?? 1), 0)).toBe(valueColumns);
    }
  });

  it("differ where the two circulars differ", () => {
    const row = (id: "2019" | "2021") => EDITIONS[id].proactive.groups[0]!.rows[1]!.label;
    expect(row("2019")).toBe("规范性文件");
    expect(row("2021")).toBe("行政规范性文件");
    expect(EDITIONS["2021"].proactive.groups.map((g) => g.heading)).toEqual([
      "第二十条第（一）项",
      "第二十条第（五）项",
      "第二十条第（六）项",
      "第二十条第（八）项",
    ]);
    expect(EDITIONS["2019"].proactive.groups.map((g) => g.heading)).toContain("第二十条第（九）项");
  });
});
