/**
 * A bulk regeneration's status, and the rule that ends it: a job that has made no progress (no page
 * planned, no report settled) for the stall time is ended `failed`, with every report it has not
 * settled counted as failed, listed with the reason. So a job always ends, whatever was lost on the
 * way — a crashed worker, a dead-lettered message, a queue that was wiped.
 */
import type { JobFilter, JobRecord } from "../store/ports.js";
import { clock, type ServiceDeps } from "./ports.js";
import { finishIfComplete, JobNotFoundError, JobOutOfScopeError, recordReportFailure } from "./regenerations.js";
import { inScope, scopesCover } from "./scopes.js";

export const DEFAULT_STALL_SECONDS = 900;

/** NIANBAO_JOB_STALL_SECONDS: how long a job may go without progress before it is ended. */
export function stallSecondsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.NIANBAO_JOB_STALL_SECONDS;
  if (raw === undefined || raw === "") return DEFAULT_STALL_SECONDS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`NIANBAO_JOB_STALL_SECONDS must be a positive integer, not ${raw}`);
  return seconds;
}

export interface JobStatus {
  readonly jobId: string;
  /** "failed": ended for want of progress, see failures */
  readonly status: "planning" | "running" | "completed" | "failed";
  readonly filter: JobFilter;
  readonly force: boolean;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  /** of the succeeded, those left as they were (their template is current) */
  readonly unchanged: number;
  readonly failures: readonly { readonly reportId: string; readonly reason: string }[];
}

const MAX_LISTED_FAILURES = 1000;
const LIST_PAGE = 250;

function finished(job: JobRecord): boolean {
  return job.planned && job.succeeded + job.failed >= job.total;
}

/**
 * Ends a stalled job: counters recomputed from the recorded outcomes, then every report the job
 * covers (its filter within its scope) without an outcome is recorded as failed, the way the
 * dead-letter consumer records one (recordReportFailure). An outcome is written once, so a worker
 * finishing a report at the same moment is counted once either way. The job is then finished (and
 * audited) as any job whose last report is counted.
 */
async function abandon(deps: ServiceDeps, job: JobRecord, stallSeconds: number): Promise<JobRecord> {
  const reconciled = (await deps.jobs.reconcileJob(job.jobId)) ?? job;
  if (finished(reconciled)) {
    // only the count had lagged: it is complete
    await finishIfComplete(deps, reconciled);
    return (await deps.jobs.getJob(job.jobId)) ?? reconciled;
  }
  const at = clock(deps).toISOString();
  const reason = `not regenerated: the job made no progress for ${stallSeconds} s`;
  let covered = 0;
  let left = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.reports.listReports(job.filter, { limit: LIST_PAGE, ...(cursor ? { cursor } : {}) });
    for (const report of page.items) {
      if (!inScope(job.scopes, report.reportId)) continue;
      covered++;
      if (!(await deps.jobs.isJobReportSettled(job.jobId, report.reportId))) {
        if (await recordReportFailure(deps, job.jobId, { reportId: report.reportId, reason, attempts: 0 })) left++;
      }
    }
    cursor = page.cursor;
  } while (cursor);
  const settled = (await deps.jobs.reconcileJob(job.jobId)) ?? reconciled;
  // Reports settled earlier but no longer listed (their summary changed since) still count. When
  // nothing was left (only the planning's last count was lost) the job simply completes.
  await deps.jobs.endJob(job.jobId, { total: Math.max(covered, settled.succeeded + settled.failed), at, abandoned: left > 0 });
  const ended = (await deps.jobs.getJob(job.jobId)) ?? settled;
  await finishIfComplete(deps, ended);
  return (await deps.jobs.getJob(job.jobId)) ?? ended;
}

/**
 * A job's progress, for the token that started it and for admins whose scope covers the job's scope
 * (a scoped admin never sees the failures of reports outside its scope). A stalled job is ended here.
 */
export async function jobStatus(deps: ServiceDeps, jobId: string, viewer: { actor: string; scopes: readonly string[] }): Promise<JobStatus> {
  let job = await deps.jobs.getJob(jobId);
  if (!job) throw new JobNotFoundError(jobId);
  if (job.actor !== viewer.actor && !scopesCover(viewer.scopes, job.scopes)) throw new JobOutOfScopeError(jobId);
  const stallSeconds = deps.jobStallSeconds ?? stallSecondsFromEnv();
  const now = clock(deps).getTime();
  const lastProgress = Date.parse(job.lastProgressAt ?? job.createdAt);
  if (!job.abandonedAt && !finished(job) && now - lastProgress > stallSeconds * 1000) job = await abandon(deps, job, stallSeconds);
  const failures = job.failed > 0 ? await deps.jobs.listJobFailures(jobId, MAX_LISTED_FAILURES) : [];
  return {
    jobId,
    status: job.abandonedAt ? "failed" : !job.planned ? "planning" : finished(job) ? "completed" : "running",
    filter: job.filter,
    force: job.force === true,
    createdAt: job.createdAt,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    total: job.total,
    succeeded: job.succeeded,
    failed: job.failed,
    unchanged: job.unchanged ?? 0,
    failures: failures.map((f) => ({ reportId: f.reportId, reason: f.reason })),
  };
}

/** Makes a job's counters exact again (after a crash between recording an outcome and counting it). */
export async function reconcileJob(deps: ServiceDeps, jobId: string): Promise<void> {
  await deps.jobs.reconcileJob(jobId);
}
