/**
 * Orphaned objects: written by a publish that failed before its version was recorded. Nothing points
 * at them, so they are harmless; this finds (and optionally deletes) those older than a grace period,
 * so that objects of publishes still in flight are left alone.
 */
import { OBJECT_PREFIX } from "../store/keys.js";
import type { ServiceDeps } from "./ports.js";

export async function findOrphans(deps: ServiceDeps, options: { reportId: string; olderThanMs: number; delete?: boolean }): Promise<string[]> {
  const now = (deps.now ?? (() => new Date()))().getTime();
  const referenced = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.reports.listVersions(options.reportId, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const version of page.items) referenced.add(version.pdf.key).add(version.source.key);
    cursor = page.cursor;
  } while (cursor);
  const orphans: string[] = [];
  for await (const object of deps.documents.list(`${OBJECT_PREFIX}${options.reportId}/`)) {
    if (referenced.has(object.key) || now - object.lastModified.getTime() < options.olderThanMs) continue;
    orphans.push(object.key);
    if (options.delete) await deps.documents.delete(object.key);
  }
  return orphans;
}
