/**
 * Withdrawal of a version that must not stay public (wrong figures, personal data), and purge of its
 * bytes. The version keeps its number and its metadata forever; it gains a `withdrawn` record, and
 * the public links answer 410 for it (`/d/{id}` falls back to the latest version that stands).
 *
 * Purge deletes the version's objects for good. Objects are content-addressed per report, so two
 * versions of a report with identical source (every regeneration) or identical PDF share an object:
 * purge deletes an object only when no other unpurged version refers to it, and reports the objects
 * it kept and which versions hold them. Withdrawing and purging those versions too deletes the rest.
 *
 * Order: the withdrawal is recorded first (from then on nothing links to the bytes), then `purgedAt`,
 * then the objects are deleted. A crash part way leaves a version marked purged whose objects may
 * remain: asking to purge it again deletes them (idempotent) and answers that it was withdrawn already.
 * Publishing the same content again later stores the objects afresh (versions.ts).
 */
import { objectsOf, type VersionRecord, type Withdrawal } from "../store/ports.js";
import { recordAudit } from "./audit.js";
import { checkReportId, InvalidReasonError, VersionAlreadyWithdrawnError, VersionNotFoundError } from "./errors.js";
import { clock, type ServiceDeps } from "./ports.js";
import { viewOf, type VersionView } from "./use-cases.js";

export const REASON_LENGTH = { min: 2, max: 500 } as const;

export interface PurgeResult {
  /** object kinds deleted now */
  readonly deleted: readonly string[];
  /** object kinds kept because other versions that are not purged still use them */
  readonly kept: readonly { readonly object: string; readonly usedBy: readonly number[] }[];
}

export interface WithdrawResult {
  readonly version: VersionView;
  readonly purge?: PurgeResult;
}

export function checkReason(reason: unknown): string {
  const text = typeof reason === "string" ? reason.trim() : "";
  const length = [...text].length;
  if (length < REASON_LENGTH.min || length > REASON_LENGTH.max) {
    throw new InvalidReasonError(`reason must be ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters`);
  }
  return text;
}

export async function withdrawVersion(
  deps: ServiceDeps,
  input: { reportId: string; version: number; reason: string; purge: boolean; actor: string },
): Promise<WithdrawResult> {
  checkReportId(input.reportId);
  const reason = checkReason(input.reason);
  const at = clock(deps).toISOString();
  const withdrawal: Withdrawal = { at, by: input.actor, reason };
  const outcome = await deps.reports.withdrawVersion(input.reportId, input.version, withdrawal);
  if (outcome === "missing") throw new VersionNotFoundError(input.reportId, input.version);

  let record = (await deps.reports.getVersion(input.reportId, input.version))!;
  if (outcome === "already") {
    // A purge asked for later still happens (personal data found after the withdrawal); a purge
    // cut short is finished. Either way the version was withdrawn already.
    if (!input.purge) throw new VersionAlreadyWithdrawnError(input.reportId, input.version);
    const ordered = await deps.reports.markPurged(input.reportId, input.version, at);
    if (!ordered) {
      await purgeObjects(deps, record);
      throw new VersionAlreadyWithdrawnError(input.reportId, input.version);
    }
    record = (await deps.reports.getVersion(input.reportId, input.version))!;
    const purge = await purgeObjects(deps, record);
    await audit(deps, input, { purge, laterPurge: true, reason });
    return { version: await viewOf(deps, record), purge };
  }

  let purge: PurgeResult | undefined;
  if (input.purge) {
    await deps.reports.markPurged(input.reportId, input.version, at);
    record = (await deps.reports.getVersion(input.reportId, input.version))!;
    purge = await purgeObjects(deps, record);
  }
  await audit(deps, input, { reason, ...(purge ? { purge } : {}) });
  return { version: await viewOf(deps, record), ...(purge ? { purge } : {}) };
}

async function audit(deps: ServiceDeps, input: { reportId: string; version: number; actor: string }, detail: Record<string, unknown>): Promise<void> {
  await recordAudit(deps, {
    actor: input.actor,
    action: "withdraw",
    target: `${input.reportId}/${input.version}`,
    reportId: input.reportId,
    outcome: "success",
    detail: { version: input.version, ...detail },
  });
}

/** Deletes the version's objects that no unpurged version of the report refers to. */
async function purgeObjects(deps: ServiceDeps, version: VersionRecord): Promise<PurgeResult> {
  const kinds = new Map(objectsOf(version).map(({ kind, object }) => [object.key, kind]));
  const usedBy = new Map<string, number[]>();
  let cursor: string | undefined;
  do {
    const page = await deps.reports.listVersions(version.reportId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const other of page.items) {
      if (other.version === version.version || other.withdrawn?.purgedAt) continue;
      for (const { object } of objectsOf(other)) if (kinds.has(object.key)) usedBy.set(object.key, [...(usedBy.get(object.key) ?? []), other.version]);
    }
    cursor = page.cursor;
  } while (cursor);
  const deleted: string[] = [];
  const kept: { object: string; usedBy: number[] }[] = [];
  for (const [key, kind] of kinds) {
    const users = usedBy.get(key);
    if (users) {
      kept.push({ object: kind, usedBy: users.sort((a, b) => a - b) });
      continue;
    }
    await deps.documents.delete(key);
    deleted.push(kind);
  }
  return { deleted, kept };
}
