/**
 * No stretched lines (D.2): in a justified line, no gap between two Chinese characters wider than a
 * fifth of a character, nor one where Chinese meets Latin letters or digits wider than a third.
 * (Latin runs may break anywhere, as Word breaks them, so a URL never has to open such gaps.)
 */
import { isFullWidth } from "../lines.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { excerpt } from "../flow.js";

export const MAX_GAP_CHINESE = 0.2;
export const MAX_GAP_MIXED = 1 / 3;

export const stretchedLineRule: LayoutRule = {
  codes: ["stretched-line"],
  description: "两端对齐的行不拉开字距：汉字间空隙不超过五分之一字，汉字与西文、数字之间不超过三分之一字",
  check(doc) {
    const findings: LayoutFinding[] = [];
    // the spacing a line has before justification widens it (e.g. a character grid's tracking)
    const natural = doc.cell - doc.bodySize;
    for (const page of doc.pages) {
      for (const line of page.lines) {
        if (line.role !== "body" || line.x1 < page.right - doc.cell * 0.5) continue;
        let worst = 0;
        let worstAt = 0;
        let worstMixed = false;
        for (let i = 1; i < line.glyphs.length; i++) {
          const a = line.glyphs[i - 1]!;
          const b = line.glyphs[i]!;
          const aWide = isFullWidth(a.text);
          const bWide = isFullWidth(b.text);
          if (!aWide && !bWide) continue;
          const gap = (b.x - (a.x + a.width) - natural) / doc.bodySize;
          const limit = aWide && bWide ? MAX_GAP_CHINESE : MAX_GAP_MIXED;
          if (gap > limit && gap - limit > worst) {
            worst = gap - limit;
            worstAt = i;
            worstMixed = !(aWide && bWide);
          }
        }
        if (worst > 0) {
          const gap = (line.glyphs[worstAt]!.x - (line.glyphs[worstAt - 1]!.x + line.glyphs[worstAt - 1]!.width) - natural) / doc.bodySize;
          findings.push({
            code: "stretched-line",
            page: page.number,
            text: excerpt(line.text),
            message: `第${page.number}页一行被拉开：「${line.glyphs[worstAt - 1]!.text}」与「${line.glyphs[worstAt]!.text}」之间空出${Math.round(gap * 100) / 100}个字（${worstMixed ? "汉字与西文之间不超过三分之一字" : "汉字之间不超过五分之一字"}）。`,
          });
        }
      }
    }
    return findings;
  },
};
