/** The title's lines and the closing block's name: between words, 梯形 or 菱形, never over-long. */
import { describe, expect, it } from "vitest";
import { breakWords, cellsOf } from "../../../functions/render/line-breaks.js";
import { nameWords } from "../../../functions/report/words.js";

const widths = (lines: string[][]) => lines.map((l) => cellsOf(l.join("")));

describe("breaking a title between words", () => {
  it("keeps a name that fits on one line", () => {
    expect(breakWords(nameWords("云溪县人民政府"), 20, "2024年政府信息公开工作年度报告")).toEqual([["云溪县", "人民政府"], ["2024年政府信息公开工作年度报告"]]);
  });

  it("never makes a line longer than the measure, and keeps every word whole", () => {
    const name = "新疆维吾尔自治区伊犁哈萨克自治州察布查尔锡伯自治县孙扎齐牛录镇人民政府";
    const lines = breakWords(nameWords(name), 20);
    expect(lines.flat().join("")).toBe(name);
    for (const w of widths(lines)) expect(w).toBeLessThanOrEqual(20);
    expect(lines.flat()).toEqual(nameWords(name));
  });

  it("takes a line more rather than an hourglass: the widths rise, then fall", () => {
    // 广西壮族自治区 伊犁哈萨克自治州 | 云溪县城关镇人民政府办公室 would be 15 / 13 / 15.4
    const lines = breakWords(nameWords("广西壮族自治区伊犁哈萨克自治州云溪县城关镇人民政府办公室"), 20, "2021年政府信息公开工作年度报告");
    const w = widths(lines);
    const peak = w.indexOf(Math.max(...w));
    for (let i = 1; i <= peak; i++) expect(w[i]!).toBeGreaterThanOrEqual(w[i - 1]! - 0.5);
    for (let i = peak + 1; i < w.length; i++) expect(w[i]!).toBeLessThanOrEqual(w[i - 1]! + 0.5);
    expect(lines[lines.length - 1]).toEqual(["2021年政府信息公开工作年度报告"]);
  });

  it("counts digits and Latin letters as narrower than ideographs", () => {
    expect(cellsOf("2024年")).toBeCloseTo(3.4);
    expect(cellsOf("政府")).toBe(2);
  });
});
