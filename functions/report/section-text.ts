/**
 * Sections 五 and 六 are written either as a list of paragraphs or, like 一、总体情况, as paragraphs
 * followed by sub-sections with （一）… headings (spec Part B.2). Readers that only want the text see
 * both forms as one shape here; the report itself keeps the form its author chose, so diagnostics
 * point into the document as it was sent.
 */
import type { NormalizedReport } from "./schema/index.js";

export type SectionBody = NormalizedReport["overview"];
export type SectionText = NormalizedReport["problems"];

export function sectionBody(text: SectionText): SectionBody {
  return Array.isArray(text) ? { paragraphs: text, subsections: [] } : text;
}

/** The JSON pointer tokens of a section's paragraph list, in the form the section was written. */
export function paragraphsPath(text: SectionText): readonly string[] {
  return Array.isArray(text) ? [] : ["paragraphs"];
}
