/**
 * Why a document could not be imported. Each kind maps to one HTTP status and one CLI exit code, so
 * the API and the command line refuse the same documents in the same words.
 */
export type ImportErrorCode =
  /** not a DOCX, PDF or web page (415) */
  | "unsupported_type"
  /** over the size limit (413) */
  | "payload_too_large"
  /** damaged, encrypted, or not what it says it is (422) */
  | "unreadable_document"
  /** past a structural limit: a zip bomb, nesting, a huge table, too many pages (422) */
  | "document_too_complex"
  /** a PDF whose pages are pictures: a scan without a text layer (422) */
  | "no_text_layer"
  /** read, but there is no annual report in it (422) */
  | "no_report_found"
  /** reading took longer than allowed (422) */
  | "import_timeout";

const STATUS: Readonly<Record<ImportErrorCode, number>> = {
  unsupported_type: 415,
  payload_too_large: 413,
  unreadable_document: 422,
  document_too_complex: 422,
  no_text_layer: 422,
  no_report_found: 422,
  import_timeout: 422,
};

export class ImportError extends Error {
  readonly status: number;
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImportError";
    this.status = STATUS[code];
  }

  static unreadable(message: string): ImportError {
    return new ImportError("unreadable_document", message);
  }

  static tooComplex(detail: string): ImportError {
    return new ImportError("document_too_complex", `文档超出可读取的范围：${detail}`);
  }
}
