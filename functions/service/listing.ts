/** The reports a token may see, newest publish first: for portals' and admins' lists. */
import type { Page, ReportFilter, ReportRecord } from "../store/ports.js";
import { reportLinks } from "./links.js";
import type { ServiceDeps } from "./ports.js";
import { inScope } from "./scopes.js";
import type { ReportSummary } from "./use-cases.js";

export function summaryOf(deps: Pick<ServiceDeps, "publicBaseUrl">, report: ReportRecord): ReportSummary {
  return {
    reportId: report.reportId,
    agency: report.agencyName,
    year: report.year,
    edition: report.edition,
    title: report.title,
    latestVersion: report.latestVersion,
    // gap-free numbering from 1: the latest number is the count
    versionCount: report.latestVersion,
    createdAt: report.createdAt,
    updatedAt: report.updatedAt,
    ...(report.publishedAt ? { publishedAt: report.publishedAt } : {}),
    links: reportLinks(deps.publicBaseUrl ?? "", report.reportId),
  };
}

export async function listReports(
  deps: ServiceDeps,
  input: { filter: ReportFilter; scopes: readonly string[]; limit: number; cursor?: string },
): Promise<Page<ReportSummary>> {
  const page = await deps.reports.listRecentReports(input.filter, {
    limit: input.limit,
    ...(input.cursor ? { cursor: input.cursor } : {}),
    accept: (report) => inScope(input.scopes, report.reportId),
  });
  return { items: page.items.map((report) => summaryOf(deps, report)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
