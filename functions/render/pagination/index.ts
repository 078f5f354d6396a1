/**
 * The pagination pass: between loading a report's page and printing it, measure the laid-out flow
 * (measure.ts), decide the page breaks an editor would choose (paginate.ts), and force those that
 * Chromium would not make by itself (apply.ts). The measuring rides on the page's loading; a report
 * that needs no help costs no DevTools call of its own.
 */
import type { PagePreparation } from "../chromium.js";
import { applyFixes, type TableSplitter } from "./apply.js";
import { MEASURE_FLOW, type FlowBlock } from "./measure.js";
import { paginate } from "./paginate.js";
import { DROP_UNUSED_BREAKS } from "./used-breaks.js";

export type { TableSplitter } from "./apply.js";
export { MEASURE_FLOW, type FlowBlock } from "./measure.js";
export { paginate, type PageFix, type PaginationOptions } from "./paginate.js";

/** The text block's height (GB/T 9704: 225 mm) in CSS pixels. */
export const PAGE_TEXT_HEIGHT_PX = (225 / 25.4) * 96;

export interface PaginationPass {
  /** rows of each table before which it may break (table 三's group boundaries) */
  readonly tableBreaks: Readonly<Record<string, readonly number[]>>;
  readonly splitTable: TableSplitter;
}

export function paginationPass(pass: PaginationPass): PagePreparation {
  return {
    // measured as the page finishes loading (see ChromiumEngine.load); then, the lines known, the
    // break opportunities they do not use are taken out
    measure: `(() => { const blocks = ${MEASURE_FLOW}; ${DROP_UNUSED_BREAKS}; return blocks; })()`,
    adjust: async (cdp, measured) => {
      const fixes = paginate(measured as FlowBlock[], { pageHeight: PAGE_TEXT_HEIGHT_PX, tableBreaks: pass.tableBreaks });
      await applyFixes(cdp, fixes, pass.splitTable);
    },
  };
}
