/**
 * No heading ends a page (D.2): a section heading, or a sub-heading on its own line, stands on the
 * same page as its table or at least two lines of its text (or all of it, if it is shorter).
 */
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { excerpt, flow, isTextLine } from "../flow.js";

export const headingRule: LayoutRule = {
  codes: ["heading-at-page-end"],
  description: "标题不落在页末：标题与其表格或至少两行正文同在一页",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const items = flow(doc);
    items.forEach((item, i) => {
      if (item.block.kind !== "line") return;
      const heading = item.block.line;
      if (heading.role !== "heading" && heading.role !== "subheading") return;
      let onPage = 0;
      let inAll = 0;
      let tableFollows = false;
      for (let j = i + 1; j < items.length; j++) {
        const next = items[j]!;
        if (next.block.kind === "table") {
          tableFollows = inAll === 0 && next.page === item.page;
          break;
        }
        const line = next.block.line;
        if (line.role !== "body") break;
        inAll++;
        if (next.page === item.page) onPage++;
      }
      if (tableFollows) return;
      const needed = Math.min(2, inAll);
      // a heading with nothing under it is still not the last thing on its page
      const followed = items.slice(i + 1).some((n) => n.page === item.page && (n.block.kind === "table" || isTextLine(n.block.line) || n.block.line.role === "closing"));
      if (onPage < needed || (inAll === 0 && !followed)) {
        findings.push({
          code: "heading-at-page-end",
          page: item.page,
          text: excerpt(heading.text),
          message: `标题「${excerpt(heading.text, 24)}」落在第${item.page}页页末，其${inAll === 0 ? "表格" : "正文"}在下一页：标题应与其表格或至少两行正文同在一页。`,
        });
      }
    });
    return findings;
  },
};
