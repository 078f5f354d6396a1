/**
 * The storage ports the use cases depend on, one per aggregate. Adapters: S3 (s3-document-store.ts)
 * and DynamoDB, one adapter per port (dynamo-report-store.ts, dynamo-token-store.ts,
 * dynamo-job-store.ts, dynamo-audit-store.ts); tests wrap them to inject faults. A new aggregate gets its port here, its
 * adapter beside the others, and a field in StorePorts (config.ts builds it).
 */
import type { Readable } from "node:stream";
import type { Diagnostic } from "../report/index.js";

export type Trigger = "publish" | "regenerate" | "bulk";

/** Where a version's bytes are, and what they are. */
export interface StoredObject {
  readonly key: string;
  readonly sha256: string;
  readonly bytes: number;
}

/**
 * A version taken out of public view. Kept forever; the version's number and its other metadata never
 * change. `purgedAt`: its objects were ordered deleted (those no other unpurged version shares).
 */
export interface Withdrawal {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  readonly purgedAt?: string;
}

/** Which stored report and version a version's 上年结转 was compared with (the prior-year check). */
export interface PriorYearComparison {
  readonly reportId: string;
  readonly version: number;
  readonly year: number;
  /** found by the agency's name and the year before, or named by the caller (`previousReportId`) */
  readonly found: "automatic" | "requested";
}

/** The record of one version of a report: immutable but for its withdrawal. */
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
  /** the OFD edition of the same render; absent on versions made without one */
  /**
   * `date`: the document date the OFD carries (YYYY-MM-DD); with the PDF, the source, the templates
   * and the edition it determines the OFD's bytes. Absent on versions made before it was recorded.
   */
  readonly ofd?: StoredObject & { readonly edition: string; readonly date?: string };
  readonly title: string;
  readonly agencyName: string;
  readonly year: number;
  readonly edition: string;
  readonly warnings: readonly Diagnostic[];
  /** the previous year's report the prior-year check compared with, when the store held one */
  readonly priorYear?: PriorYearComparison;
  /** the bulk regeneration that made this version (so a redelivered message does not make another) */
  readonly jobId?: string;
  readonly withdrawn?: Withdrawal;
}

/**
 * Every object a version owns, for signed links, purge and the orphan sweep. (Formats stored with a
 * version later, such as .docx, belong here too.)
 */
export function objectsOf(version: VersionRecord): { readonly kind: string; readonly object: StoredObject }[] {
  return [
    { kind: "pdf", object: version.pdf },
    { kind: "source", object: version.source },
    ...(version.ofd ? [{ kind: "ofd", object: version.ofd }] : []),
  ];
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
  /** when the latest version published (not regenerated) was made: listings are newest publish first */
  readonly publishedAt?: string;
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
   * Resolves true when it wrote the object, false when the object was there already.
   */
  put(key: string, body: Uint8Array, headers: { contentType: string; contentDisposition?: string }): Promise<boolean>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores a stream of unknown length (an export) under a key of its own, without holding it whole. */
  putStream(key: string, body: Readable, headers: { contentType: string; contentDisposition?: string }): Promise<void>;
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
  /** the actor that issued it */
  readonly createdBy?: string;
  readonly expiresAt?: string;
  /** updated at most once a minute, so that using a token costs no write per request */
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
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
  /** set once, when the last report is counted */
  readonly finishedAt?: string;
}

export interface JobFailure {
  readonly reportId: string;
  readonly reason: string;
  readonly attempts: number;
}

export type AuditAction = "publish" | "regenerate" | "bulk.start" | "bulk.finish" | "withdraw" | "token.create" | "token.revoke" | "webhook.create" | "webhook.delete" | "refused";
export const AUDIT_ACTIONS: readonly AuditAction[] = ["publish", "regenerate", "bulk.start", "bulk.finish", "withdraw", "token.create", "token.revoke", "webhook.create", "webhook.delete", "refused"];
export type AuditOutcome = "success" | "unchanged" | "failure" | "refused";

/** One entry of the append-only audit trail. Never holds a presented secret. */
export interface AuditEntry {
  readonly at: string;
  /** `role:tokenId`, `system:…`, `cli:<user>`, or `anonymous` */
  readonly actor: string;
  readonly action: AuditAction;
  /** what was acted on: `<reportId>`, `<reportId>/<n>`, `token:<id>`, `job:<id>`, or the refused request */
  readonly target: string;
  /** the report concerned, when there is one (the trail can be read per report) */
  readonly reportId?: string;
  readonly outcome: AuditOutcome;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditFilter {
  readonly reportId?: string;
  readonly actor?: string;
  readonly action?: AuditAction;
  /** ISO 8601: entries at or after it */
  readonly since?: string;
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
  /** The newest version that is not withdrawn. */
  latestStandingVersion(reportId: string): Promise<VersionRecord | undefined>;
  /**
   * Marks a version withdrawn, once: the only change a version item ever takes. "missing" when there
   * is no such version, "already" when it was withdrawn before.
   */
  withdrawVersion(reportId: string, version: number, withdrawal: Withdrawal): Promise<"withdrawn" | "already" | "missing">;
  /** Records on a withdrawn version that its objects are ordered deleted (once; false if it was). */
  markPurged(reportId: string, version: number, at: string): Promise<boolean>;
  /**
   * Moves the report's summary forward to this version (never backwards); `published` when the
   * version came from a publish (not a regeneration), which moves the report up the listing.
   */
  updateReport(record: Omit<ReportRecord, "createdAt" | "updatedAt" | "publishedAt">, at: string, published: boolean): Promise<void>;
  getReport(reportId: string): Promise<ReportRecord | undefined>;
  /** Every report matching the filter, in reportId order (bulk regeneration). */
  listReports(filter: ReportFilter, options: { limit: number; cursor?: string }): Promise<Page<ReportRecord>>;
  /**
   * Reports matching the filter and `accept`, newest publish first. A page may hold fewer than
   * `limit` items and still carry a cursor: each call reads a bounded number of reports.
   */
  listRecentReports(
    filter: ReportFilter,
    options: { limit: number; cursor?: string; accept?: (report: ReportRecord) => boolean },
  ): Promise<Page<ReportRecord>>;
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
  /** By the public id (revocation names a token by it). */
  findToken(id: string): Promise<TokenRecord | undefined>;
  /** Every token, oldest first (tokens number in the hundreds, not millions). */
  listTokens(): Promise<TokenRecord[]>;
  /** Sets revokedAt, unless the token was revoked already (the first revocation stands). */
  revokeToken(hash: string, at: string): Promise<void>;
  /** Sets lastUsedAt to `at` unless it is already at or after `notBefore` (at most one write a minute). */
  recordUse(hash: string, at: string, notBefore: string): Promise<void>;
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
   * counts nothing twice); `planned` once the last page is enqueued. Resolves to the job as counted
   * now, or undefined when the page was counted before.
   */
  addToJobTotal(jobId: string, page: string, count: number, planned: boolean): Promise<JobRecord | undefined>;
  /** Whether a report of the job has been counted already (done or finally failed). */
  isJobReportSettled(jobId: string, reportId: string): Promise<boolean>;
  /** getJob and isJobReportSettled in one read: what handling a report's message first needs. */
  getJobForReport(jobId: string, reportId: string): Promise<{ job: JobRecord | undefined; settled: boolean }>;
  /**
   * Counts a report as done, once even if its message is delivered twice. A report has one outcome:
   * whichever of success and failure is recorded first stands. Resolves to the job as counted now,
   * or undefined when the report was settled already.
   */
  recordJobSuccess(jobId: string, reportId: string, detail?: { unchanged?: boolean; at?: string }): Promise<JobRecord | undefined>;
  /** Records a report's final failure, once (see recordJobSuccess). `at`: when (default now). */
  recordJobFailure(jobId: string, failure: JobFailure, at?: string): Promise<JobRecord | undefined>;
  listJobFailures(jobId: string, limit: number): Promise<JobFailure[]>;
  /**
   * Sets the job's counters from its reports' outcomes: exact again after a crash between
   * recording an outcome and counting it.
   */
  reconcileJob(jobId: string): Promise<JobRecord | undefined>;
  /** Ends a job that stopped making progress: its total becomes final; `abandoned` when reports were left. */
  endJob(jobId: string, end: { total: number; at: string; abandoned: boolean }): Promise<void>;
  /** Sets finishedAt once: true for the caller that set it. */
  markJobFinished(jobId: string, at: string): Promise<boolean>;
}

/** The audit trail: entries are appended, never changed or deleted. */
export interface AuditStore {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. A page may hold fewer than `limit` items and still carry a cursor. */
  list(filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<Page<AuditEntry>>;
}

/** The events a portal can subscribe to. */
export type WebhookEventType = "version.created" | "version.withdrawn" | "regeneration.finished";
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = ["version.created", "version.withdrawn", "regeneration.finished"];

/** A webhook subscription. Its secret is kept sealed (service/secret-box.ts): it must sign, so it cannot be a hash. */
export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookEventType[];
  /** reportId glob patterns: only events about these reports are delivered */
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly createdBy: string;
  /** the `whsec_…` secret, sealed */
  readonly sealedSecret: string;
}

export type DeliveryStatus = "pending" | "retrying" | "succeeded" | "failed";

/** One event's delivery to one subscription, as its attempts went. */
export interface DeliveryRecord {
  readonly subscriptionId: string;
  /** the `webhook-id` header: the same on every attempt, for the receiver to drop duplicates */
  readonly id: string;
  readonly event: WebhookEventType;
  /** when the event happened (orders the deliveries) */
  readonly at: string;
  readonly attempts: number;
  readonly status: DeliveryStatus;
  readonly lastError?: string;
  readonly updatedAt: string;
}

/** Webhook subscriptions and their recent deliveries. */
export interface WebhookStore {
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  getSubscription(id: string): Promise<WebhookSubscription | undefined>;
  /** Every subscription, oldest first (they number in the dozens). */
  listSubscriptions(): Promise<WebhookSubscription[]>;
  /** false when there was none (or it was deleted before). Its deliveries expire with their retention. */
  deleteSubscription(id: string, at: string): Promise<boolean>;
  /** Writes the delivery's current state (it only moves forward: one attempt at a time). */
  putDelivery(delivery: DeliveryRecord): Promise<void>;
  getDelivery(subscriptionId: string, at: string, id: string): Promise<DeliveryRecord | undefined>;
  /** Newest first. */
  listDeliveries(subscriptionId: string, limit: number): Promise<DeliveryRecord[]>;
}

/** Every store the use cases depend on. */
export interface StorePorts {
  readonly documents: DocumentStore;
  readonly reports: ReportStore;
  readonly tokens: TokenStore;
  readonly jobs: JobStore;
  readonly audit: AuditStore;
  readonly webhooks: WebhookStore;
}
