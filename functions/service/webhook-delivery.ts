/**
 * Delivering events to webhook subscriptions, per the Standard Webhooks scheme (the
 * `standardwebhooks` package signs): `webhook-id` (stable across attempts), `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, body
 * `{ type, timestamp, data }`.
 *
 * Two kinds of queue message: an event, which is fanned out (one delivery per subscription whose
 * events and scopes match), and a delivery attempt. A failed attempt (not 2xx within 10 s, a refused
 * address, no connection) is recorded and the next attempt is sent to the queue with the schedule's
 * delay; after the last, the delivery is recorded failed. A message the handler cannot finish (a
 * crash, a store error) is retried by the queue and, in the end, dead-lettered: `recordDeadLetter`
 * records that delivery failed. At-least-once: a receiver may see an id twice, never a different id
 * for the same event.
 */
import { createHash } from "node:crypto";
import { Webhook } from "standardwebhooks";
import type { DeliveryRecord, WebhookStore, WebhookSubscription } from "../store/ports.js";
import type { ServiceEvent } from "./events.js";
import { clock } from "./ports.js";
import { inScope, scopesCover } from "./scopes.js";
import type { SecretBox } from "./secret-box.js";
import { postWebhook, type AttemptResult } from "./webhook-http.js";
import { resolveTarget, WebhookTargetError, type Resolver, type TargetPolicy } from "./webhook-targets.js";

export type WebhookMessage =
  | { readonly kind: "event"; readonly event: ServiceEvent }
  | { readonly kind: "delivery"; readonly subscriptionId: string; readonly webhookId: string; readonly attempt: number; readonly event: ServiceEvent };

/** The delivery queue: SQS on AWS (a delay of at most 15 minutes), the local queue locally. */
export interface WebhookQueue {
  send(messages: readonly WebhookMessage[], delayMs?: number): Promise<void>;
}

/**
 * Delays before the 2nd, 3rd, … attempt: the first retry after 5 s, the last attempt more than an
 * hour after the first (5 s + 30 s + 2 min + 5 min + 10 min + 3 × 15 min ≈ 62.6 min).
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 30_000, 120_000, 300_000, 600_000, 900_000, 900_000, 900_000];
/** SQS delays a message at most 15 minutes */
export const MAX_RETRY_DELAY_MS = 900_000;

export class RetryScheduleError extends Error {}

/** NIANBAO_WEBHOOK_RETRY_SCHEDULE: seconds between attempts, comma-separated ("5,30,120"); tests use fractions. */
export function retryScheduleFromEnv(raw: string | undefined): readonly number[] {
  if (raw === undefined || raw.trim() === "") return DEFAULT_RETRY_SCHEDULE_MS;
  const delays = raw.split(",").map((part) => Number(part.trim()) * 1000);
  if (delays.some((ms) => !Number.isFinite(ms) || ms < 0 || ms > MAX_RETRY_DELAY_MS)) {
    throw new RetryScheduleError(`NIANBAO_WEBHOOK_RETRY_SCHEDULE must be seconds from 0 to 900, comma-separated, not ${raw}`);
  }
  return delays;
}

export interface DeliveryDeps {
  readonly webhooks: WebhookStore;
  readonly secrets: SecretBox;
  readonly queue: WebhookQueue;
  readonly policy: TargetPolicy;
  readonly schedule: readonly number[];
  readonly resolve?: Resolver;
  readonly now?: () => Date;
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** Whether the subscription hears about the event: its type, and the report (or the whole job) within its scopes. */
export function subscribed(subscription: WebhookSubscription, event: ServiceEvent): boolean {
  if (!subscription.events.includes(event.type)) return false;
  if (event.reportId !== undefined) return inScope(subscription.scopes, event.reportId);
  if (event.reach) {
    // a bulk job is told only to subscriptions that cover every report it could have touched
    const { scopes, reportIdPrefix } = event.reach;
    return scopesCover(subscription.scopes, scopes) || (reportIdPrefix !== undefined && scopesCover(subscription.scopes, [`${reportIdPrefix}*`]));
  }
  return false;
}

/** The `webhook-id` of an event's delivery to a subscription: the same however often it is computed. */
export function webhookId(event: ServiceEvent, subscriptionId: string): string {
  return `msg_${createHash("sha256").update(`${event.id}:${subscriptionId}`).digest("base64url").slice(0, 27)}`;
}

/** The body every attempt of a delivery sends, byte for byte. */
export function deliveryBody(event: ServiceEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

export async function handleWebhookMessage(deps: DeliveryDeps, message: WebhookMessage): Promise<void> {
  if (message.kind === "event") await fanOut(deps, message.event);
  else await attemptDelivery(deps, message);
}

/** One pending delivery per matching subscription, and its first attempt queued. */
export async function fanOut(deps: DeliveryDeps, event: ServiceEvent): Promise<number> {
  const subscriptions = (await deps.webhooks.listSubscriptions()).filter((s) => subscribed(s, event));
  const messages: WebhookMessage[] = [];
  for (const subscription of subscriptions) {
    const id = webhookId(event, subscription.id);
    // an event handed over twice: a delivery already under way is not started again
    if (await deps.webhooks.getDelivery(subscription.id, event.timestamp, id)) continue;
    await deps.webhooks.putDelivery(record(deps, subscription.id, id, event, { attempts: 0, status: "pending" }));
    messages.push({ kind: "delivery", subscriptionId: subscription.id, webhookId: id, attempt: 1, event });
  }
  if (messages.length) await deps.queue.send(messages);
  return messages.length;
}

function record(
  deps: Pick<DeliveryDeps, "now">,
  subscriptionId: string,
  id: string,
  event: ServiceEvent,
  state: { attempts: number; status: DeliveryRecord["status"]; lastError?: string },
): DeliveryRecord {
  return { subscriptionId, id, event: event.type, at: event.timestamp, ...state, updatedAt: clock(deps).toISOString() };
}

export async function attemptDelivery(deps: DeliveryDeps, message: Extract<WebhookMessage, { kind: "delivery" }>): Promise<AttemptResult | undefined> {
  const subscription = await deps.webhooks.getSubscription(message.subscriptionId);
  if (!subscription) {
    deps.log?.({ level: "info", message: "webhook delivery dropped: the subscription was deleted", subscriptionId: message.subscriptionId, webhookId: message.webhookId });
    return undefined;
  }
  const result = await send(deps, subscription, message);
  const { attempt, event } = message;
  if (result.ok) {
    await deps.webhooks.putDelivery(record(deps, subscription.id, message.webhookId, event, { attempts: attempt, status: "succeeded" }));
    return result;
  }
  const delay = deps.schedule[attempt - 1];
  if (delay === undefined) {
    await deps.webhooks.putDelivery(record(deps, subscription.id, message.webhookId, event, { attempts: attempt, status: "failed", lastError: result.error }));
    deps.log?.({ level: "warn", message: "webhook delivery failed for good", subscriptionId: subscription.id, webhookId: message.webhookId, attempts: attempt, error: result.error });
    return result;
  }
  await deps.webhooks.putDelivery(record(deps, subscription.id, message.webhookId, event, { attempts: attempt, status: "retrying", lastError: result.error }));
  await deps.queue.send([{ ...message, attempt: attempt + 1 }], delay);
  return result;
}

async function send(deps: DeliveryDeps, subscription: WebhookSubscription, message: Extract<WebhookMessage, { kind: "delivery" }>): Promise<AttemptResult> {
  let target;
  try {
    // checked again at every attempt: the name may resolve elsewhere now
    target = await resolveTarget(subscription.url, deps.policy, deps.resolve);
  } catch (error) {
    if (error instanceof WebhookTargetError) return { ok: false, error: `refused target: ${error.message}` };
    throw error;
  }
  const secret = await deps.secrets.open(subscription.sealedSecret, subscription.id);
  const body = deliveryBody(message.event);
  const sentAt = clock(deps);
  const signature = new Webhook(secret).sign(message.webhookId, sentAt, body);
  return postWebhook(target, { "webhook-id": message.webhookId, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature }, body);
}

/** A delivery message the queue gave up on (dead-lettered): recorded failed, so it is not "retrying" forever. */
export async function recordDeadLetter(deps: Pick<DeliveryDeps, "webhooks" | "now" | "log">, message: WebhookMessage, reason = "dead-lettered after repeated errors"): Promise<void> {
  if (message.kind === "event") {
    deps.log?.({ level: "error", message: "webhook event dead-lettered before fan-out", eventId: message.event.id, type: message.event.type });
    return;
  }
  await deps.webhooks.putDelivery(record(deps, message.subscriptionId, message.webhookId, message.event, { attempts: message.attempt, status: "failed", lastError: reason }));
}
