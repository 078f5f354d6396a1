/**
 * How a report describes itself as a document: the title, author, subject and keywords that every
 * edition of it (PDF, OFD) carries in its document information.
 */
import { EDITIONS } from "./editions/index.js";
import type { NormalizedReport } from "./schema/index.js";

export interface DocumentDescription {
  readonly title: string;
  /** the agency that publishes the report */
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
}

export function describeReport(report: NormalizedReport): DocumentDescription {
  const edition = EDITIONS[report.edition];
  return {
    title: report.title,
    author: report.agency.name,
    subject: `${report.agency.name}${report.year}年政府信息公开工作年度报告（${edition.formatName}）`,
    keywords: ["政府信息公开", "年度报告", String(report.year), report.agency.name],
  };
}
