/**
 * The figures of the reports in the caller's scope: every table cell as CSV or XLSX, and the sums of
 * tables 三 and 四. An export can be far larger than a Lambda response may be (6 MB), so it is
 * written to the bucket as it is produced (under exports/, expiring after a day) and the caller is
 * redirected (302) to a signed link, like a download.
 */
import { randomUUID } from "node:crypto";
import { EXPORT_FORMATS, exportTables, type ExportFormat } from "../../service/export-files.js";
import { statistics } from "../../service/exports.js";
import { contentDisposition } from "../../store/content-disposition.js";
import { exportKey } from "../../store/keys.js";
import { json, queryParams, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";
import { listingFilter } from "./reports.js";

export const exportRoutes: RouteHandlers = {
  async exportTables(c, s) {
    const { format = "csv", ...query } = queryParams(c, ["year", "edition", "prefix", "format"]);
    if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw new ApiError(400, "invalid_format", "format 须为 csv 或 xlsx");
    const file = await exportTables(s.deps, { filter: listingFilter(query), scopes: c.get("principal").scopes, format: format as ExportFormat });
    const key = exportKey(randomUUID(), file.format);
    await s.deps.documents.putStream(key, file.body, { contentType: file.contentType, contentDisposition: contentDisposition("attachment", file.fileName, file.fileName) });
    return c.body(null, 302, { Location: await s.deps.documents.signedGetUrl(key, s.deps.linkExpirySeconds) });
  },
  async getStatistics(c, s) {
    const query = queryParams(c, ["year", "edition", "prefix"]);
    return json(c, await statistics(s.deps, listingFilter(query), c.get("principal").scopes), 200);
  },
};
