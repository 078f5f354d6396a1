/**
 * A webhook retry survives the service being killed: `nianbao serve` as a real child process, a
 * receiver on loopback answers the first attempt 500, the service is killed -9 while the retry waits
 * for its time, and after the next start on the same data folder the retry arrives — the same
 * webhook-id, the same body, a valid signature — and the delivery is recorded succeeded after 2
 * attempts. Before the local deliveries were on the persisted queue the retry died with the process
 * and the delivery stayed "retrying" for ever.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { startReceiver, type Receiver } from "../helpers/receiver.js";
import { firstStart, spawnServe, type ServeProcess } from "../helpers/serve.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-webhook-crash-"));
const started: ServeProcess[] = [];
let receiver: Receiver | undefined;
afterAll(async () => {
  for (const serve of started) if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill("SIGKILL");
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// the receiver is on loopback, allowed as a deployer would allow an internal portal; a retry 4 s
// after a failed attempt: long enough for the test to kill the service before it is due
const env = { NIANBAO_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", NIANBAO_WEBHOOK_RETRY_SCHEDULE: "4" };
const SECRET = `whsec_${Buffer.from("nianbao-webhook-crash-test-secret").toString("base64")}`;

/** The retry of a webhook-id in the journal, once its line is written: when it is due, and whether it is done. */
function journaledRetry(webhookId: string): { due?: number; done: boolean } | undefined {
  const file = join(dataDir, "queue", "webhooks.jsonl");
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((text) => JSON.parse(text) as { put?: string; m?: { kind: string; webhookId: string; attempt: number }; due?: number; done?: string });
  const put = lines.find((line) => line.m?.kind === "delivery" && line.m.webhookId === webhookId && line.m.attempt === 2);
  if (!put) return undefined;
  return { ...(put.due ? { due: put.due } : {}), done: lines.some((line) => line.done === put.put) };
}

describe("kill -9 with a webhook retry pending", () => {
  it("sends the retry after the restart, with the same webhook-id and a valid signature", async () => {
    receiver = await startReceiver();
    const first = spawnServe(dataDir, { env });
    started.push(first);
    await first.waitFor(/就绪/);
    const { url, tokens } = firstStart(first.stdout());
    const call = (base: string, method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.admin}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    const created = await call(url!, "POST", "/webhooks", { url: `${receiver.url}/portal`, events: ["version.created"], scopes: ["crash-*"], secret: SECRET });
    expect(created.status).toBe(201);
    const subscription = (await created.json()) as { id: string };
    receiver.failNext(1, 500);
    expect((await call(url!, "PUT", "/reports/crash-hook", example("yunxi2021"))).status).toBe(201);
    const failed = await receiver.waitFor((r) => r.path === "/portal", 30_000);
    expect(failed.answered).toBe(500);
    const webhookId = String(failed.headers["webhook-id"]);

    // the retry is a message of the journal, due in 4 s: kill the service before it is sent
    let retry: ReturnType<typeof journaledRetry>;
    for (const deadline = Date.now() + 30_000; !(retry = journaledRetry(webhookId)) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill("SIGKILL");
    expect(await first.exited()).toBeNull();
    expect(retry).toMatchObject({ due: expect.any(Number), done: false });
    expect(receiver.received.filter((r) => r.path === "/portal")).toHaveLength(1); // killed before the retry was due

    const second = spawnServe(dataDir, { env });
    started.push(second);
    await second.waitFor(/就绪/);
    const restarted = /本地服务：(http:\/\/127\.0\.0\.1:\d+)/.exec(second.stdout())![1]!;
    const resent = await receiver.waitFor((r) => r.path === "/portal" && r.answered === 204, 30_000);
    expect(resent.headers["webhook-id"]).toBe(webhookId);
    expect(resent.body).toBe(failed.body);
    const payload = new Webhook(SECRET).verify(resent.body, resent.headers as Record<string, string>) as { type: string; data: { reportId: string; version: number } };
    expect(payload).toMatchObject({ type: "version.created", data: { reportId: "crash-hook", version: 1 } });

    let delivery: { id: string; status: string; attempts: number } | undefined;
    for (let i = 0; i < 100; i++) {
      delivery = ((await (await call(restarted, "GET", `/webhooks/${subscription.id}/deliveries`)).json()) as { items: (typeof delivery)[] }).items[0];
      if (delivery?.status === "succeeded") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(delivery).toMatchObject({ id: webhookId, status: "succeeded", attempts: 2 });
    second.child.kill("SIGTERM");
    expect(await second.exited()).toBe(0);
    // done: nothing is left in the journal to be sent at a third start
    expect(journaledRetry(webhookId)).toMatchObject({ done: true });
  }, 180_000);
});
