/**
 * The last step of a render: Chromium's tagged PDF made complete and compact. The official tables'
 * header associations are corrected (pdf-structure.ts), everything painted outside the tagged content
 * is marked as an artifact (pdf-artifacts.ts), and the file is rewritten with object streams
 * (pdf-objects.ts), which is what keeps a tagged report smaller than the untagged one used to be.
 */
import { markPageArtifacts } from "./pdf-artifacts.js";
import { readPdf, writeCompactPdf } from "./pdf-objects.js";
import { correctTableHeaders, type StructureTable } from "./pdf-structure.js";

export type { StructureTable };

export function finishTaggedPdf(pdf: Uint8Array, tables: readonly StructureTable[]): Uint8Array {
  const file = readPdf(pdf);
  const { repeated } = correctTableHeaders(file, tables);
  markPageArtifacts(file, repeated);
  return writeCompactPdf(file);
}
