/**
 * A bulk job always ends, also when its messages do not: a message that reached the dead-letter
 * queue had every attempt fail. Usually the worker recorded the failure on its last attempt; when it
 * could not (it timed out, ran out of memory, crashed, or was never invoked), this records it, so
 * that the job's counters still reach its total.
 *
 * A dead-lettered plan message means the job's remaining reports were never listed: its page is
 * counted as one failed entry and planning ends, so the job completes with what was planned.
 */
import { finishIfComplete, planPage, recordReportFailure, type JobProgressDeps, type RegenerationMessage } from "./regenerations.js";

/** What a dead letter did to its job. */
export type DeadLetterOutcome =
  /** the report (or the rest of the plan) is now recorded failed */
  | "recorded"
  /** the worker had counted it already (succeeded, or failed on its last attempt) */
  | "settled"
  /** the job no longer exists */
  | "no-job";

/** The entry under which a job's failed planning is listed among its failures. */
export const PLANNING_FAILURE_ID = "(planning)";

export async function recordDeadLetter(
  deps: JobProgressDeps,
  message: RegenerationMessage,
  attempts: number,
): Promise<DeadLetterOutcome> {
  const job = await deps.jobs.getJob(message.jobId);
  if (!job) return "no-job";
  if (message.kind === "report") {
    const recorded = await recordReportFailure(deps, job.jobId, {
      reportId: message.reportId,
      reason: `regeneration did not finish in ${attempts} attempts (the worker timed out, crashed or was not invoked)`,
      attempts,
    });
    return recorded ? "recorded" : "settled";
  }
  // The page joins the total as one entry, and that entry is the failure: succeeded + failed still
  // reach the total, and planning ends.
  const failure = {
    reportId: PLANNING_FAILURE_ID,
    reason: `listing the reports to regenerate failed in ${attempts} attempts; the reports after those already planned were not regenerated`,
    attempts,
  };
  const settled = await deps.jobs.isJobReportSettled(job.jobId, failure.reportId);
  // Both writes happen once however often this runs, so a crash between them is mended by the
  // redelivery; until the second one the job is still "planning", never complete too early.
  await deps.jobs.recordJobFailure(job.jobId, failure);
  await finishIfComplete(deps, await deps.jobs.addToJobTotal(job.jobId, planPage(message), 1, true));
  return settled ? "settled" : "recorded";
}
