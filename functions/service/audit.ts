/**
 * The audit trail: who did what to which report, version, token or job, with what outcome; and every
 * refused call. Entries are written after the act they record (there are no transactions to tie the
 * two): if the write fails, the act stands and the failure is logged as an error for the operators.
 * Entries never hold a presented secret: a refused call is recorded with the token's public id when
 * the token is known, and as "anonymous" otherwise.
 */
import type { AuditAction, AuditEntry, AuditFilter, AuditOutcome, AuditStore, Page } from "../store/ports.js";
import { clock } from "./ports.js";

export interface AuditDeps {
  readonly audit: AuditStore;
  readonly now?: () => Date;
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface AuditEvent {
  readonly actor: string;
  readonly action: AuditAction;
  readonly target: string;
  readonly reportId?: string;
  readonly outcome: AuditOutcome;
  readonly detail?: Readonly<Record<string, unknown>>;
}

export async function recordAudit(deps: AuditDeps, event: AuditEvent): Promise<void> {
  const entry: AuditEntry = { at: clock(deps).toISOString(), ...event, detail: event.detail ?? {} };
  try {
    await deps.audit.append(entry);
  } catch (error) {
    deps.log?.({ level: "error", message: "audit entry not written", action: entry.action, target: entry.target, actor: entry.actor, error: String(error) });
  }
}

/** Refused calls recorded per actor and minute at most; the rest are counted into the next entry. */
const REFUSALS_PER_MINUTE = 30;
const refusals = new Map<string, { minute: number; count: number; suppressed: number }>();

export async function recordRefusal(
  deps: AuditDeps,
  refusal: { actor: string; status: 401 | 403; reason: string; method: string; path: string; reportId?: string },
): Promise<void> {
  const minute = Math.floor(clock(deps).getTime() / 60_000);
  let window = refusals.get(refusal.actor);
  if (!window || window.minute !== minute) {
    const suppressed = window?.suppressed ?? 0;
    if (refusals.size > 10_000) refusals.clear();
    refusals.set(refusal.actor, (window = { minute, count: 0, suppressed }));
  }
  if (++window.count > REFUSALS_PER_MINUTE) {
    window.suppressed++;
    return;
  }
  const suppressed = window.suppressed;
  window.suppressed = 0;
  await recordAudit(deps, {
    actor: refusal.actor,
    action: "refused",
    target: `${refusal.method} ${refusal.path}`,
    ...(refusal.reportId ? { reportId: refusal.reportId } : {}),
    outcome: "refused",
    detail: { status: refusal.status, reason: refusal.reason, ...(suppressed ? { refusalsNotRecordedBefore: suppressed } : {}) },
  });
}

export async function listAudit(deps: AuditDeps, filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
  return deps.audit.list(filter, options);
}
