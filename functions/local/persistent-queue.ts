/**
 * A message queue for the local service that survives a crash: what SQS with a redrive policy gives
 * on AWS — at-least-once delivery, bounded concurrency, retries with a growing delay, a dead-letter
 * list after the last attempt — kept in a journal in the data folder.
 *
 * The journal (`<name>.jsonl`) is append-only: a line when a message is enqueued, when an attempt
 * fails, and when a message is done (delivered, or dead-lettered after its last attempt). At start
 * every message without its "done" line is delivered again — also the ones that were in hand when
 * the process died, so handlers must be idempotent (as they must be for SQS). Enqueued messages are
 * flushed to disk before `enqueue` resolves; when done lines outnumber the live messages the
 * journal is rewritten with only the live ones.
 *
 * A message may be enqueued with a delay (SQS's DelaySeconds): its journal line carries the time it
 * is due, so a restart delivers it then, not at once and not never. A queue whose producers must not
 * wait for the disk (flush "background") has its lines written to the OS before `enqueue` resolves —
 * they survive the process being killed — and flushed to disk right after, off the caller's path.
 *
 * Generic over its messages: each queue has a name and a handler; messages carry a `kind`.
 */
import { randomUUID } from "node:crypto";
import { appendFileSync, closeSync, existsSync, fdatasync, fdatasyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { privateDir } from "./installation.js";

export interface QueueMessage {
  readonly kind: string;
}

export interface Delivery {
  /** 1 on first delivery */
  readonly attempt: number;
  /** no retry follows a failure of this delivery: it goes to the dead-letter list */
  readonly isLastAttempt: boolean;
}

export interface PersistentQueueOptions {
  /** the folder of the journals (the data folder's queue/) */
  readonly dir: string;
  /** the queue's name: its journal is <name>.jsonl */
  readonly name: string;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** the delay before attempt n+1 is n times this */
  readonly retryDelayMs: number;
  /**
   * "sync" (default): an enqueued message is on disk before `enqueue` resolves. "background": it is
   * written to the OS (kept if the process is killed) and flushed to disk just after, so that a
   * producer on a request's path does not wait for the disk.
   */
  readonly flush?: "sync" | "background";
}

export interface EnqueueOptions {
  /** ms before the messages are due (kept across a restart: they are delivered when due) */
  readonly delayMs?: number;
}

interface Entry<T> {
  readonly id: string;
  readonly message: T;
  failures: number;
  /** epoch ms before which the message is not delivered */
  readonly due?: number;
}

type JournalLine<T> = { put: string; m: T; due?: number } | { fail: string } | { done: string };

/** Done lines beyond which (and beyond the live messages) the journal is rewritten. */
const COMPACT_AFTER = 1000;

export class PersistentQueue<T extends QueueMessage> {
  private readonly file: string;
  private readonly live = new Map<string, Entry<T>>();
  private readonly ready: string[] = [];
  private readonly retries = new Map<string, NodeJS.Timeout>();
  private fd: number | undefined;
  private running = 0;
  private doneLines = 0;
  private started = false;
  private stopped = false;
  /** a background flush under way, and whether lines were written since it began */
  private flushing?: Promise<void>;
  private flushAgain = false;
  private idleWaiters: (() => void)[] = [];
  private handler?: (message: T, delivery: Delivery) => Promise<unknown>;
  /** messages that failed their last attempt, with the error (also appended to <name>.dead.jsonl) */
  readonly deadLetters: { message: T; error: unknown }[] = [];

  constructor(private readonly options: PersistentQueueOptions) {
    privateDir(options.dir);
    this.file = join(options.dir, `${options.name}.jsonl`);
    this.load();
    this.compact();
    this.fd = openSync(this.file, "a", 0o600);
  }

  /** Messages not yet done (enqueued before a crash or a stop, or since). */
  pending(): T[] {
    return [...this.live.values()].map((entry) => entry.message);
  }

  /** Sets the handler (after construction: a handler usually needs the queue to enqueue follow-ups). */
  setHandler(handler: (message: T, delivery: Delivery) => Promise<unknown>): void {
    this.handler = handler;
  }

  /** Begins delivering: first what was pending from before, then what is enqueued. */
  start(): void {
    this.started = true;
    this.pump();
  }

  async enqueue(messages: readonly T[], options: EnqueueOptions = {}): Promise<void> {
    if (this.stopped || this.fd === undefined) throw new Error(`the ${this.options.name} queue is stopped`);
    if (messages.length === 0) return;
    const due = options.delayMs && options.delayMs > 0 ? Date.now() + options.delayMs : undefined;
    const entries: Entry<T>[] = messages.map((message) => ({ id: randomUUID(), message, failures: 0, ...(due ? { due } : {}) }));
    writeSync(this.fd, entries.map((e) => `${JSON.stringify(putLine(e))}\n`).join(""));
    if (this.options.flush === "background") this.flushSoon();
    else fdatasyncSync(this.fd); // an accepted message is on disk
    for (const entry of entries) {
      this.live.set(entry.id, entry);
      this.makeReady(entry);
    }
    this.pump();
  }

  /** Resolves when nothing is waiting, running or scheduled for retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops delivering: waits up to `graceMs` for the deliveries in hand, then closes the journal.
   * Everything not done stays in it for the next start.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.retries.values()) clearTimeout(timer);
    this.retries.clear();
    const deadline = Date.now() + graceMs;
    while (this.running > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    while (this.flushing) await this.flushing;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    const lines = readFileSync(this.file, "utf8").split("\n");
    for (const text of lines) {
      if (text === "") continue;
      let line: JournalLine<T>;
      try {
        line = JSON.parse(text) as JournalLine<T>;
      } catch {
        continue; // a line cut short by a crash: its message was never acknowledged as enqueued
      }
      if ("put" in line) this.live.set(line.put, { id: line.put, message: line.m, failures: 0, ...(line.due ? { due: line.due } : {}) });
      else if ("fail" in line) {
        const entry = this.live.get(line.fail);
        if (entry) entry.failures++;
      } else if ("done" in line) this.live.delete(line.done);
    }
    for (const entry of this.live.values()) this.makeReady(entry);
  }

  /** Ready now, or when it is due. */
  private makeReady(entry: Entry<T>): void {
    const wait = entry.due === undefined ? 0 : entry.due - Date.now();
    if (wait > 0) this.schedule(entry.id, wait);
    else this.ready.push(entry.id);
  }

  /** Ready after `ms` (a delayed message, a retry). */
  private schedule(id: string, ms: number): void {
    this.retries.set(
      id,
      setTimeout(() => {
        this.retries.delete(id);
        this.ready.push(id);
        this.pump();
        this.settleIdle();
      }, ms),
    );
  }

  /** Flushes the journal to disk off the caller's path; lines written meanwhile get one more flush. */
  private flushSoon(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    const fd = this.fd!;
    this.flushing = new Promise<void>((resolve) => fdatasync(fd, () => resolve())).then(() => {
      this.flushing = undefined;
      if (this.flushAgain && this.fd !== undefined) {
        this.flushAgain = false;
        this.flushSoon();
      }
    });
  }

  /** Rewrites the journal with only the live messages (and their failed attempts). */
  private compact(): void {
    const lines: string[] = [];
    for (const entry of this.live.values()) {
      lines.push(JSON.stringify(putLine(entry)));
      for (let i = 0; i < entry.failures; i++) lines.push(JSON.stringify({ fail: entry.id } satisfies JournalLine<T>));
    }
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, lines.length ? `${lines.join("\n")}\n` : "", { mode: 0o600 });
    renameSync(temporary, this.file);
    this.doneLines = 0;
  }

  private record(line: JournalLine<T>): void {
    if (this.fd === undefined) return; // stopped: a late result is left for the next start
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    if ("done" in line && ++this.doneLines > COMPACT_AFTER && this.doneLines > this.live.size) {
      closeSync(this.fd);
      this.compact();
      this.fd = openSync(this.file, "a", 0o600);
    }
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.running === 0 && this.retries.size === 0;
  }

  private settleIdle(): void {
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(): void {
    while (this.started && !this.stopped && this.handler && this.running < this.options.concurrency && this.ready.length > 0) {
      const entry = this.live.get(this.ready.shift()!);
      if (!entry) continue;
      this.running++;
      void this.deliver(entry).finally(() => {
        this.running--;
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async deliver(entry: Entry<T>): Promise<void> {
    const attempt = entry.failures + 1;
    const isLastAttempt = attempt >= this.options.maxAttempts;
    try {
      await this.handler!(entry.message, { attempt, isLastAttempt });
    } catch (error) {
      if (this.stopped && this.fd === undefined) return;
      if (!isLastAttempt) {
        entry.failures++;
        this.record({ fail: entry.id });
        if (this.stopped) return; // retried at the next start
        this.schedule(entry.id, this.options.retryDelayMs * attempt);
        return;
      }
      this.deadLetters.push({ message: entry.message, error });
      if (this.fd !== undefined) {
        const reason = error instanceof Error ? error.message : String(error);
        appendFileSync(join(this.options.dir, `${this.options.name}.dead.jsonl`), `${JSON.stringify({ at: new Date().toISOString(), message: entry.message, attempts: attempt, error: reason })}\n`, { mode: 0o600 });
      }
    }
    this.live.delete(entry.id);
    this.record({ done: entry.id });
  }
}

function putLine<T>(entry: Entry<T>): JournalLine<T> {
  return { put: entry.id, m: entry.message, ...(entry.due ? { due: entry.due } : {}) };
}
