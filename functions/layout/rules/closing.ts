/**
 * The closing block (落款, D.2 and GB/T 9704 §7.3.5.2): the agency's name and the date stay together
 * and carry at least the last two lines of text onto their page; the name is set right with two
 * characters of right indent, the date under it starting two characters right of the name's first
 * character — or, when the date is the longer, the date right-indented two characters and the name
 * moved left to keep the two-character step. A long name wraps between words, never leaving one
 * character on a line.
 */
import { breakOffsets, nameWords } from "../../report/words.js";
import type { Line } from "../lines.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { excerpt, flow, isTextLine } from "../flow.js";

/** How far (in characters) a position may stray from the one GB/T 9704 gives. */
const TOLERANCE = 0.35;

export const closingRule: LayoutRule = {
  codes: ["closing-split", "closing-alone", "closing-placement"],
  description: "落款（机关名称与日期）不拆开、不单独成页，按GB/T 9704 §7.3.5.2排列",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const items = flow(doc);
    const closing = items.flatMap((item) => (item.block.kind === "line" && item.block.line.role === "closing" ? [item.block.line] : []));
    if (closing.length === 0) return findings;
    const text = excerpt(closing.map((l) => l.text).join(" "));
    const pages = new Set(closing.map((l) => l.page));
    if (pages.size > 1) {
      findings.push({ code: "closing-split", page: closing[closing.length - 1]!.page, text, message: `落款被分在第${[...pages].join("、")}页：机关名称与日期应在同一页。` });
    }
    const page = closing[0]!.page;
    const firstIndex = items.findIndex((item) => item.block.kind === "line" && item.block.line === closing[0]);
    const textBefore = items.slice(0, firstIndex).filter((item) => item.block.kind === "line" && isTextLine(item.block.line));
    const onPage = textBefore.filter((item) => item.page === page).length;
    const tableBefore = items.slice(0, firstIndex).some((item) => item.page === page && item.block.kind === "table");
    if (onPage < Math.min(2, textBefore.length) && !tableBefore) {
      findings.push({ code: "closing-alone", page, text, message: `落款在第${page}页上只带了${onPage}行正文：落款应至少与正文的最后两行同在一页。` });
    }

    const date = /年.*月.*日$/u.test(closing[closing.length - 1]!.text.replace(/\s+/g, "")) && closing.length > 1 ? closing[closing.length - 1]! : undefined;
    const names = date ? closing.slice(0, -1) : closing;
    const right = doc.pages[page - 1]!.right;
    const c = doc.cell;
    const place = (line: Line, what: string, expected: number, actual: number) => {
      if (Math.abs(expected - actual) > TOLERANCE) {
        findings.push({
          code: "closing-placement",
          page: line.page,
          text: excerpt(line.text),
          message: `落款的${what}应为${round(expected)}个字，实为${round(actual)}个字（GB/T 9704 §7.3.5.2）。`,
        });
      }
    };
    // the name is one block: its lines start together, its widest line sets the right indent
    const nameLeft = Math.min(...names.map((l) => l.x0));
    const widest = names.reduce((a, b) => (b.x1 - b.x0 > a.x1 - a.x0 ? b : a));
    const nameWidth = (widest.x1 - widest.x0) / c;
    if (date) {
      const dateWidth = (date.x1 - date.x0) / c;
      if (dateWidth + 2 > nameWidth + TOLERANCE) {
        place(date, "日期右空", 2, (right - date.x1) / c);
        place(widest, "机关名称首字较日期首字左移", 2, (date.x0 - nameLeft) / c);
      } else {
        place(widest, "机关名称右空", 2, (right - widest.x1) / c);
        place(date, "日期首字较机关名称首字右移", 2, (date.x0 - nameLeft) / c);
      }
    } else {
      place(widest, "机关名称右空", 2, (right - widest.x1) / c);
    }
    if (names.length > 1) {
      const whole = names.map((l) => l.text.replace(/\s+/g, "")).join("");
      const allowed = breakOffsets(nameWords(whole));
      let offset = 0;
      for (const line of names.slice(0, -1)) {
        offset += [...line.text.replace(/\s+/g, "")].length;
        if (!allowed.has(offset)) {
          findings.push({ code: "closing-placement", page: line.page, text: excerpt(whole), message: `落款的机关名称在词中断行（「${[...whole].slice(0, offset).join("")}」|「${[...whole].slice(offset).join("")}」）。` });
        }
      }
      for (const line of names) {
        if ([...line.text.replace(/\s+/g, "")].length === 1) findings.push({ code: "closing-placement", page: line.page, text: excerpt(whole), message: `落款的机关名称断行后有一行只剩一个字「${line.text.trim()}」。` });
      }
    }
    return findings;
  },
};

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}
