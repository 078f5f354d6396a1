/**
 * What happened, told to whoever listens: a new version, a withdrawn version, a finished bulk job.
 * The use cases emit an event after the change is committed; the sink (EventBridge on AWS, the local
 * delivery queue locally) only accepts it — delivering webhooks happens elsewhere, later, so an event
 * never holds up the call that caused it. An event the sink refuses is logged and the change stands
 * (as with the audit trail: no transactions tie the two).
 */
import { randomUUID } from "node:crypto";
import type { JobRecord, WebhookEventType } from "../store/ports.js";
import { clock } from "./ports.js";
import type { VersionView } from "./use-cases.js";

export interface ServiceEvent {
  /** unique per event; with a subscription's id it makes the stable `webhook-id` */
  readonly id: string;
  readonly type: WebhookEventType;
  /** ISO 8601 */
  readonly timestamp: string;
  /** the report the event is about: subscriptions receive it when their scopes match it */
  readonly reportId?: string;
  /** a bulk job's reach (its scopes, its reportId prefix): subscriptions receive it when they cover it */
  readonly reach?: { readonly scopes: readonly string[]; readonly reportIdPrefix?: string };
  readonly data: Readonly<Record<string, unknown>>;
}

/** The port events go to. */
export interface EventSink {
  emit(event: ServiceEvent): Promise<void>;
}

interface EventDeps {
  readonly events?: EventSink;
  readonly now?: () => Date;
  readonly log?: (entry: Record<string, unknown>) => void;
}

async function emit(deps: EventDeps, event: Omit<ServiceEvent, "id" | "timestamp">): Promise<void> {
  if (!deps.events) return;
  const full: ServiceEvent = { id: `evt_${randomUUID().replaceAll("-", "")}`, timestamp: clock(deps).toISOString(), ...event };
  try {
    await deps.events.emit(full);
  } catch (error) {
    deps.log?.({ level: "error", message: "event not emitted", type: full.type, eventId: full.id, reportId: full.reportId, error: String(error) });
  }
}

/**
 * A version as events carry it: its metadata and lasting links, without the signed `url` of its PDF
 * and OFD, which expire long before a retried delivery might arrive.
 */
function versionData(version: VersionView): Record<string, unknown> {
  const { url: _url, expiresAt: _expiresAt, ...pdf } = version.pdf;
  if (!version.ofd) return { ...version, pdf };
  const { url: _ofdUrl, expiresAt: _ofdExpiresAt, ...ofd } = version.ofd;
  return { ...version, pdf, ofd };
}

export function versionCreated(deps: EventDeps, version: VersionView): Promise<void> {
  return emit(deps, { type: "version.created", reportId: version.reportId, data: versionData(version) });
}

export function versionWithdrawn(deps: EventDeps, version: VersionView): Promise<void> {
  return emit(deps, { type: "version.withdrawn", reportId: version.reportId, data: versionData(version) });
}

export function regenerationFinished(deps: EventDeps, job: JobRecord, finishedAt: string): Promise<void> {
  return emit(deps, {
    type: "regeneration.finished",
    reach: { scopes: job.scopes, ...(job.filter.reportIdPrefix ? { reportIdPrefix: job.filter.reportIdPrefix } : {}) },
    data: {
      jobId: job.jobId,
      status: "finished",
      filter: job.filter,
      total: job.total,
      succeeded: job.succeeded,
      failed: job.failed,
      createdAt: job.createdAt,
      finishedAt,
    },
  });
}
