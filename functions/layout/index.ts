/**
 * The layout checker: reads a PDF's text geometry and reports every violation of spec D.2 (the
 * rules an editor checks before a report goes out), each with its page and text. The tests judge
 * rendered pages with it; `nianbao check-layout` lets an admin check any PDF, including ones made
 * elsewhere.
 */
import { readLayout, type LayoutDocument } from "./document.js";
import type { LayoutFinding } from "./findings.js";
import { readPdfGeometry } from "./pdf-geometry.js";
import { LAYOUT_RULES } from "./rules/index.js";

export type { LayoutCode, LayoutFinding, LayoutRule } from "./findings.js";
export { UnreadablePdfError } from "./pdf-geometry.js";
export { LAYOUT_RULES };

export interface LayoutReport {
  readonly pages: number;
  readonly findings: readonly LayoutFinding[];
  /** the measures the rules were judged against */
  readonly metrics: { readonly bodySize: number; readonly pitch: number; readonly cell: number };
}

export function checkDocument(doc: LayoutDocument): LayoutFinding[] {
  return LAYOUT_RULES.flatMap((rule) => rule.check(doc)).sort((a, b) => a.page - b.page);
}

export async function checkLayout(pdf: Uint8Array): Promise<LayoutReport> {
  const doc = readLayout(await readPdfGeometry(pdf));
  return { pages: doc.pages.length, findings: checkDocument(doc), metrics: { bodySize: doc.bodySize, pitch: doc.pitch, cell: doc.cell } };
}

/** One line per finding: page, code, message. */
export function formatFindings(findings: readonly LayoutFinding[]): string {
  return findings.map((f) => `第${f.page}页 [${f.code}] ${f.message}${f.text && !f.message.includes(f.text) ? `  «${f.text}»` : ""}`).join("\n");
}
