/**
 * The bounds within which a document is read. A real report — a few pages, three tables — is far
 * inside every one of them; a hostile document (a zip bomb, a PDF of thousands of pages, markup
 * nested a million deep) reaches one quickly and is refused before it costs memory or minutes.
 */
import { ImportError } from "./errors.js";

/**
 * What API Gateway can hand the import function on AWS. Lambda takes at most 6 MiB of request per
 * invocation, and the document reaches it base64-encoded (4 bytes for every 3) inside the event's
 * JSON, beside headers (HTTP APIs allow 10 KiB of them), the request context and the authorizer's
 * verdict: 64 KiB is kept for those. A bigger document never reaches the function at all, so the
 * function refuses from this size on with its own 413 (README: "Import on AWS").
 */
const LAMBDA_REQUEST_BYTES = 6 * 1024 * 1024;
const EVENT_ENVELOPE_BYTES = 64 * 1024;
export const LAMBDA_DOCUMENT_BYTES = Math.floor((LAMBDA_REQUEST_BYTES - EVENT_ENVELOPE_BYTES) / 4) * 3;

export const LIMITS = {
  /** the document itself, as uploaded (spec: POST /import takes at most 5 MiB; on AWS LAMBDA_DOCUMENT_BYTES) */
  documentBytes: 5 * 1024 * 1024,
  /** DOCX: entries in the zip, and bytes any one part or all parts read may inflate to */
  zipEntries: 5_000,
  partBytes: 40 * 1024 * 1024,
  totalInflatedBytes: 80 * 1024 * 1024,
  /** DOCX and HTML: element nesting (Word nests tables in tables; nothing real comes near) */
  nestingDepth: 256,
  /** HTML: elements in the page */
  elements: 400_000,
  /** PDF pages; a report has 4–20 */
  pages: 300,
  /** PDF drawing operations on one page (rulings are read from them) */
  operationsPerPage: 500_000,
  /** blocks in the document model */
  blocks: 100_000,
  tableRows: 5_000,
  tableColumns: 200,
  tableCells: 200_000,
  /** wall-clock budget for reading one document (the API's functions have 28 s in all) */
  milliseconds: 20_000,
} as const;

/** A wall-clock budget, checked between units of work (pages, parts, elements). */
export class Deadline {
  private readonly end: number;
  constructor(readonly milliseconds: number = LIMITS.milliseconds) {
    this.end = performance.now() + milliseconds;
  }

  check(): void {
    if (performance.now() > this.end) {
      throw new ImportError("import_timeout", `读取文档超过 ${Math.round(this.milliseconds / 1000)} 秒，已停止`);
    }
  }
}

/** "5 MiB", "4.45 MiB": a byte limit as people read it. */
export function mebibytes(bytes: number): string {
  return `${Number((bytes / 1024 / 1024).toFixed(2))} MiB`;
}
