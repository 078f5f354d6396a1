/**
 * Orphaned objects: written by a publish that failed before its version was recorded. Nothing points
 * at them, so they are harmless; this finds (and optionally deletes) those older than a grace period,
 * so that objects of publishes still in flight are left alone. `sweepOrphans` does it for every
 * report (the daily cleanup on AWS, `nianbao gc` locally).
 */
import { OBJECT_PREFIX } from "../store/keys.js";
import { objectsOf } from "../store/ports.js";
import type { ServiceDeps } from "./ports.js";

export interface OrphanOptions {
  /** objects younger than this are left alone (their publish may still be in flight) */
  readonly olderThanMs: number;
  readonly delete?: boolean;
}

type StoredObjectInfo = { key: string; lastModified: Date };

export async function findOrphans(deps: Pick<ServiceDeps, "documents" | "reports" | "now">, options: OrphanOptions & { reportId: string }): Promise<string[]> {
  return orphansAmong(deps, options.reportId, deps.documents.list(`${OBJECT_PREFIX}${options.reportId}/`), options);
}

/** The report's objects (of `objects`) that none of its versions points at. */
async function orphansAmong(
  deps: Pick<ServiceDeps, "documents" | "reports" | "now">,
  reportId: string,
  objects: AsyncIterable<StoredObjectInfo> | Iterable<StoredObjectInfo>,
  options: OrphanOptions,
): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const referenced = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.reports.listVersions(reportId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const version of page.items) for (const { object } of objectsOf(version)) referenced.add(object.key);
    cursor = page.cursor;
  } while (cursor);
  const orphans: string[] = [];
  for await (const object of objects) {
    if (referenced.has(object.key) || now - object.lastModified.getTime() < options.olderThanMs) continue;
    orphans.push(object.key);
    if (options.delete) await deps.documents.delete(object.key);
  }
  return orphans;
}

export interface SweepResult {
  /** reports whose objects were looked at */
  readonly reports: number;
  readonly objects: number;
  readonly orphans: readonly string[];
}

/**
 * Every report's orphans, in one listing of the bucket's reports/ prefix (keys come sorted, so a
 * report's objects are consecutive). Reports with no version at all (a first publish that failed)
 * are included: all their objects are orphans once old enough.
 */
export async function sweepOrphans(deps: Pick<ServiceDeps, "documents" | "reports" | "now">, options: OrphanOptions): Promise<SweepResult> {
  const orphans: string[] = [];
  let reports = 0;
  let objects = 0;
  let current: { reportId: string; objects: StoredObjectInfo[] } | undefined;
  const settle = async () => {
    if (!current) return;
    reports++;
    orphans.push(...(await orphansAmong(deps, current.reportId, current.objects, options)));
  };
  for await (const object of deps.documents.list(OBJECT_PREFIX)) {
    objects++;
    const reportId = object.key.slice(OBJECT_PREFIX.length).split("/")[0]!;
    if (current?.reportId !== reportId) {
      await settle();
      current = { reportId, objects: [] };
    }
    current.objects.push(object);
  }
  await settle();
  return { reports, objects, orphans };
}
