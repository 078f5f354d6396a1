/**
 * The OFD's document information for a report: what the PDF says of itself, plus the custom data
 * archives index by (年度, 机关; for OFD-A also the DA/T 46 elements GB/T 42133 §6.2.1b recommends).
 */
import { describeReport, type NormalizedReport } from "../report/index.js";
import type { OfdDocInfo } from "./ofd-package.js";

export interface ReportInfoOptions {
  /** identifies the templates and fonts the PDF was rendered with */
  readonly templateVersion: string;
  /**
   * The document's date when the report carries no publication date: the version's date in the
   * service, the day of the render on the command line (YYYY-MM-DD).
   */
  readonly fallbackDate: string;
  readonly archival?: boolean;
  readonly pages?: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The date an OFD of the report carries: its publication date, else `fallbackDate` (see ReportInfoOptions). */
export function ofdDocumentDate(report: NormalizedReport, fallbackDate: string): string {
  return report.publishedAt ?? fallbackDate;
}

export function ofdInfoOf(report: NormalizedReport, options: ReportInfoOptions): OfdDocInfo {
  const description = describeReport(report);
  const date = ofdDocumentDate(report, options.fallbackDate);
  if (!DATE.test(date)) throw new Error(`the document date must be YYYY-MM-DD, not ${date}`);
  const customData: [string, string][] = [
    ["年度", String(report.year)],
    ["机关", report.agency.name],
  ];
  if (options.archival) {
    // element names of DA/T 46 (文书类电子文件元数据方案)
    customData.push(
      ["题名", description.title],
      ["责任者", description.author],
      ["日期", date.replaceAll("-", "")],
      ["文种", "报告"],
      ["主题词", description.keywords.join(" ")],
      ["语种", "汉语"],
      ...(options.pages !== undefined ? ([["页数", String(options.pages)]] as [string, string][]) : []),
    );
  }
  return {
    ...description,
    creationDate: date,
    creator: "nianbao",
    creatorVersion: options.templateVersion,
    customData,
  };
}
