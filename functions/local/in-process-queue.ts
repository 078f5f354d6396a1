/**
 * The regeneration queue for the local service: in this process, with bounded concurrency, retries
 * with a growing delay, and a dead-letter list — the behaviour SQS with a redrive policy gives on AWS.
 */
import type { DeliveryInfo, RegenerationMessage, RegenerationQueue } from "../service/regenerations.js";

export interface InProcessQueueOptions {
  readonly concurrency: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
}

interface Delivery {
  readonly message: RegenerationMessage;
  readonly attempt: number;
}

export class InProcessQueue implements RegenerationQueue {
  private readonly waiting: Delivery[] = [];
  private running = 0;
  private delayed = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  readonly deadLetters: { message: RegenerationMessage; error: unknown }[] = [];
  private handler?: (message: RegenerationMessage, delivery: DeliveryInfo) => Promise<void>;

  constructor(private readonly options: InProcessQueueOptions) {}

  /** Sets the worker (after construction: the worker needs the queue to enqueue follow-ups). */
  setHandler(handler: (message: RegenerationMessage, delivery: DeliveryInfo) => Promise<void>): void {
    this.handler = handler;
  }

  async enqueue(messages: readonly RegenerationMessage[]): Promise<void> {
    for (const message of messages) this.waiting.push({ message, attempt: 1 });
    this.pump();
  }

  /** Resolves when nothing is waiting, running or scheduled for retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking work; resolves when the deliveries in hand have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.length = 0;
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.running === 0 && this.delayed === 0;
  }

  private pump(): void {
    while (!this.stopped && this.handler && this.running < this.options.concurrency && this.waiting.length > 0) {
      const delivery = this.waiting.shift()!;
      this.running++;
      void this.deliver(delivery).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const isLastAttempt = delivery.attempt >= this.options.maxAttempts;
    try {
      await this.handler!(delivery.message, { attempt: delivery.attempt, isLastAttempt });
    } catch (error) {
      if (isLastAttempt) {
        this.deadLetters.push({ message: delivery.message, error });
        return;
      }
      this.delayed++;
      setTimeout(() => {
        this.delayed--;
        if (!this.stopped) this.waiting.push({ message: delivery.message, attempt: delivery.attempt + 1 });
        this.pump();
        if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      }, this.options.retryDelayMs * delivery.attempt);
    }
  }
}
