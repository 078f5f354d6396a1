/**
 * Import: a filled-in Word template, a published PDF or a web page → the report JSON, notes on what
 * was not read for sure, and the validator's verdict. Nothing is stored; the caller decides what to
 * do with the report (check it, correct it, publish it).
 */
import { validateReport, type Diagnostic } from "../report/index.js";
import type { DocumentFormat, SourceDocument } from "./document.js";
import { ImportError } from "./errors.js";
import { checkContent } from "./formats.js";
import { Deadline, LIMITS } from "./limits.js";
import { readDocx } from "./readers/docx.js";
import { readHtml } from "./readers/html.js";
import { readPdf } from "./readers/pdf.js";
import { recognise, type ImportNote } from "./recognise/index.js";

export { ImportError, type ImportErrorCode } from "./errors.js";
export type { DocumentFormat } from "./document.js";
export type { ImportNote } from "./recognise/index.js";
export { LIMITS as IMPORT_LIMITS } from "./limits.js";
export { formatOfFileName, formatOfMediaType, MEDIA_TYPES, sniffFormat } from "./formats.js";

export async function readDocument(bytes: Uint8Array, format: DocumentFormat, deadline = new Deadline()): Promise<SourceDocument> {
  if (bytes.byteLength > LIMITS.documentBytes) {
    throw new ImportError("payload_too_large", `文档超过 ${LIMITS.documentBytes / 1024 / 1024} MiB，拒绝读取`);
  }
  if (bytes.byteLength === 0) throw ImportError.unreadable("文档是空的");
  checkContent(bytes, format);
  switch (format) {
    case "docx":
      return readDocx(bytes, deadline);
    case "pdf":
      return readPdf(bytes, deadline);
    case "html":
      return readHtml(bytes, deadline);
  }
}

export interface ImportResult {
  readonly report: Record<string, unknown>;
  readonly notes: readonly ImportNote[];
  readonly validation: { readonly valid: boolean; readonly errors: Diagnostic[]; readonly warnings: Diagnostic[] };
}

export async function importDocument(bytes: Uint8Array, format: DocumentFormat, options: { deadline?: Deadline; today?: string } = {}): Promise<ImportResult> {
  const document = await readDocument(bytes, format, options.deadline ?? new Deadline());
  const { report, notes } = recognise(document);
  const { valid, errors, warnings } = validateReport(report, options.today ? { today: options.today } : {});
  return { report, notes, validation: { valid, errors, warnings } };
}

export type ImportDocument = typeof importDocument;
