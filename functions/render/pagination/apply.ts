/**
 * Carries the pagination pass's decisions into the loaded page through DevTools (the page runs no
 * script): a forced break is a class on the block; a paragraph broken across pages becomes two
 * paragraphs, the first justified to its end, the second continuing without an indent on the next
 * page; a table taller than a page is replaced by its two parts.
 */
import type { CDPSession } from "puppeteer-core";
import type { PageFix } from "./paginate.js";
import type { FlowBlock } from "./snapshot.js";

/** Builds the HTML of table 三 in two parts, broken before the given body row. */
export type TableSplitter = (table: string, beforeRow: number) => string | undefined;

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}

/** The block's content cut at a text offset, as the HTML of its two halves. */
function splitContent(block: FlowBlock, offset: number): [string, string] {
  const halves: [string, string] = ["", ""];
  let at = 0;
  for (const part of block.content) {
    const cut = Math.max(0, Math.min(part.text.length, offset - at));
    const pieces = [part.text.slice(0, cut), part.text.slice(cut)];
    pieces.forEach((text, half) => {
      if (!text) return;
      halves[half] += "tag" in part ? `<${part.tag} class="${escapeAttribute(part.className)}">${escapeText(text)}</${part.tag}>` : escapeText(text);
    });
    at += part.text.length;
  }
  return halves;
}

function withClass(className: string, added: string): string {
  return `${className} ${added}`.trim();
}

export async function applyFixes(cdp: CDPSession, blocks: readonly FlowBlock[], fixes: readonly PageFix[], splitTable?: TableSplitter): Promise<void> {
  if (fixes.length === 0) return;
  await cdp.send("DOM.getDocument", { depth: 0 });
  const { nodeIds } = await cdp.send("DOM.pushNodesByBackendIdsToFrontend", { backendNodeIds: fixes.map((f) => blocks[f.block]!.node) });
  for (const [i, fix] of fixes.entries()) {
    const block = blocks[fix.block]!;
    const nodeId = nodeIds[i]!;
    if (fix.kind === "breakBefore") {
      await cdp.send("DOM.setAttributeValue", { nodeId, name: "class", value: withClass(block.className, "page-break") });
    } else if (fix.kind === "splitParagraph") {
      const [head, tail] = splitContent(block, fix.offset);
      const outerHTML =
        `<p class="${escapeAttribute(withClass(block.className, "split-head"))}">${head}</p>` +
        `<p class="${escapeAttribute(withClass(block.className, "split-tail page-break"))}">${tail}</p>`;
      await cdp.send("DOM.setOuterHTML", { nodeId, outerHTML });
    } else {
      const outerHTML = splitTable?.(block.table ?? "", fix.beforeRow);
      if (outerHTML) await cdp.send("DOM.setOuterHTML", { nodeId, outerHTML });
    }
  }
}
