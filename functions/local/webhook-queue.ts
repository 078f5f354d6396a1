/**
 * Events and webhook deliveries in the local service: what EventBridge, the delivery queue and its
 * dead-letter queue do on AWS, in this process. An emitted event is only handed to the queue (the
 * publish that emitted it does not wait for any delivery); the queue fans it out and makes the
 * attempts with bounded concurrency, a retry's delay as a timer. A message whose handling throws (a
 * store error, not a failed attempt: those are retried by the schedule) is tried again up to
 * MAX_RECEIVES times, then recorded as a failed delivery, as the dead-letter consumer does on AWS.
 */
import type { EventSink, ServiceEvent } from "../service/events.js";
import { handleWebhookMessage, recordDeadLetter, type DeliveryDeps, type WebhookMessage, type WebhookQueue } from "../service/webhook-delivery.js";

const MAX_RECEIVES = 5;
const REDELIVERY_DELAY_MS = 500;

export class LocalWebhookQueue implements WebhookQueue, EventSink {
  private readonly waiting: { message: WebhookMessage; receives: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private deps?: DeliveryDeps;

  constructor(private readonly concurrency = 4) {}

  /** The delivery dependencies (after construction: they include this queue). */
  start(deps: DeliveryDeps): void {
    this.deps = deps;
    this.pump();
  }

  emit(event: ServiceEvent): Promise<void> {
    return this.send([{ kind: "event", event }]);
  }

  async send(messages: readonly WebhookMessage[], delayMs = 0): Promise<void> {
    if (this.stopped) throw new Error("the webhook queue is stopped");
    this.later(delayMs, () => messages.forEach((message) => this.waiting.push({ message, receives: 0 })));
  }

  /** Resolves when nothing is waiting, running or scheduled. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops: scheduled retries are dropped (their deliveries stay "retrying" in the store), deliveries in hand finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    this.settle();
  }

  private later(delayMs: number, enqueue: () => void): void {
    if (delayMs <= 0) {
      enqueue();
      queueMicrotask(() => this.pump());
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      enqueue();
      this.pump();
    }, delayMs);
    this.timers.add(timer);
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.running === 0 && this.timers.size === 0;
  }

  private settle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(): void {
    while (!this.stopped && this.deps && this.running < this.concurrency && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      this.running++;
      void this.handle(entry.message, entry.receives + 1).finally(() => {
        this.running--;
        this.pump();
        this.settle();
      });
    }
    this.settle();
  }

  private async handle(message: WebhookMessage, receives: number): Promise<void> {
    const deps = this.deps!;
    try {
      await handleWebhookMessage(deps, message);
    } catch (error) {
      deps.log?.({ level: "warn", message: "webhook message failed", kind: message.kind, receives, error: String(error) });
      if (receives < MAX_RECEIVES) {
        if (!this.stopped) this.later(REDELIVERY_DELAY_MS * receives, () => this.waiting.push({ message, receives }));
        return;
      }
      await recordDeadLetter(deps, message).catch((e: unknown) => deps.log?.({ level: "error", message: "dead webhook message not recorded", error: String(e) }));
    }
  }
}
