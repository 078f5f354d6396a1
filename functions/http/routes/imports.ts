/**
 * POST /import: the document itself as the body (a filled-in Word template, a published PDF or web
 * page) → the report JSON, notes on what was not read for sure, and the validator's verdict. Nothing
 * is stored. The body is raw bytes with its own limit (5 MiB; less on AWS, see importLimitBytes),
 * refused by Content-Type (415) and by Content-Length (413) before a byte is read. The importer itself
 * is handed in by the composition root (the import function, the local service), so no other function
 * carries its parsers.
 */
import { ImportError } from "../../import/errors.js";
import { formatOfMediaType, MEDIA_TYPES } from "../../import/formats.js";
import { LIMITS as IMPORT_LIMITS, mebibytes } from "../../import/limits.js";
import { json, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

function tooLarge(limit: number): ApiError {
  return new ApiError(413, "payload_too_large", `文档超过 ${mebibytes(limit)}（${limit} 字节）`);
}

export const importRoutes: RouteHandlers = {
  async importReport(c, s) {
    // the readers (pdf.js, the XML and HTML parsers) come with the composition that serves this route
    if (!s.importDocument) throw new ApiError(503, "unavailable", "此处不提供导入");
    const format = formatOfMediaType(c.req.header("content-type"));
    if (!format) {
      throw new ApiError(415, "unsupported_media_type", `只能导入 Word（.docx）、PDF 或网页：Content-Type 须为 ${Object.values(MEDIA_TYPES).join("、")}`);
    }
    const limit = s.importLimitBytes ?? IMPORT_LIMITS.documentBytes;
    if (Number(c.req.header("content-length") ?? "0") > limit) throw tooLarge(limit);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > limit) throw tooLarge(limit);
    try {
      return json(c, await s.importDocument(bytes, format), 200);
    } catch (error) {
      if (error instanceof ImportError) throw new ApiError(error.status, error.code, error.message);
      throw error;
    }
  },
};
