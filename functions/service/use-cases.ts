/**
 * The use cases: plain functions of their ports (storage, renderer, clock). The HTTP handlers and the
 * CLI are only ways of calling them.
 */
import { validateReport, type Diagnostic, type NormalizedReport } from "../report/index.js";
import type { Page, PriorYearComparison, Trigger, VersionRecord, Withdrawal } from "../store/ports.js";
import { recordAudit } from "./audit.js";
import { versionCreated } from "./events.js";
import {
  AllVersionsWithdrawnError,
  checkReportId,
  EditionNotFoundError,
  InvalidReportError,
  ReportNotFoundError,
  StoredSourceInvalidError,
  VersionNotFoundError,
  VersionPurgedError,
  VersionWithdrawnError,
} from "./errors.js";
import { reportLinks, versionLinks, type ReportLinks, type VersionLinks } from "./links.js";
import { clock, type ServiceDeps } from "./ports.js";
import { validateWithPriorYear, type PriorYearValidation } from "./prior-year.js";
import { renderAndCommit } from "./versions.js";

/**
 * A version as the API shows it: with fresh signed links to its PDF and OFD while it stands (a
 * withdrawn version has none), and its lasting public links.
 */
export interface VersionView {
  readonly reportId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly trigger: Trigger;
  readonly actor: string;
  readonly sourceSha256: string;
  readonly templateVersion: string;
  readonly pdf: { readonly sha256: string; readonly bytes: number; readonly pages: number; readonly url?: string; readonly expiresAt?: string };
  /** the OFD edition of the same render (GB/T 33190), when the version has one */
  readonly ofd?: { readonly sha256: string; readonly bytes: number; readonly edition: string; readonly url?: string; readonly expiresAt?: string };
  readonly warnings: readonly Diagnostic[];
  /** the previous year's stored report the prior-year check compared with */
  readonly priorYear?: PriorYearComparison;
  readonly withdrawn?: Withdrawal;
  readonly links: VersionLinks;
}

/** The editions a version's bytes come in. */
export type EditionName = "pdf" | "ofd";

export interface SignedLink {
  readonly url: string;
  readonly expiresAt: string;
}

/** A short-lived link to one edition of a version; a version without that edition is refused. */
export async function signedLink(deps: ServiceDeps, version: VersionRecord, edition: EditionName = "pdf"): Promise<SignedLink> {
  const object = edition === "pdf" ? version.pdf : version.ofd;
  if (!object) throw new EditionNotFoundError(version.reportId, version.version, "ofd");
  const now = clock(deps);
  const url = await deps.documents.signedGetUrl(object.key, deps.linkExpirySeconds);
  return { url, expiresAt: new Date(now.getTime() + deps.linkExpirySeconds * 1000).toISOString() };
}

/**
 * The version as the API shows it. `signed: false` leaves out the signed links, for a view that is not
 * answered to a caller (an event carries none: they expire long before a retried delivery arrives).
 */
export async function viewOf(deps: ServiceDeps, version: VersionRecord, { signed = true }: { signed?: boolean } = {}): Promise<VersionView> {
  const link = version.withdrawn || !signed ? undefined : await signedLink(deps, version);
  const ofdLink = version.ofd && !version.withdrawn && signed ? await signedLink(deps, version, "ofd") : undefined;
  const ofd = version.ofd ? { ofd: { sha256: version.ofd.sha256, bytes: version.ofd.bytes, edition: version.ofd.edition, ...(ofdLink ? { url: ofdLink.url, expiresAt: ofdLink.expiresAt } : {}) } } : {};
  return {
    reportId: version.reportId,
    version: version.version,
    createdAt: version.createdAt,
    trigger: version.trigger,
    actor: version.actor,
    sourceSha256: version.source.sha256,
    templateVersion: version.templateVersion,
    pdf: { sha256: version.pdf.sha256, bytes: version.pdf.bytes, pages: version.pdf.pages, ...(link ? { url: link.url, expiresAt: link.expiresAt } : {}) },
    ...ofd,
    warnings: version.warnings,
    ...(version.priorYear ? { priorYear: version.priorYear } : {}),
    ...(version.withdrawn ? { withdrawn: version.withdrawn } : {}),
    links: versionLinks(deps.publicBaseUrl ?? "", version.reportId, version.version),
  };
}

export interface PublishResult {
  /** false when the normalised report and the template equal the latest version's (idempotent) */
  readonly created: boolean;
  readonly version: VersionView;
}

/**
 * validate → render → store. Nothing is stored for an invalid report. The prior-year check runs
 * against `previous` when the caller sends it, else against the stored report of the year before
 * (`previousReportId`, or found by agency and year).
 */
export async function publish(
  deps: ServiceDeps,
  input: { reportId: string; report: unknown; actor: string; previous?: unknown; previousReportId?: string },
): Promise<PublishResult> {
  checkReportId(input.reportId);
  let validation: PriorYearValidation;
  if (input.previous !== undefined) {
    validation = { result: validateReport(input.report, { previous: input.previous }) };
  } else {
    const remembered = input.previousReportId === undefined ? (await deps.reports.latestVersion(input.reportId))?.priorYear : undefined;
    validation = await validateWithPriorYear(deps, input.report, {
      ...(input.previousReportId !== undefined ? { previousReportId: input.previousReportId } : {}),
      ...(remembered ? { remembered } : {}),
    });
  }
  const { result, priorYear } = validation;
  if (!result.valid || !result.normalized) throw new InvalidReportError(result.errors, result.warnings);
  const committed = await renderAndCommit(deps, {
    reportId: input.reportId,
    report: result.normalized,
    trigger: "publish",
    actor: input.actor,
    warnings: result.warnings,
    ...(priorYear ? { priorYear } : {}),
    idempotent: true,
  });
  await recordAudit(deps, {
    actor: input.actor,
    action: "publish",
    target: `${input.reportId}/${committed.version.version}`,
    reportId: input.reportId,
    outcome: committed.created ? "success" : "unchanged",
    detail: { version: committed.version.version },
  });
  const view = await viewOf(deps, committed.version);
  if (committed.created) await versionCreated(deps, view);
  return { created: committed.created, version: view };
}

/**
 * Reads and re-validates a version's stored source; with `priorYear`, against the stored report of the
 * year before as well (only worth a lookup when a new version will carry the warnings).
 */
async function storedSource(
  deps: ServiceDeps,
  version: VersionRecord,
  { priorYear: check }: { priorYear: boolean },
): Promise<{ report: NormalizedReport; warnings: Diagnostic[]; priorYear?: PriorYearComparison }> {
  const bytes = await deps.documents.get(version.source.key);
  if (!bytes) throw new Error(`the source object of ${version.reportId} version ${version.version} is missing`);
  const source: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
  const { result, priorYear } = check
    ? await validateWithPriorYear(deps, source, version.priorYear ? { remembered: version.priorYear } : {})
    : { result: validateReport(source), priorYear: undefined };
  if (!result.valid || !result.normalized) throw new StoredSourceInvalidError(version.reportId, result.errors);
  return { report: result.normalized, warnings: result.warnings, ...(priorYear ? { priorYear } : {}) };
}

export interface RegenerateResult {
  readonly created: boolean;
  /** left as it was: its latest version has the current template already */
  readonly unchanged?: boolean;
  readonly version: VersionView;
  readonly previousVersion: number;
}

export interface RegenerateInput {
  readonly reportId: string;
  readonly actor: string;
  readonly trigger: Extract<Trigger, "regenerate" | "bulk">;
  readonly onlyIfTemplateChanged?: boolean;
  readonly jobId?: string;
}

/**
 * Re-renders the stored source of the latest version that stands (a withdrawn version's content never
 * comes back this way) with the current template as a new version, and returns the version record
 * (what a worker needs; `regenerate` adds the signed link an API caller needs). With
 * `onlyIfTemplateChanged` (bulk regeneration), a report already rendered with the current template is
 * left as it is. With `jobId` (bulk regeneration), a report whose latest version that job made
 * already is left too: a message delivered twice makes one version.
 */
export async function regenerateVersion(
  deps: ServiceDeps,
  input: RegenerateInput,
): Promise<{ created: boolean; unchanged?: boolean; version: VersionRecord; previousVersion: number }> {
  const latest = await latestStandingVersion(deps, input.reportId);
  if (input.jobId !== undefined && latest.jobId === input.jobId) return { created: false, version: latest, previousVersion: latest.version };
  // up to date: the same templates, and the OFD edition the deployment makes now (or none, as now)
  const current =
    input.onlyIfTemplateChanged === true && latest.templateVersion === deps.renderer.templateVersion && latest.ofd?.edition === deps.ofd?.edition;
  if (current) return { created: false, unchanged: true, version: latest, previousVersion: latest.version };
  const { report, warnings, priorYear } = await storedSource(deps, latest, { priorYear: true });
  const committed = await renderAndCommit(deps, {
    reportId: input.reportId,
    report,
    trigger: input.trigger,
    actor: input.actor,
    warnings,
    ...(priorYear ? { priorYear } : {}),
    idempotent: false,
    basedOn: latest,
    ...(input.jobId ? { jobId: input.jobId } : {}),
  });
  // a bulk job is audited as a whole (its start and finish), not report by report
  if (input.trigger === "regenerate") {
    await recordAudit(deps, {
      actor: input.actor,
      action: "regenerate",
      target: `${input.reportId}/${committed.version.version}`,
      reportId: input.reportId,
      outcome: "success",
      detail: { version: committed.version.version, from: latest.version, templateVersion: committed.version.templateVersion },
    });
  }
  return { created: committed.created, version: committed.version, previousVersion: latest.version };
}

/** regenerateVersion, answered with the version's view (and a fresh signed link); a new version is an event. */
export async function regenerate(deps: ServiceDeps, input: RegenerateInput): Promise<RegenerateResult> {
  const result = await regenerateVersion(deps, input);
  const view = await viewOf(deps, result.version);
  if (result.created) await versionCreated(deps, view);
  return { ...result, version: view };
}

export async function getVersion(deps: ServiceDeps, reportId: string, version: number): Promise<VersionView> {
  checkReportId(reportId);
  const record = await deps.reports.getVersion(reportId, version);
  if (!record) throw new VersionNotFoundError(reportId, version);
  return viewOf(deps, record);
}

/** A short-lived link to the OFD edition of version n; none for a withdrawn version, as for its PDF. */
export async function ofdLink(deps: ServiceDeps, reportId: string, version: number): Promise<SignedLink> {
  checkReportId(reportId);
  const record = await deps.reports.getVersion(reportId, version);
  if (!record) throw new VersionNotFoundError(reportId, version);
  if (record.withdrawn?.purgedAt) throw new VersionPurgedError(reportId, version);
  if (record.withdrawn) throw new VersionWithdrawnError(reportId, version);
  return signedLink(deps, record, "ofd");
}

export async function latestVersion(deps: ServiceDeps, reportId: string): Promise<VersionRecord> {
  checkReportId(reportId);
  const record = await deps.reports.latestVersion(reportId);
  if (!record) throw new ReportNotFoundError(reportId);
  return record;
}

/** The newest version that is not withdrawn; AllVersionsWithdrawnError when none stands. */
export async function latestStandingVersion(deps: ServiceDeps, reportId: string): Promise<VersionRecord> {
  checkReportId(reportId);
  const standing = await deps.reports.latestStandingVersion(reportId);
  if (standing) return standing;
  if (await deps.reports.latestVersion(reportId)) throw new AllVersionsWithdrawnError(reportId);
  throw new ReportNotFoundError(reportId);
}

export async function listVersions(deps: ServiceDeps, reportId: string, options: { limit: number; cursor?: string }): Promise<Page<VersionView>> {
  checkReportId(reportId);
  const page = await deps.reports.listVersions(reportId, options);
  if (page.items.length === 0 && !options.cursor && !(await deps.reports.latestVersion(reportId))) throw new ReportNotFoundError(reportId);
  return { items: await Promise.all(page.items.map((v) => viewOf(deps, v))), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The stored normalised source of a version, as its exact bytes. */
export async function versionSource(deps: ServiceDeps, reportId: string, version: number): Promise<Uint8Array> {
  checkReportId(reportId);
  const record = await deps.reports.getVersion(reportId, version);
  if (!record) throw new VersionNotFoundError(reportId, version);
  if (record.withdrawn?.purgedAt) throw new VersionPurgedError(reportId, version);
  const bytes = await deps.documents.get(record.source.key);
  if (!bytes) throw new Error(`the source object of ${reportId} version ${version} is missing`);
  return bytes;
}

export interface ReportSummary {
  readonly reportId: string;
  readonly agency: string;
  readonly year: number;
  readonly edition: string;
  readonly title: string;
  readonly latestVersion: number;
  readonly versionCount: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** when the latest published (not regenerated) version was made */
  readonly publishedAt?: string;
  readonly links: ReportLinks;
}

export async function reportSummary(deps: ServiceDeps, reportId: string): Promise<ReportSummary> {
  const [latest, record] = await Promise.all([latestVersion(deps, reportId), deps.reports.getReport(reportId)]);
  // Versions are gap-free from 1: the latest number is the count, and version 1 is the first.
  const first = latest.version === 1 ? latest : await deps.reports.getVersion(reportId, 1);
  return {
    reportId,
    agency: latest.agencyName,
    year: latest.year,
    edition: latest.edition,
    title: latest.title,
    latestVersion: latest.version,
    versionCount: latest.version,
    createdAt: first?.createdAt ?? latest.createdAt,
    updatedAt: latest.createdAt,
    ...(record?.publishedAt ? { publishedAt: record.publishedAt } : {}),
    links: reportLinks(deps.publicBaseUrl ?? "", reportId),
  };
}
