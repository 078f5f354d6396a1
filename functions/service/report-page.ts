/**
 * What the citizens' report page shows: the report as its latest standing version says it, when it
 * was published, and every version with its withdrawal (when and why) — never who acted, never a
 * signed link (the page links to /d/…, which signs one when it is followed).
 */
import type { NormalizedReport } from "../report/index.js";
import type { Trigger, VersionRecord } from "../store/ports.js";
import { checkReportId, ReportNotFoundError } from "./errors.js";
import type { ServiceDeps } from "./ports.js";

export interface PublicVersion {
  readonly version: number;
  readonly createdAt: string;
  readonly trigger: Trigger;
  readonly withdrawn?: { readonly at: string; readonly reason: string };
}

export interface ReportPage {
  readonly reportId: string;
  readonly title: string;
  readonly agency: string;
  readonly year: number;
  /** newest first */
  readonly versions: readonly PublicVersion[];
  /** the latest version that is not withdrawn, with its report; absent when every version is withdrawn */
  readonly standing?: { readonly version: number; readonly createdAt: string; readonly report: NormalizedReport };
}

/** versions shown at most (a report gets a handful; the API pages through the rest) */
const MAX_VERSIONS = 100;

function publicVersion(record: VersionRecord): PublicVersion {
  return {
    version: record.version,
    createdAt: record.createdAt,
    trigger: record.trigger,
    ...(record.withdrawn ? { withdrawn: { at: record.withdrawn.at, reason: record.withdrawn.reason } } : {}),
  };
}

export async function reportPage(deps: ServiceDeps, reportId: string): Promise<ReportPage> {
  checkReportId(reportId);
  const [page, standing] = await Promise.all([deps.reports.listVersions(reportId, { limit: MAX_VERSIONS }), deps.reports.latestStandingVersion(reportId)]);
  const latest = page.items[0];
  if (!latest) throw new ReportNotFoundError(reportId);
  const shown = standing ?? latest;
  let standingReport: ReportPage["standing"];
  if (standing) {
    const bytes = await deps.documents.get(standing.source.key);
    if (!bytes) throw new Error(`the source object of ${reportId} version ${standing.version} is missing`);
    standingReport = { version: standing.version, createdAt: standing.createdAt, report: JSON.parse(new TextDecoder().decode(bytes)) as NormalizedReport };
  }
  return {
    reportId,
    title: shown.title,
    agency: shown.agencyName,
    year: shown.year,
    versions: page.items.map(publicVersion),
    ...(standingReport ? { standing: standingReport } : {}),
  };
}
