/** What the layout checker reports: one finding per violation of spec D.2, with its page and text. */
import type { LayoutDocument } from "./document.js";

export type LayoutCode =
  | "table-split"
  | "table-3-split"
  | "table-3-break"
  | "heading-at-page-end"
  | "closing-split"
  | "closing-alone"
  | "closing-placement"
  | "stretched-line"
  | "title-break"
  | "label-break"
  | "chars-per-line"
  | "lines-per-page"
  | "line-grid"
  | "subheading-placement";

export interface LayoutFinding {
  readonly code: LayoutCode;
  /** 1-based page the violation is on */
  readonly page: number;
  /** the text it concerns, as printed */
  readonly text: string;
  /** zh-CN, what an editor would say */
  readonly message: string;
}

/** One D.2 rule: reads the document model, reports its violations. */
export interface LayoutRule {
  readonly codes: readonly LayoutCode[];
  /** the D.2 rule in an editor's words */
  readonly description: string;
  check(doc: LayoutDocument): LayoutFinding[];
}
