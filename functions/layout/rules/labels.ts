/**
 * Table labels break between words (D.2): 自然人, 商业企业, 社会公益组织 and the group labels never
 * wrap inside a word, nor leave one character alone on a line.
 */
import { breakOffsets, labelWords } from "../../report/words.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { excerpt } from "../flow.js";

const FIGURES = /^[-+\d.,]+$/u;

export const labelRule: LayoutRule = {
  codes: ["label-break"],
  description: "表格栏目在词间换行，不留单字成行",
  check(doc) {
    const findings: LayoutFinding[] = [];
    for (const page of doc.pages) {
      for (const table of page.tables) {
        for (const cell of table.cells) {
          if (cell.lines.length < 2 || FIGURES.test(cell.text)) continue;
          const texts = cell.lines.map((l) => l.text.replace(/\s+/g, ""));
          const allowed = breakOffsets(labelWords(cell.text));
          let offset = 0;
          for (const text of texts.slice(0, -1)) {
            offset += [...text].length;
            if (!allowed.has(offset)) {
              const chars = [...cell.text];
              findings.push({
                code: "label-break",
                page: page.number,
                text: excerpt(cell.text),
                message: `表格栏目「${excerpt(cell.text, 30)}」在词中换行（「${chars.slice(Math.max(0, offset - 4), offset).join("")}」|「${chars.slice(offset, offset + 4).join("")}」）。`,
              });
              break; // one finding per label
            }
          }
          const single = texts.find((t) => [...t].length === 1);
          if (single) {
            findings.push({ code: "label-break", page: page.number, text: excerpt(cell.text), message: `表格栏目「${excerpt(cell.text, 30)}」换行后有一行只剩一个字「${single}」。` });
          }
        }
      }
    }
    return findings;
  },
};
