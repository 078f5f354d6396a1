/**
 * Tables (D.2): 二 and 四 never break; 三 stays whole when it can, and when it truly cannot fit one
 * page it breaks only between groups, with at least five data rows on each side, the result rows'
 * label re-set on the continuation as 「三、本年度办理结果（续）」.
 */
import type { TablePiece } from "../table-geometry.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { blockHeight, excerpt, printedTables } from "../flow.js";

/** Fewer data rows than this may not stand on either side of a break in table 三. */
export const MIN_ROWS_AT_BREAK = 5;

const NUMBERED_ITEM = /^\d+\./u;
const GROUP_LABEL = /^（[一二三四五六七]）/u;
const CONTINUED = "三、本年度办理结果（续）";

/** The height the pieces would take as one table: every repeated header counted once. */
function wholeHeight(pieces: readonly TablePiece[]): number {
  return pieces.reduce((sum, piece, i) => sum + (piece.bottom - piece.top) - (i > 0 && piece.firstDataTop > piece.top + 1 ? piece.firstDataTop - piece.top : 0), 0);
}

function firstRowLabels(piece: TablePiece): string[] {
  return piece.cells.filter((c) => Math.abs(c.top - piece.firstDataTop) < 1 && !/^[-+\d.,]+$/u.test(c.text)).map((c) => c.text);
}

export const tableRule: LayoutRule = {
  codes: ["table-split", "table-3-split", "table-3-break"],
  description: "表二、表四不断开；表三能排在一页时整表排在一页，否则只在分组之间断开，两边各不少于5行数据，续页重标「（续）」",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const available = blockHeight(doc);
    for (const table of printedTables(doc)) {
      if (table.pieces.length < 2) continue;
      const [first, ...rest] = table.pieces;
      const where = `第${first!.page}至${table.pieces[table.pieces.length - 1]!.page}页`;
      if (table.kind === "二" || table.kind === "四") {
        findings.push({
          code: "table-split",
          page: rest[0]!.page,
          text: excerpt(rest[0]!.text),
          message: `表${table.kind}跨页断开（${where}）：表${table.kind}应完整排在一页上。`,
        });
        continue;
      }
      if (table.kind !== "三") continue;
      if (wholeHeight(table.pieces) + doc.pitch <= available) {
        findings.push({
          code: "table-3-split",
          page: rest[0]!.page,
          text: excerpt(rest[0]!.text),
          message: `表三分成${table.pieces.length}段（${where}），但整表连同标题能排在一页上：应整表移到下一页。`,
        });
        continue;
      }
      table.pieces.forEach((piece, i) => {
        if (i === 0) return;
        const before = table.pieces[i - 1]!;
        if (before.dataRowTops.length < MIN_ROWS_AT_BREAK || piece.dataRowTops.length < MIN_ROWS_AT_BREAK) {
          findings.push({
            code: "table-3-break",
            page: piece.page,
            text: excerpt(piece.text),
            message: `表三在第${before.page}页与第${piece.page}页之间断开，断处一侧只有${Math.min(before.dataRowTops.length, piece.dataRowTops.length)}行数据（至少应有${MIN_ROWS_AT_BREAK}行）。`,
          });
        }
        const labels = firstRowLabels(piece);
        // a numbered item may open the continuation only together with its group's label
        if (labels.some((l) => NUMBERED_ITEM.test(l)) && !labels.some((l) => GROUP_LABEL.test(l))) {
          findings.push({
            code: "table-3-break",
            page: piece.page,
            text: excerpt(labels.join(" ")),
            message: `表三在分组之内断开（续页以「${excerpt(labels.find((l) => NUMBERED_ITEM.test(l))!, 20)}」开始）：只能在分组之间断开。`,
          });
        }
        const continuesResults = /（[一二三四五六七]）/u.test(piece.text);
        if (continuesResults && !piece.text.includes(CONTINUED)) {
          findings.push({
            code: "table-3-break",
            page: piece.page,
            text: excerpt(labels.join(" ")),
            message: `表三续页的「三、本年度办理结果」一栏没有重新标注为「${CONTINUED}」。`,
          });
        }
      });
    }
    return findings;
  },
};
