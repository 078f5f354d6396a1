/**
 * The pagination pass: between loading a report's page and printing it, read the layout (one
 * DOMSnapshot), decide the page breaks an editor would choose (paginate.ts), and force those that
 * Chromium would not make by itself (apply.ts). Reports that need no help cost one snapshot.
 */
import type { CDPSession } from "puppeteer-core";
import { applyFixes, type TableSplitter } from "./apply.js";
import { paginate } from "./paginate.js";
import { readFlow, type DomSnapshot } from "./snapshot.js";

export type { TableSplitter } from "./apply.js";
export { paginate, type PageFix, type PaginationOptions } from "./paginate.js";
export { readFlow, type FlowBlock } from "./snapshot.js";

/** The text block's height (GB/T 9704: 225 mm) in CSS pixels. */
export const PAGE_TEXT_HEIGHT_PX = (225 / 25.4) * 96;

export interface PaginationPass {
  /** rows of each table before which it may break (table 三's group boundaries) */
  readonly tableBreaks: Readonly<Record<string, readonly number[]>>;
  readonly splitTable: TableSplitter;
}

export function paginationPass(pass: PaginationPass): (cdp: CDPSession) => Promise<void> {
  return async (cdp) => {
    const snapshot = (await cdp.send("DOMSnapshot.captureSnapshot", { computedStyles: [] })) as unknown as DomSnapshot;
    const blocks = readFlow(snapshot);
    const fixes = paginate(blocks, { pageHeight: PAGE_TEXT_HEIGHT_PX, tableBreaks: pass.tableBreaks });
    await applyFixes(cdp, blocks, fixes, pass.splitTable);
  };
}
