/**
 * The last step of a render: Chromium's tagged PDF made complete and compact. The official tables'
 * header associations are corrected (pdf-structure.ts), everything painted outside the tagged content
 * is marked as an artifact (pdf-artifacts.ts), and the file is rewritten with object streams
 * (pdf-objects.ts), which is what keeps a tagged report smaller than the untagged one used to be.
 */
import { markPageArtifacts } from "./pdf-artifacts.js";
import { addDocumentInfo, filePageCount, withContentId, type PdfInfo } from "./pdf-info.js";
import { readPdf, writeCompactPdf } from "./pdf-objects.js";
import { correctTableHeaders, type StructureTable } from "./pdf-structure.js";

export type { StructureTable };

export interface FinishedPdf {
  readonly pdf: Uint8Array;
  readonly pages: number;
}

/** Everything a printed report gets after Chromium: document information, tagging, compaction, its ID. */
export function finishTaggedPdf(printed: Uint8Array, { info, tables }: { info: PdfInfo; tables: readonly StructureTable[] }): FinishedPdf {
  const file = readPdf(printed);
  addDocumentInfo(file, info);
  const pages = filePageCount(file);
  const { repeated } = correctTableHeaders(file, tables);
  markPageArtifacts(file, repeated);
  return { pdf: withContentId(writeCompactPdf(file)), pages };
}
