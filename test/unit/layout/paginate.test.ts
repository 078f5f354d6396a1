/**
 * The pagination pass's decisions on laid-out flows built by hand: 38 px lines, 22 to a page. It
 * forces a break only where Chromium's own pagination (break-inside/break-after, no orphans or widows)
 * would differ from an editor's.
 */
import { describe, expect, it } from "vitest";
import { paginate, PAGE_TEXT_HEIGHT_PX, type FlowBlock } from "../../../functions/render/pagination/index.js";

const LINE = 38;

function flow() {
  let y = 0;
  const blocks: FlowBlock[] = [];
  const lines = (kind: FlowBlock["kind"], count: number) => {
    const top = y;
    blocks.push({ kind, top, bottom: (y += count * LINE), lines: count });
    return blocks.length - 1;
  };
  return {
    blocks,
    paragraph: (count: number) => lines("paragraph", count),
    heading: () => lines("heading", 1),
    closing: () => {
      y += LINE;
      const top = y;
      blocks.push({ kind: "closing", top, bottom: (y += 2 * LINE), lines: 0 });
      return blocks.length - 1;
    },
    table: (rows: number, rowHeight = 22, head = 60) => {
      const top = y;
      const rowBoxes = Array.from({ length: rows }, (_, i) => ({ top: top + head + i * rowHeight, bottom: top + head + (i + 1) * rowHeight }));
      blocks.push({ kind: "table", top, bottom: (y += head + rows * rowHeight), lines: 0, table: "applications", rows: rowBoxes });
      y += LINE; // the table's bottom margin
      return blocks.length - 1;
    },
    fill: (count: number) => {
      for (let i = 0; i < count; i++) lines("paragraph", 1);
    },
  };
}

const options = { pageHeight: PAGE_TEXT_HEIGHT_PX, tableBreaks: { applications: [2, 3, 4, 12, 15, 20, 23, 24] } };

describe("pagination pass", () => {
  it("needs nothing where Chromium already does what an editor would", () => {
    const f = flow();
    f.fill(10);
    f.paragraph(8);
    f.heading(); // line 19: the table below does not fit, Chromium moves the heading with it
    f.table(14);
    expect(paginate(f.blocks, options)).toEqual([]);
  });

  it("moves a heading that would keep only one line of its text", () => {
    const f = flow();
    f.fill(20);
    const heading = f.heading(); // line 21; its paragraph's first line would be the page's last
    f.paragraph(5);
    expect(paginate(f.blocks, options)).toEqual([{ kind: "breakBefore", block: heading }]);
  });

  it("leaves no widow: a four-line paragraph breaks two and two", () => {
    const f = flow();
    f.fill(19);
    const paragraph = f.paragraph(4); // lines 20-23: Chromium would leave its last line alone
    expect(paginate(f.blocks, options)).toEqual([{ kind: "splitParagraph", block: paragraph, line: 2 }]);
  });

  it("leaves no orphan: a paragraph does not start on a page's last line", () => {
    const f = flow();
    f.fill(21);
    const paragraph = f.paragraph(6);
    expect(paginate(f.blocks, options)).toEqual([{ kind: "breakBefore", block: paragraph }]);
  });

  it("brings the last two lines of text onto the closing block's page", () => {
    const f = flow();
    f.fill(10);
    const last = f.paragraph(12); // ends on line 22; the closing block needs the next page
    f.closing();
    expect(paginate(f.blocks, options)).toEqual([{ kind: "splitParagraph", block: last, line: 10 }]);
  });

  it("breaks a table taller than a page between groups, five rows at least on each side", () => {
    const f = flow();
    f.fill(3);
    f.heading();
    const table = f.table(25, 34); // 60 + 850 px: taller than a page
    f.paragraph(3);
    const fixes = paginate(f.blocks, options);
    const split = fixes.find((x) => x.kind === "splitTable");
    expect(split).toMatchObject({ kind: "splitTable", block: table, table: "applications" });
    const row = (split as { beforeRow: number }).beforeRow;
    expect(options.tableBreaks.applications).toContain(row);
    expect(row).toBeGreaterThanOrEqual(5);
    expect(25 - row).toBeGreaterThanOrEqual(5);
    // the first part moves to the next page with its heading by itself (break-inside: avoid)
    expect(fixes).toHaveLength(1);
  });
});
