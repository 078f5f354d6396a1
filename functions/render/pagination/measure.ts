/**
 * The laid-out page as the pagination pass sees it: the report's flow, block by block (title lines,
 * paragraphs, headings, tables, the closing block), with each block's position and number of lines.
 *
 * Read by one fixed expression that ChromiumEngine evaluates as the last part of loading the page,
 * once its web fonts have arrived (lines measured in a fallback face break elsewhere than the print)
 * and it has been laid out (the body is exactly as wide as the printed text block, so every line breaks as it
 * will in print).
 * The page itself runs no script: JavaScript stays disabled and its Content-Security-Policy allows
 * none; this is the service's own code, reading geometry — report text reaches it only as DOM text.
 */
export type BlockKind = "title" | "paragraph" | "heading" | "subheading" | "table" | "closing";

export interface FlowBlock {
  readonly kind: BlockKind;
  /** CSS pixels from the top of the document */
  readonly top: number;
  readonly bottom: number;
  /** lines of text of a paragraph, heading or title line (each one line-height tall) */
  readonly lines: number;
  /** for a table: its name (proactive, applications, reviewLitigation) */
  readonly table?: string;
  /** for a table: its body rows */
  readonly rows?: readonly { readonly top: number; readonly bottom: number }[];
}

/** The flow's blocks, in the order the pass numbers them (the applier finds them the same way). */
export const FLOW_SELECTOR = "h1.report-title > .title-line, main > p, main > section > *, main > footer.closing";

/** The flow's blocks, as an expression evaluated in the page (a PagePreparation's measure). */
export const MEASURE_FLOW = `(() => {
  const blocks = [];
  for (const el of document.querySelectorAll(${JSON.stringify(FLOW_SELECTOR)})) {
    const box = el.getBoundingClientRect();
    const top = box.top + window.scrollY;
    const bottom = box.bottom + window.scrollY;
    const name = el.tagName;
    // the tagged markup: the title (h1) in lines, section headings h2, sub-headings on their own line h3
    const kind = name === "TABLE" ? "table" : name === "FOOTER" ? "closing" : name === "H2" ? "heading"
      : el.classList.contains("title-line") ? "title" : el.classList.contains("subhead-line") ? "subheading" : "paragraph";
    const block = { kind, top, bottom, lines: 0 };
    if (kind === "table") {
      block.table = (/\\btable-(\\w+)/.exec(el.className) || [])[1] || "";
      block.rows = [];
      for (const body of el.tBodies) for (const row of body.rows) {
        const r = row.getBoundingClientRect();
        block.rows.push({ top: r.top + window.scrollY, bottom: r.bottom + window.scrollY });
      }
    } else if (kind !== "closing") {
      const line = parseFloat(getComputedStyle(el).lineHeight);
      block.lines = line > 0 ? Math.round((bottom - top) / line) : 1;
    }
    blocks.push(block);
  }
  return blocks;
})()`;
