/**
 * The prior-year check without the caller's help (spec C.2): on publish (and on regeneration) the
 * service finds the same agency's report of the previous year in the store — by the agency's key
 * (spaces and full-width forms aside), or the report the caller names with `previousReportId` — and
 * validates against its latest stored source. The version records which report and version it was.
 */
import { agencyKey, validateReport, type NormalizedReport, type ValidationResult } from "../report/index.js";
import type { PriorYearComparison, ReportRecord, VersionRecord } from "../store/ports.js";

export type { PriorYearComparison } from "../store/ports.js";
import { checkReportId } from "./errors.js";
import type { ServiceDeps } from "./ports.js";

/** The caller named a previous report that the store does not hold. */
export class PreviousReportNotFoundError extends Error {
  constructor(readonly reportId: string) {
    super(`no report ${reportId} to compare 上年结转 with`);
  }
}

/** Which previous report to compare with; by default the one found by agency and year. */
export interface PriorYearRequest {
  /** the report the caller names */
  readonly previousReportId?: string;
  /** what the report's latest version was compared with: a caller's choice is kept */
  readonly remembered?: PriorYearComparison;
}

interface Previous {
  readonly source: unknown;
  readonly comparison: PriorYearComparison;
}

async function sourceOf(deps: ServiceDeps, version: VersionRecord, found: PriorYearComparison["found"]): Promise<Previous | undefined> {
  const bytes = await deps.documents.get(version.source.key);
  // a missing object is an operations problem the orphan checks report; the check is skipped, not the publish
  if (!bytes) return undefined;
  return {
    source: JSON.parse(Buffer.from(bytes).toString("utf8")),
    comparison: { reportId: version.reportId, version: version.version, year: version.year, found },
  };
}

/**
 * The agency's report of the year before. When it was published under several ids: the one compared
 * with before (a regeneration does not switch), else the most recently updated. A withdrawn version is
 * never the basis of the check: the latest version that stands is.
 */
async function findByAgency(deps: ServiceDeps, report: NormalizedReport, remembered: PriorYearComparison | undefined): Promise<VersionRecord | undefined> {
  const candidates = await deps.reports.reportsOfAgency(agencyKey(report.agency.name), report.year - 1);
  const chosen =
    candidates.find((r) => r.reportId === remembered?.reportId) ??
    candidates.reduce<ReportRecord | undefined>((best, r) => (!best || r.updatedAt > best.updatedAt ? r : best), undefined);
  return chosen ? deps.reports.latestStandingVersion(chosen.reportId) : undefined;
}

async function findPrevious(deps: ServiceDeps, report: NormalizedReport, request: PriorYearRequest): Promise<Previous | undefined> {
  if (request.previousReportId !== undefined) {
    checkReportId(request.previousReportId);
    const latest = await deps.reports.latestStandingVersion(request.previousReportId);
    if (!latest) throw new PreviousReportNotFoundError(request.previousReportId);
    return sourceOf(deps, latest, "requested");
  }
  if (request.remembered?.found === "requested") {
    const latest = await deps.reports.latestStandingVersion(request.remembered.reportId);
    return latest ? sourceOf(deps, latest, "requested") : undefined;
  }
  const found = await findByAgency(deps, report, request.remembered);
  if (found) return sourceOf(deps, found, "automatic");
  // the previous year's report was published under this very id and has since been replaced by this
  // year's: the version compared with before is still the previous year's
  if (request.remembered) {
    const version = await deps.reports.getVersion(request.remembered.reportId, request.remembered.version);
    return version && !version.withdrawn ? sourceOf(deps, version, "automatic") : undefined;
  }
  return undefined;
}

export interface PriorYearValidation {
  readonly result: ValidationResult;
  readonly priorYear?: PriorYearComparison;
}

/** Validates a report, with the prior-year check against the stored previous report when there is one. */
export async function validateWithPriorYear(deps: ServiceDeps, input: unknown, request: PriorYearRequest = {}): Promise<PriorYearValidation> {
  const first = validateReport(input);
  if (!first.valid || !first.normalized) return { result: first };
  const previous = await findPrevious(deps, first.normalized, request);
  if (!previous) return { result: first };
  const { reportId: id, version } = previous.comparison;
  return { result: validateReport(input, { previous: previous.source, previousOrigin: { reportId: id, version } }), priorYear: previous.comparison };
}
