/**
 * The figures of many reports at once: every table cell of the reports in the caller's scope (for a
 * spreadsheet), and the sums of tables 三 and 四 per edition (what a county or city compiles every
 * year). Both read the latest version that stands of each report — a withdrawn version's figures are
 * not counted — from its stored normalised source, a page of reports at a time, so memory holds one
 * page, not the whole export.
 */
import { applicationLeaves, EDITIONS } from "../report/editions/index.js";
import type { NormalizedReport } from "../report/index.js";
import type { ReportFilter, VersionRecord } from "../store/ports.js";
import type { ServiceDeps } from "./ports.js";
import { inScope } from "./scopes.js";
import { editionOf } from "./table-cells.js";

/** Reports read per page, and sources fetched at once. */
const PAGE_SIZE = 100;
const PARALLEL_READS = 16;

export interface ReportFigures {
  readonly reportId: string;
  readonly agency: string;
  readonly year: number;
  readonly edition: string;
  readonly version: number;
  readonly report: NormalizedReport;
}

type ReadDeps = Pick<ServiceDeps, "reports" | "documents">;

async function figuresOf(deps: ReadDeps, reportId: string): Promise<ReportFigures | undefined> {
  const version: VersionRecord | undefined = await deps.reports.latestStandingVersion(reportId);
  if (!version) return undefined; // every version withdrawn
  const bytes = await deps.documents.get(version.source.key);
  if (!bytes) throw new Error(`the source object of ${reportId} version ${version.version} is missing`);
  const report = JSON.parse(Buffer.from(bytes).toString("utf8")) as NormalizedReport;
  return { reportId, agency: version.agencyName, year: version.year, edition: version.edition, version: version.version, report };
}

/** The reports matching the filter and the scopes, in reportId order, with their figures. */
export async function* reportsInScope(deps: ReadDeps, filter: ReportFilter, scopes: readonly string[]): AsyncGenerator<ReportFigures> {
  let cursor: string | undefined;
  do {
    const page = await deps.reports.listReports(filter, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    const ids = page.items.map((r) => r.reportId).filter((id) => inScope(scopes, id));
    for (let i = 0; i < ids.length; i += PARALLEL_READS) {
      const figures = await Promise.all(ids.slice(i, i + PARALLEL_READS).map((id) => figuresOf(deps, id)));
      for (const f of figures) if (f) yield f;
    }
    cursor = page.cursor;
  } while (cursor);
}

type Sums = Record<string, unknown>;

export interface EditionStatistics {
  readonly reports: number;
  /** table 三 with the report's own keys, every cell summed */
  readonly applications: Sums;
  /** table 四 likewise */
  readonly reviewLitigation: Sums;
}

export interface Statistics {
  readonly reports: number;
  readonly byEdition: Record<string, EditionStatistics>;
}

function add(target: Sums, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Sums;
  const last = path[path.length - 1]!;
  node[last] = ((node[last] as number | undefined) ?? 0) + (typeof value === "number" ? value : 0);
}

/** Every cell of tables 三 and 四 summed over the latest standing versions in scope, per edition. */
export async function statistics(deps: ReadDeps, filter: ReportFilter, scopes: readonly string[]): Promise<Statistics> {
  const byEdition: Record<string, { reports: number; applications: Sums; reviewLitigation: Sums }> = {};
  let reports = 0;
  for await (const figures of reportsInScope(deps, filter, scopes)) {
    const edition = editionOf(figures.report);
    const sums = (byEdition[edition.id] ??= { reports: 0, applications: {}, reviewLitigation: {} });
    sums.reports++;
    reports++;
    const report = figures.report as unknown as { applications: Sums; reviewLitigation: Sums };
    for (const leaf of applicationLeaves(edition.applications)) {
      const row = leaf.read(report.applications) ?? {};
      for (const column of edition.applications.columns) add(sums.applications, [...leaf.path, column.key], row[column.key]);
    }
    for (const group of edition.reviewLitigation.groups) {
      const row = (report.reviewLitigation[group.key] ?? {}) as Record<string, unknown>;
      for (const outcome of edition.reviewLitigation.outcomes) add(sums.reviewLitigation, [group.key, outcome.key], row[outcome.key]);
    }
  }
  // editions in their own order, whatever order the reports came in
  const ordered: Record<string, EditionStatistics> = {};
  for (const id of Object.keys(EDITIONS)) if (byEdition[id]) ordered[id] = byEdition[id];
  return { reports, byEdition: ordered };
}
