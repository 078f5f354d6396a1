/**
 * The local queue's journal: what was enqueued and not done is delivered again after a restart
 * (also what was in hand when the process died), failed attempts count across restarts, the last
 * one dead-letters, and the journal does not grow without bound.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PersistentQueue, type Delivery } from "../../functions/local/persistent-queue.js";

type Message = { kind: "work"; n: number };
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function queueIn(dir: string, options: Partial<{ concurrency: number; maxAttempts: number; retryDelayMs: number }> = {}) {
  return new PersistentQueue<Message>({ dir, name: "test", concurrency: 2, maxAttempts: 3, retryDelayMs: 1, ...options });
}

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-queue-"));
  dirs.push(dir);
  return join(dir, "queue");
}

const work = (ns: number[]): Message[] => ns.map((n) => ({ kind: "work", n }));

describe("the persistent queue", () => {
  it("delivers everything once, and nothing again after a restart", async () => {
    const dir = freshDir();
    const first = queueIn(dir);
    const seen: number[] = [];
    first.setHandler(async (m) => void seen.push(m.n));
    first.start();
    await first.enqueue(work([1, 2, 3, 4, 5]));
    await first.idle();
    await first.stop();
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);

    const second = queueIn(dir);
    expect(second.pending()).toEqual([]);
    await second.stop();
    expect(statSync(join(dir, "test.jsonl")).mode & 0o777).toBe(0o600);
  });

  it("keeps what was not delivered when the process goes, and what was in hand, for the next start", async () => {
    const dir = freshDir();
    const first = queueIn(dir, { concurrency: 1 });
    let unblock: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const seen: number[] = [];
    first.setHandler(async (m) => {
      seen.push(m.n);
      if (m.n === 2) await blocked; // in hand when the process "dies"
    });
    first.start();
    await first.enqueue(work([1, 2, 3]));
    while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    // what a kill -9 leaves: the journal as written so far (no stop, nothing flushed at exit)
    const journal = readFileSync(join(dir, "test.jsonl"), "utf8");
    unblock();
    await first.stop();
    writeFileSync(join(dir, "test.jsonl"), journal);

    const second = queueIn(dir);
    expect(second.pending()).toEqual(work([2, 3]));
    const again: number[] = [];
    second.setHandler(async (m) => void again.push(m.n));
    second.start();
    await second.idle();
    await second.stop();
    expect(again.sort()).toEqual([2, 3]);
  });

  it("ignores a last line cut short by a crash", async () => {
    const dir = freshDir();
    const first = queueIn(dir);
    await first.enqueue(work([1]));
    await first.stop();
    appendFileSync(join(dir, "test.jsonl"), '{"put":"abc","m":{"kind":"wo');
    const second = queueIn(dir);
    expect(second.pending()).toEqual(work([1]));
    await second.stop();
  });

  it("retries with the attempt number, counts failed attempts across a restart, and dead-letters after the last", async () => {
    const dir = freshDir();
    const attempts: Delivery[] = [];
    const first = queueIn(dir, { maxAttempts: 3, retryDelayMs: 60_000 });
    first.setHandler(async (_m, delivery) => {
      attempts.push(delivery);
      throw new Error("failing");
    });
    first.start();
    await first.enqueue(work([7]));
    while (attempts.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    await first.stop(); // its retry was scheduled for later: it stays in the journal

    const second = queueIn(dir, { maxAttempts: 3, retryDelayMs: 1 });
    second.setHandler(async (_m, delivery) => {
      attempts.push(delivery);
      throw new Error(`failing on attempt ${delivery.attempt}`);
    });
    second.start();
    await second.idle();
    expect(attempts).toEqual([
      { attempt: 1, isLastAttempt: false },
      { attempt: 2, isLastAttempt: false },
      { attempt: 3, isLastAttempt: true },
    ]);
    expect(second.deadLetters.map((d) => d.message)).toEqual(work([7]));
    expect(second.pending()).toEqual([]);
    await second.stop();
    expect(readFileSync(join(dir, "test.dead.jsonl"), "utf8")).toContain("failing on attempt 3");
  });

  it("rewrites its journal with only the live messages", async () => {
    const dir = freshDir();
    const queue = queueIn(dir, { concurrency: 8 });
    queue.setHandler(async () => undefined);
    queue.start();
    for (let i = 0; i < 30; i++) await queue.enqueue(work(Array.from({ length: 100 }, (_, j) => i * 100 + j)));
    await queue.idle();
    await queue.enqueue(work([-1])); // one still live (the queue is stopped before it runs)
    await queue.stop();
    const lines = readFileSync(join(dir, "test.jsonl"), "utf8").trim().split("\n");
    expect(lines.length).toBeLessThan(1500); // 3000 messages went through it
    const reopened = queueIn(dir);
    expect(reopened.pending().length).toBeLessThanOrEqual(1);
    await reopened.stop();
  });

  it("refuses new messages once stopped", async () => {
    const queue = queueIn(freshDir());
    await queue.stop();
    await expect(queue.enqueue(work([1]))).rejects.toThrow(/stopped/);
  });
});
