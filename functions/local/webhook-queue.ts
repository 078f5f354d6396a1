/**
 * Events and webhook deliveries in the local service: what EventBridge, the delivery queue and its
 * dead-letter queue do on AWS, on the persisted local queue (persistent-queue.ts, journal
 * `queue/webhooks.jsonl` in the data folder). An emitted event is only written to the journal (the
 * publish that emitted it does not wait for any delivery, nor for the disk: the line is flushed just
 * after, and a killed process keeps it); the queue fans it out and makes the attempts with bounded
 * concurrency, a retry as a message due after the schedule's delay. What is pending at a crash — an
 * event not yet fanned out, an attempt, a retry waiting for its time — is sent after the next start,
 * with the same `webhook-id` (it is derived from the event and the subscription). A message whose
 * handling throws (a store error, not a failed attempt: those are retried by the schedule) is tried
 * again up to MAX_RECEIVES times, then recorded as a failed delivery, as the dead-letter consumer
 * does on AWS.
 */
import type { EventSink, ServiceEvent } from "../service/events.js";
import { handleWebhookMessage, recordDeadLetter, type DeliveryDeps, type WebhookMessage, type WebhookQueue } from "../service/webhook-delivery.js";
import { PersistentQueue } from "./persistent-queue.js";

const MAX_RECEIVES = 5;
/** the delay before receive n+1 of a message whose handling threw is n times this */
const REDELIVERY_DELAY_MS = 500;

export interface LocalWebhookQueueOptions {
  /** the folder of the journals (the data folder's queue/) */
  readonly dir: string;
  readonly concurrency?: number;
}

export class LocalWebhookQueue implements WebhookQueue, EventSink {
  private readonly queue: PersistentQueue<WebhookMessage>;

  constructor(options: LocalWebhookQueueOptions) {
    this.queue = new PersistentQueue<WebhookMessage>({
      dir: options.dir,
      name: "webhooks",
      concurrency: options.concurrency ?? 4,
      maxAttempts: MAX_RECEIVES,
      retryDelayMs: REDELIVERY_DELAY_MS,
      flush: "background",
    });
  }

  /** Begins delivering, first what was pending at the last stop or crash. The deps include this queue. */
  start(deps: DeliveryDeps): void {
    this.queue.setHandler(async (message, receive) => {
      try {
        await handleWebhookMessage(deps, message);
      } catch (error) {
        deps.log?.({ level: "warn", message: "webhook message failed", kind: message.kind, receives: receive.attempt, error: String(error) });
        if (receive.isLastAttempt) await recordDeadLetter(deps, message).catch((e: unknown) => deps.log?.({ level: "error", message: "dead webhook message not recorded", error: String(e) }));
        throw error;
      }
    });
    this.queue.start();
  }

  emit(event: ServiceEvent): Promise<void> {
    return this.send([{ kind: "event", event }]);
  }

  send(messages: readonly WebhookMessage[], delayMs = 0): Promise<void> {
    return this.queue.enqueue(messages, { delayMs });
  }

  /** Messages not yet done: events not fanned out, attempts not made, retries not yet due. */
  pending(): WebhookMessage[] {
    return this.queue.pending();
  }

  /** Resolves when nothing is waiting, running or due later. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops: deliveries in hand get `graceMs`; whatever is not done (retries included) stays in the journal for the next start. */
  stop(graceMs?: number): Promise<void> {
    return this.queue.stop(graceMs);
  }
}
