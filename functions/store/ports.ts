/**
 * The storage ports the use cases depend on, one per aggregate. Adapters: S3 (s3-document-store.ts)
 * and DynamoDB, one adapter per port (dynamo-report-store.ts, dynamo-token-store.ts,
 * dynamo-job-store.ts); tests wrap them to inject faults. A new aggregate gets its port here, its
 * adapter beside the others, and a field in StorePorts (config.ts builds it).
 */
import type { Diagnostic } from "../report/index.js";

export type Trigger = "publish" | "regenerate" | "bulk";

/** Where a version's bytes are, and what they are. */
export interface StoredObject {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** Which stored report and version a version's 上年结转 was compared with (the prior-year check). */
export interface PriorYearComparison {
  readonly reportId: string;
  readonly version: number;
  readonly year: number;
  /** found by the agency's name and the year before, or named by the caller (`previousReportId`) */
  readonly found: "automatic" | "requested";
}

/** An immutable record of one version of a report. */
export interface VersionRecord {
  readonly reportId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly trigger: Trigger;
  readonly actor: string;
  readonly templateVersion: string;
  /** sha256 of templateVersion and the normalised source: equal fingerprints render the same report */
  readonly fingerprint: string;
  readonly source: StoredObject;
  readonly pdf: StoredObject & { readonly pages: number };
  readonly title: string;
  readonly agencyName: string;
  readonly year: number;
  readonly edition: string;
  readonly warnings: readonly Diagnostic[];
  /** the previous year's report the prior-year check compared with, when the store held one */
  readonly priorYear?: PriorYearComparison;
  /** the bulk regeneration that made this version (so a redelivered message does not make another) */
  readonly jobId?: string;
}

/** What is known of a report as a whole: for listings and bulk regeneration. */
export interface ReportRecord {
  readonly reportId: string;
  readonly agencyName: string;
  readonly year: number;
  readonly edition: string;
  readonly title: string;
  readonly latestVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** opaque; absent on the last page */
  readonly cursor?: string;
}

export interface ReportFilter {
  readonly year?: number;
  readonly edition?: string;
  readonly reportIdPrefix?: string;
}

/** The document store: private objects under keys that are never overwritten with other bytes. */
export interface DocumentStore {
  /**
   * Stores bytes under a content-addressed key; an existing key already holds these very bytes.
   * The Content-Disposition is stored with the object, so a plain signed GET delivers it.
   */
  put(key: string, body: Uint8Array, headers: { contentType: string; contentDisposition?: string }): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** A short-lived URL allowing only GET of this one object. */
  signedGetUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** Lists objects under a prefix (for cleaning orphans). */
  list(prefix: string): AsyncIterable<{ key: string; lastModified: Date }>;
  delete(key: string): Promise<void>;
}

export type Role = "portal" | "admin";

/** An API token, known only by the SHA-256 of its secret. */
export interface TokenRecord {
  readonly hash: string;
  /** a short public id (the start of the hash), recorded as the actor */
  readonly id: string;
  readonly role: Role;
  /** reportId glob patterns the token may act on, e.g. "raohe-*" */
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly label?: string;
}

/** A bulk regeneration selects reports as a listing does. */
export type JobFilter = ReportFilter;

/** A bulk regeneration: counters move with ADD, each report's outcome is an item of its own. */
export interface JobRecord {
  readonly jobId: string;
  readonly filter: JobFilter;
  /** re-render even reports already rendered with the current template */
  readonly force?: boolean;
  readonly actor: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  /** every matching report has been enqueued (total is final) */
  readonly planned: boolean;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** of the succeeded, those already rendered with the current template (left as they were) */
  readonly unchanged?: number;
  /** when a page was planned or a report settled last */
  readonly lastProgressAt?: string;
  /** the job made no progress for too long and was ended: its unsettled reports counted as failed */
  readonly abandonedAt?: string;
}

export interface JobFailure {
  readonly reportId: string;
  readonly reason: string;
  readonly attempts: number;
}

export class VersionConflictError extends Error {
  constructor(readonly reportId: string, readonly version: number) {
    super(`version ${version} of ${reportId} already exists`);
  }
}

/** Reports and their immutable versions. */
export interface ReportStore {
  /** The newest version, read consistently. */
  latestVersion(reportId: string): Promise<VersionRecord | undefined>;
  getVersion(reportId: string, version: number): Promise<VersionRecord | undefined>;
  /** Versions newest first. */
  listVersions(reportId: string, options: { limit: number; cursor?: string }): Promise<Page<VersionRecord>>;
  /** Writes a new version; throws VersionConflictError when that number is taken. Never overwrites. */
  putVersion(record: VersionRecord): Promise<void>;
  /** Moves the report's summary forward to this version (never backwards). */
  updateReport(record: Omit<ReportRecord, "createdAt" | "updatedAt">, at: string): Promise<void>;
  getReport(reportId: string): Promise<ReportRecord | undefined>;
  /** Every report matching the filter, in reportId order. */
  listReports(filter: ReportFilter, options: { limit: number; cursor?: string }): Promise<Page<ReportRecord>>;
  /**
   * The reports of one agency for one year (by the agency's key, report/agency.ts: spelling of spaces
   * and full-width forms aside), in reportId order. Usually one; a few when an agency's report was
   * published under more than one id.
   */
  reportsOfAgency(agencyKey: string, year: number): Promise<ReportRecord[]>;
}

/** API tokens, by the hash of their secret. */
export interface TokenStore {
  putToken(token: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | undefined>;
  /** Whether any token exists (the local service creates the first ones). */
  hasTokens(): Promise<boolean>;
  /** Removes a token for good (a first start that failed removes the tokens nobody was shown). */
  deleteToken(hash: string): Promise<void>;
}

/** Bulk regeneration jobs and their per-report outcomes. */
export interface JobStore {
  createJob(job: JobRecord): Promise<void>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /**
   * Adds a planned page's reports to the job's total, once per page (a redelivered plan message
   * counts nothing twice); `planned` once the last page is enqueued.
   */
  addToJobTotal(jobId: string, page: string, count: number, planned: boolean): Promise<void>;
  /** Whether a report of the job has been counted already (done or finally failed). */
  isJobReportSettled(jobId: string, reportId: string): Promise<boolean>;
  /**
   * Counts a report as done, once even if its message is delivered twice. A report has one outcome:
   * whichever of success and failure is recorded first stands. False when it was settled already.
   */
  recordJobSuccess(jobId: string, reportId: string, detail?: { unchanged?: boolean; at?: string }): Promise<boolean>;
  /** Records a report's final failure, once (see recordJobSuccess). `at`: when (default now). */
  recordJobFailure(jobId: string, failure: JobFailure, at?: string): Promise<boolean>;
  listJobFailures(jobId: string, limit: number): Promise<JobFailure[]>;
  /**
   * Sets the job's counters from its reports' outcomes: exact again after a crash between
   * recording an outcome and counting it.
   */
  reconcileJob(jobId: string): Promise<JobRecord | undefined>;
  /** Ends a job that stopped making progress: its total becomes final; `abandoned` when reports were left. */
  endJob(jobId: string, end: { total: number; at: string; abandoned: boolean }): Promise<void>;
}

/** Every store the use cases depend on. */
export interface StorePorts {
  readonly documents: DocumentStore;
  readonly reports: ReportStore;
  readonly tokens: TokenStore;
  readonly jobs: JobStore;
}
