/**
 * The Word edition of a stored version, made on request from its stored normalised source.
 *
 * Why on request and not stored beside the PDF: the source is already kept immutably with every
 * version, and a .docx is made from it in tens of milliseconds without a browser, so the light
 * "metadata" function serves it. Every version ever published has a Word edition, with no migration
 * and no bulk regeneration; nothing more is stored per version. The PDF stays the record; the Word
 * edition is an editable copy, and it follows the current Word layout.
 */
import { validateReport } from "../report/index.js";
import { StoredSourceInvalidError, VersionWithdrawnError } from "./errors.js";
import type { ServiceDeps } from "./ports.js";
import { versionSource } from "./use-cases.js";

export interface WordEditionFile {
  readonly bytes: Uint8Array;
  /** the report's title, for Content-Disposition */
  readonly fileName: string;
  /** plain ASCII, for clients that cannot read the Chinese name */
  readonly asciiName: string;
}

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A withdrawn version has no Word edition, as its PDF link answers 410: an editable copy would outlive the withdrawal. */
export async function versionWordEdition(deps: ServiceDeps, reportId: string, version: number): Promise<WordEditionFile> {
  const source = await versionSource(deps, reportId, version);
  if ((await deps.reports.getVersion(reportId, version))?.withdrawn) throw new VersionWithdrawnError(reportId, version);
  // re-read as the current rules read it, as regeneration does: the view model expects today's shape
  const result = validateReport(JSON.parse(Buffer.from(source).toString("utf8")));
  if (!result.valid || !result.normalized) throw new StoredSourceInvalidError(reportId, result.errors);
  // loaded on the first request: the other routes of the function need not wait for the docx package
  const { wordEdition } = await import("../render/word-edition.js");
  const bytes = await wordEdition(result.normalized);
  return { bytes, fileName: `${result.normalized.title}.docx`, asciiName: `${reportId}-v${version}.docx` };
}
