/**
 * Carries the pagination pass's decisions into the loaded page, with one fixed function evaluated
 * through DevTools (see measure.ts): a forced break is a class on the block; a paragraph broken
 * across pages becomes two paragraphs at the start of the given line, the first justified to its
 * end, the second continuing without an indent on the next page; a table taller than a page is
 * replaced by its two parts (HTML from the report's own templates, so every text in it is escaped).
 */
import type { CDPSession } from "puppeteer-core";
import { FLOW_SELECTOR } from "./measure.js";
import type { PageFix } from "./paginate.js";

/** Builds the HTML of table 三 in two parts, broken before the given body row. */
export type TableSplitter = (table: string, beforeRow: number) => string | undefined;

const APPLY = `function (fixes) {
  const blocks = Array.from(document.querySelectorAll(${JSON.stringify(FLOW_SELECTOR)}));
  /** where line \`line\` of a block starts: the first character whose middle lies below the line's top */
  function lineStart(el, line) {
    const lineTop = el.getBoundingClientRect().top + line * parseFloat(getComputedStyle(el).lineHeight);
    const texts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) for (let i = 0; i < n.data.length; i++) texts.push([n, i]);
    const range = document.createRange();
    // the glyph's own box: a range ending at a line break also has an empty box on the next line
    const below = (k) => {
      range.setStart(texts[k][0], texts[k][1]);
      range.setEnd(texts[k][0], texts[k][1] + 1);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) return r.top + r.height / 2 > lineTop;
      return false;
    };
    let lo = 0, hi = texts.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (below(mid)) hi = mid; else lo = mid + 1; }
    return texts[lo];
  }
  for (const fix of fixes) {
    const el = blocks[fix.block];
    if (!el) continue;
    if (fix.kind === "breakBefore") {
      el.classList.add("page-break");
    } else if (fix.kind === "splitParagraph") {
      const start = lineStart(el, fix.line);
      if (!start) continue;
      const range = document.createRange();
      range.setStart(start[0], start[1]);
      range.setEndAfter(el.lastChild);
      const tail = el.cloneNode(false);
      tail.append(range.extractContents());
      tail.classList.add("split-tail", "page-break");
      el.classList.add("split-head");
      el.after(tail);
    } else if (fix.html) {
      el.outerHTML = fix.html;
    }
  }
}`;

export async function applyFixes(cdp: CDPSession, fixes: readonly PageFix[], splitTable?: TableSplitter): Promise<void> {
  if (fixes.length === 0) return;
  const payload = fixes.map((fix) => (fix.kind === "splitTable" ? { ...fix, html: splitTable?.(fix.table, fix.beforeRow) } : fix));
  // JSON is a JavaScript expression: the decisions (and the tables' escaped HTML) go in as data
  const { exceptionDetails } = await cdp.send("Runtime.evaluate", { expression: `(${APPLY})(${JSON.stringify(payload)})` });
  if (exceptionDetails) throw new Error(`laying out the pages failed: ${exceptionDetails.text}`);
}
