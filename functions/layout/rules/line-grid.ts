/**
 * The body text's grid (D.2, GB/T 9704 §5.2.1): 28 characters to a full line, 22 lines to a page,
 * every baseline on a constant pitch — a run-in 楷体 sub-heading must not push its line off it.
 */
import { isFullWidth, type Line } from "../lines.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { blockHeight, excerpt, isTextLine } from "../flow.js";

export const CHARS_PER_LINE = 28;
export const LINES_PER_PAGE = 22;
/**
 * How far (pt) a step between baselines may differ from a whole number of pitches: Chromium rounds
 * each baseline to a device pixel (0.75 pt), so a pitch that is not a whole number of pixels jitters
 * by up to one pixel; a run-in head of another face shifts its line by two pixels or more.
 */
const GRID_TOLERANCE = 0.8;

/** Characters that may not begin a line; a break before one moves the character before it down too. */
const NO_LINE_START = /[，。、；：？！）」』”’》〉】…—·]/u;
const NO_LINE_END = /[（「『“‘《〈【]/u;

function cells(line: Line, left: number, cell: number): number {
  return Math.round((line.x0 - left) / cell) + line.glyphs.length;
}

export const lineGridRule: LayoutRule = {
  codes: ["chars-per-line", "lines-per-page", "line-grid"],
  description: "正文每行28字、每页22行，行距恒定（接排的楷体小标题不改变基线位置）",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const height = blockHeight(doc);
    if (doc.pitch * LINES_PER_PAGE > height + 0.5 || doc.pitch * (LINES_PER_PAGE + 1) <= height) {
      findings.push({
        code: "lines-per-page",
        page: 1,
        text: "",
        message: `正文行距${Math.round(doc.pitch * 100) / 100}磅，版心高${Math.round(height)}磅排${Math.floor((height + 0.5) / doc.pitch)}行：应为每页${LINES_PER_PAGE}行。`,
      });
    }
    const text = doc.pages.flatMap((page) => page.lines.filter(isTextLine));
    text.forEach((line, i) => {
      const page = doc.pages[line.page - 1]!;
      const next = text[i + 1];
        // a full line of Chinese: count its character cells
        if (line.role === "body" && line.x1 >= page.right - doc.cell * 0.5 && line.glyphs.every((g) => isFullWidth(g.text))) {
          const count = cells(line, page.left, doc.cell);
          const start = next ? next.glyphs.slice(0, 3).map((g) => g.text).join("") : "";
          const kinsoku = count < CHARS_PER_LINE && count >= CHARS_PER_LINE - 2 && (NO_LINE_START.test(start) || NO_LINE_END.test(line.glyphs[line.glyphs.length - 1]!.text + start[0]));
          if (count !== CHARS_PER_LINE && !kinsoku) {
            findings.push({ code: "chars-per-line", page: page.number, text: excerpt(line.text), message: `第${page.number}页一整行排了${count}个字：正文每行应为${CHARS_PER_LINE}个字。` });
          }
        }
    });
    for (const page of doc.pages) {
      // baselines between two tables (or a table and the page's edge) keep one pitch
      const runs: Line[][] = [[]];
      for (const block of page.blocks) {
        if (block.kind === "table") runs.push([]);
        else if (isTextLine(block.line) || block.line.role === "closing") runs[runs.length - 1]!.push(block.line);
      }
      for (const run of runs) {
        for (let i = 1; i < run.length; i++) {
          const d = run[i]!.y - run[i - 1]!.y;
          const steps = Math.max(1, Math.round(d / doc.pitch));
          if (Math.abs(d - steps * doc.pitch) > GRID_TOLERANCE) {
            findings.push({
              code: "line-grid",
              page: page.number,
              text: excerpt(run[i]!.text),
              message: `第${page.number}页此行基线偏离行距网格${Math.round((d - steps * doc.pitch) * 100) / 100}磅（行距${Math.round(doc.pitch * 100) / 100}磅）。`,
            });
          }
        }
      }
    }
    return findings;
  },
};
