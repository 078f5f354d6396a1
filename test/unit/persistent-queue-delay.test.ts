/**
 * The persistent queue's delayed messages and background flush (what the local webhook queue uses):
 * a delayed message is not delivered before it is due, also after a restart — it is due when it
 * was, not again from the restart — and a message enqueued with the background flush is in the
 * journal file when `enqueue` resolves (so a killed process keeps it).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PersistentQueue } from "../../functions/local/persistent-queue.js";

type Message = { kind: "work"; n: number };
const dirs: string[] = [];
const queues: PersistentQueue<Message>[] = [];
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.stop(0);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-queue-delay-"));
  dirs.push(dir);
  return join(dir, "queue");
}

function queueIn(dir: string, flush: "sync" | "background" = "sync") {
  const queue = new PersistentQueue<Message>({ dir, name: "test", concurrency: 2, maxAttempts: 3, retryDelayMs: 1, flush });
  queues.push(queue);
  return queue;
}

function recording(queue: PersistentQueue<Message>) {
  const seen: { n: number; at: number }[] = [];
  queue.setHandler(async (m) => void seen.push({ n: m.n, at: Date.now() }));
  queue.start();
  return seen;
}

describe("delayed messages", () => {
  it("delivers a delayed message when it is due, and an undelayed one at once", async () => {
    const queue = queueIn(freshDir());
    const seen = recording(queue);
    const enqueued = Date.now();
    await queue.enqueue([{ kind: "work", n: 1 }], { delayMs: 300 });
    await queue.enqueue([{ kind: "work", n: 2 }]);
    await queue.idle();
    expect(seen.map((s) => s.n)).toEqual([2, 1]);
    // timers may fire a millisecond early against the wall clock
    expect(seen[1]!.at - enqueued).toBeGreaterThanOrEqual(295);
  });

  it("keeps a delayed message across a restart, due at the time it was given, not again from the restart", async () => {
    const dir = freshDir();
    const first = queueIn(dir);
    const enqueued = Date.now();
    await first.enqueue([{ kind: "work", n: 7 }], { delayMs: 600 });
    // the process dies before the message is due: nothing was delivered, no stop
    const due = (JSON.parse(readFileSync(join(dir, "test.jsonl"), "utf8").split("\n")[0]!) as { due: number }).due;
    expect(due).toBeGreaterThanOrEqual(enqueued + 600);

    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = queueIn(dir);
    expect(second.pending()).toEqual([{ kind: "work", n: 7 }]);
    // the journal rewritten at the start keeps the time it is due (not a fresh delay from the restart)
    expect(JSON.parse(readFileSync(join(dir, "test.jsonl"), "utf8").split("\n")[0]!)).toMatchObject({ m: { n: 7 }, due });
    const seen = recording(second);
    await second.idle();
    expect(seen.map((s) => s.n)).toEqual([7]);
    expect(seen[0]!.at).toBeGreaterThanOrEqual(due - 5); // timers may fire a millisecond early
  });

  it("delivers at once after a restart a message whose time passed while the service was down", async () => {
    const dir = freshDir();
    await queueIn(dir).enqueue([{ kind: "work", n: 3 }], { delayMs: 50 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = queueIn(dir);
    const seen = recording(second);
    await second.idle();
    expect(seen.map((s) => s.n)).toEqual([3]);
  });
});

describe("the background flush", () => {
  it("has the message in the journal when enqueue resolves, and it is delivered again after a restart", async () => {
    const dir = freshDir();
    const first = queueIn(dir, "background");
    await first.enqueue([{ kind: "work", n: 1 }, { kind: "work", n: 2 }]);
    const journal = readFileSync(join(dir, "test.jsonl"), "utf8");
    expect(journal.split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { m: Message }).m.n)).toEqual([1, 2]);

    const second = queueIn(dir, "background");
    const seen = recording(second);
    await second.idle();
    expect(seen.map((s) => s.n).sort()).toEqual([1, 2]);
    await second.stop();
    expect(queueIn(dir, "background").pending()).toEqual([]);
  });
});
