/**
 * Titles break between words (D.2): the agency's name at administrative boundaries, never inside
 * 政府信息公开工作年度报告; the lines make a 梯形 or 菱形 (widths rise, then fall), and none holds a
 * single character.
 */
import { breakOffsets, REPORT_PHRASE, titleWords } from "../../report/words.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";

export const titleRule: LayoutRule = {
  codes: ["title-break"],
  description: "标题在词间断行，不拆开「政府信息公开工作年度报告」，各行呈梯形或菱形",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const lines = (doc.pages[0]?.lines ?? []).filter((l) => l.role === "title").sort((a, b) => a.y - b.y);
    if (lines.length < 2) return findings;
    const texts = lines.map((l) => l.text.replace(/\s+/g, ""));
    const whole = texts.join("");
    const allowed = breakOffsets(titleWords(whole));
    const phraseAt = whole.indexOf(REPORT_PHRASE);
    let offset = 0;
    for (const text of texts.slice(0, -1)) {
      offset += [...text].length;
      const before = [...whole].slice(0, offset).join("");
      const after = [...whole].slice(offset).join("");
      if (phraseAt >= 0 && offset > phraseAt && offset < phraseAt + REPORT_PHRASE.length) {
        findings.push({ code: "title-break", page: 1, text: whole, message: `标题在「${REPORT_PHRASE}」中间断行（「${before}」|「${after}」）。` });
      } else if (!allowed.has(offset)) {
        findings.push({ code: "title-break", page: 1, text: whole, message: `标题在词中断行（「${before}」|「${after}」）：应在行政区划或机关名称之间断行。` });
      }
    }
    for (const text of texts) {
      if ([...text].length === 1) findings.push({ code: "title-break", page: 1, text: whole, message: `标题有一行只剩一个字「${text}」。` });
    }
    // 梯形 or 菱形: widths rise to a widest line, then fall (within half a character)
    const widths = lines.map((l) => l.x1 - l.x0);
    const slack = lines[0]!.size * 0.5;
    let i = 1;
    while (i < widths.length && widths[i]! >= widths[i - 1]! - slack) i++;
    while (i < widths.length && widths[i]! <= widths[i - 1]! + slack) i++;
    if (i < widths.length) {
      findings.push({ code: "title-break", page: 1, text: whole, message: `标题各行长短不成梯形或菱形（各行约${widths.map((w) => Math.round(w / lines[0]!.size)).join("、")}字）。` });
    }
    return findings;
  },
};
