/**
 * Bulk regeneration: a job is planned page by page by the worker itself (a "plan" message lists one
 * page of matching reports, enqueues one message per report and the next plan message), so that
 * creating a job of tens of thousands of reports returns at once. Each report message regenerates one
 * report (trigger "bulk"); a failure is retried by the queue, and on the last attempt recorded on the
 * job with its reason before the message goes to the dead-letter queue. A message that reaches the
 * dead-letter queue without that record (its worker timed out or crashed) is recorded failed by the
 * dead-letter consumer (dead-letters.ts): every report of a job ends counted once.
 *
 * A report is re-rendered only when its latest version was made with another template, unless the
 * job is forced; either way a job run twice, or a message delivered twice, makes no second version.
 * A job that stops making progress is ended (job-status.ts), so none stays running forever.
 */
import { randomUUID } from "node:crypto";
import type { JobFailure, JobFilter, JobRecord } from "../store/ports.js";
import { InvalidCursorError } from "../store/cursor.js";
import { RenderTimeoutError } from "../render/errors.js";
import { ReportNotFoundError, StoredSourceInvalidError } from "./errors.js";
import { recordAudit } from "./audit.js";
import { regenerationFinished } from "./events.js";
import { clock, type ServiceDeps } from "./ports.js";
import { inScope } from "./scopes.js";
import { versionCreated } from "./events.js";
import { regenerateVersion, viewOf } from "./use-cases.js";

export type RegenerationMessage =
  | { readonly kind: "plan"; readonly jobId: string; readonly cursor?: string }
  | { readonly kind: "report"; readonly jobId: string; readonly reportId: string };

/** The queue port: SQS on AWS, an in-process queue locally. */
export interface RegenerationQueue {
  enqueue(messages: readonly RegenerationMessage[]): Promise<void>;
}

export interface DeliveryInfo {
  /** 1 on first delivery */
  readonly attempt: number;
  /** no retry follows a failure of this delivery: it goes to the dead-letter queue */
  readonly isLastAttempt: boolean;
}

export class JobNotFoundError extends Error {
  constructor(readonly jobId: string) {
    super(`no regeneration job ${jobId}`);
  }
}

/** The job is neither the caller's own nor within the caller's scope. */
export class JobOutOfScopeError extends Error {
  constructor(readonly jobId: string) {
    super(`regeneration job ${jobId} is outside the caller's scope`);
  }
}

/** Reports listed per plan message. */
export const PLAN_PAGE_SIZE = 250;

export async function startRegeneration(
  deps: ServiceDeps & { queue: RegenerationQueue },
  input: { filter: JobFilter; force?: boolean; actor: string; scopes: readonly string[] },
): Promise<JobRecord> {
  const createdAt = clock(deps).toISOString();
  const job: JobRecord = {
    jobId: randomUUID(),
    filter: input.filter,
    ...(input.force ? { force: true } : {}),
    actor: input.actor,
    scopes: input.scopes,
    createdAt,
    planned: false,
    total: 0,
    succeeded: 0,
    failed: 0,
    unchanged: 0,
    lastProgressAt: createdAt,
  };
  await deps.jobs.createJob(job);
  await deps.queue.enqueue([{ kind: "plan", jobId: job.jobId }]);
  await recordAudit(deps, { actor: job.actor, action: "bulk.start", target: `job:${job.jobId}`, outcome: "success", detail: { filter: job.filter, scopes: job.scopes, ...(job.force ? { force: true } : {}) } });
  return job;
}

/** What recording a job's progress needs: its store, and the audit trail for its finish. */
export type JobProgressDeps = Pick<ServiceDeps, "jobs" | "audit" | "now" | "log" | "events">;

/**
 * Once every report of a planned job is counted: marks it finished and audits that, once. `job` is the
 * job as the count that may have completed it left it (no read of its own).
 */
export async function finishIfComplete(deps: JobProgressDeps, job: JobRecord | undefined): Promise<void> {
  if (!job || !job.planned || job.finishedAt || (job.succeeded ?? 0) + (job.failed ?? 0) < job.total) return;
  const jobId = job.jobId;
  const finishedAt = clock(deps).toISOString();
  if (!(await deps.jobs.markJobFinished(jobId, finishedAt))) return;
  await recordAudit(deps, {
    actor: job.actor,
    action: "bulk.finish",
    target: `job:${jobId}`,
    outcome: job.failed === 0 ? "success" : "failure",
    detail: { total: job.total, succeeded: job.succeeded, failed: job.failed },
  });
  await regenerationFinished(deps, job, finishedAt);
}

/** A failure reason fit for an admin's eyes: what went wrong, not where in the code. */
export function failureReason(error: unknown): string {
  if (error instanceof StoredSourceInvalidError) return `the stored report is not valid under the current rules (${error.errors.length} errors)`;
  if (error instanceof ReportNotFoundError) return "the report has no versions";
  if (error instanceof RenderTimeoutError) return `rendering timed out: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? "unknown error").slice(0, 300) || "unknown error";
}

/**
 * Records a report's final failure on its job, unless the report is counted already (succeeded, or
 * failed before): false then. The one way a report of a job is recorded failed.
 */
export async function recordReportFailure(deps: JobProgressDeps, jobId: string, failure: JobFailure): Promise<boolean> {
  // a report has one outcome item, written once: a report counted already is refused by the store
  const counted = await deps.jobs.recordJobFailure(jobId, failure, clock(deps).toISOString());
  if (!counted) return false;
  await finishIfComplete(deps, counted);
  return true;
}

/** What handling a message did: planned a page, regenerated a report, or nothing (already done, or no such job). */
export type MessageOutcome = "planned" | "regenerated" | "skipped";

/** Handles one message; throws when it failed (after recording the failure on the last attempt). */
export async function handleRegenerationMessage(
  deps: ServiceDeps & { queue: RegenerationQueue },
  message: RegenerationMessage,
  delivery: DeliveryInfo,
): Promise<MessageOutcome> {
  // a report message reads its job and whether the report is counted already in one go
  const { job, settled } =
    message.kind === "report" ? await deps.jobs.getJobForReport(message.jobId, message.reportId) : { job: await deps.jobs.getJob(message.jobId), settled: false };
  if (!job || job.abandonedAt) return "skipped"; // a job that no longer exists, or was ended: nothing to do

  if (message.kind === "plan") {
    let page;
    try {
      page = await deps.reports.listReports(job.filter, { limit: PLAN_PAGE_SIZE, ...(message.cursor ? { cursor: message.cursor } : {}) });
    } catch (error) {
      if (error instanceof InvalidCursorError) return "skipped";
      throw error;
    }
    const reportIds = page.items.map((r) => r.reportId).filter((id) => inScope(job.scopes, id));
    const messages: RegenerationMessage[] = reportIds.map((reportId) => ({ kind: "report", jobId: job.jobId, reportId }));
    if (page.cursor) messages.push({ kind: "plan", jobId: job.jobId, cursor: page.cursor });
    // Enqueue, then count the page once. A crash between the two re-enqueues on redelivery (report
    // messages are idempotent) and still counts the page exactly once; the job stays "planning"
    // until its last page is counted, so it never looks finished early.
    await deps.queue.enqueue(messages);
    const counted = await deps.jobs.addToJobTotal(job.jobId, planPage(message), reportIds.length, !page.cursor);
    await finishIfComplete(deps, counted);
    return "planned";
  }

  // A report already counted for this job (a redelivered or duplicated message) is not redone.
  if (settled) return "skipped";
  let counted: JobRecord | undefined;
  try {
    const result = await regenerateVersion(deps, {
      reportId: message.reportId,
      actor: job.actor,
      trigger: "bulk",
      onlyIfTemplateChanged: job.force !== true,
      jobId: job.jobId,
    });
    counted = await deps.jobs.recordJobSuccess(job.jobId, message.reportId, { unchanged: result.unchanged === true, at: clock(deps).toISOString() });
    // a version made by a bulk job is announced like any other (webhooks: version.created)
    if (result.created) await versionCreated(deps, await viewOf(deps, result.version, { signed: false }));
  } catch (error) {
    if (delivery.isLastAttempt) {
      await recordReportFailure(deps, job.jobId, { reportId: message.reportId, reason: failureReason(error), attempts: delivery.attempt });
    }
    throw error;
  }
  await finishIfComplete(deps, counted);
  return "regenerated";
}

/** The name under which a plan message's page is counted once. */
export function planPage(message: Extract<RegenerationMessage, { kind: "plan" }>): string {
  return message.cursor ?? "first";
}
