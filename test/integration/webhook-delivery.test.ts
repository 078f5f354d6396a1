/**
 * One delivery attempt against real loopback servers and the embedded store: the address is checked
 * again at every attempt (a name that now resolves to loopback is refused — the resolver is a stub,
 * as no real name can be made to change its answer here), redirects are not followed, a receiver
 * that does not answer in time is a failed attempt, and a failure queues the next attempt with the
 * schedule's delay (the queue port is a recording double here; the local queue is in the e2e tests).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptDelivery, type DeliveryDeps, type WebhookMessage } from "../../functions/service/webhook-delivery.js";
import { postWebhook } from "../../functions/service/webhook-http.js";
import { resolveTarget, targetPolicy } from "../../functions/service/webhook-targets.js";
import { LocalSecretBox } from "../../functions/store/local-secret-box.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let server: Server;
let base: string;
const hits: string[] = [];
beforeAll(async () => {
  stores = await startTestStores();
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/moved") res.writeHead(302, { Location: "http://127.0.0.1:1/elsewhere" }).end();
    else if (req.url === "/silent") return; // never answers
    else res.writeHead(200).end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await stores?.close();
});

const secrets = new LocalSecretBox(Buffer.alloc(32, 5));
const event = { id: "evt_attempt", type: "version.created" as const, timestamp: "2026-11-28T01:02:03.000Z", reportId: "hook-a", data: { reportId: "hook-a" } };

async function subscription(id: string, url: string) {
  await stores.webhooks.putSubscription({ id, url, events: ["version.created"], scopes: ["*"], createdAt: new Date().toISOString(), createdBy: "admin:t", sealedSecret: await secrets.seal(`whsec_${Buffer.alloc(32, 1).toString("base64")}`, id) });
}

function deps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps & { sent: { messages: readonly WebhookMessage[]; delayMs?: number }[] } {
  const sent: { messages: readonly WebhookMessage[]; delayMs?: number }[] = [];
  return { webhooks: stores.webhooks, secrets, queue: { send: async (messages, delayMs) => void sent.push({ messages, ...(delayMs !== undefined ? { delayMs } : {}) }) }, policy: targetPolicy("127.0.0.1"), schedule: [5000], sent, ...overrides };
}

describe("a delivery attempt", () => {
  it("refuses a name that resolved to a public address before and to loopback now, and queues the retry", async () => {
    await subscription("00000000000000a1", "https://portal.example/hook");
    const d = deps({ policy: targetPolicy(""), resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const result = await attemptDelivery(d, { kind: "delivery", subscriptionId: "00000000000000a1", webhookId: "msg_a1", attempt: 1, event });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/refused target: .*loopback/) });
    expect(d.sent).toEqual([{ messages: [{ kind: "delivery", subscriptionId: "00000000000000a1", webhookId: "msg_a1", attempt: 2, event }], delayMs: 5000 }]);
    expect(await stores.webhooks.getDelivery("00000000000000a1", event.timestamp, "msg_a1")).toMatchObject({ status: "retrying", attempts: 1 });
  });

  it("does not follow a redirect: a 3xx is a failed attempt, and the redirect target is never asked", async () => {
    await subscription("00000000000000a2", `${base}/moved`);
    const d = deps({ schedule: [] });
    const result = await attemptDelivery(d, { kind: "delivery", subscriptionId: "00000000000000a2", webhookId: "msg_a2", attempt: 1, event });
    expect(result).toEqual({ ok: false, error: "HTTP 302 (redirects are not followed)" });
    expect(hits.filter((h) => h === "/elsewhere")).toEqual([]);
    expect(await stores.webhooks.getDelivery("00000000000000a2", event.timestamp, "msg_a2")).toMatchObject({ status: "failed", attempts: 1 });
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const target = await resolveTarget(`${base}/silent`, targetPolicy("127.0.0.1"));
    expect(await postWebhook(target, {}, "{}", 300)).toEqual({ ok: false, error: "no answer within 0.3 s" });
  });

  it("drops the attempts of a deleted subscription", async () => {
    await subscription("00000000000000a3", `${base}/ok`);
    await stores.webhooks.deleteSubscription("00000000000000a3", new Date().toISOString());
    const d = deps();
    expect(await attemptDelivery(d, { kind: "delivery", subscriptionId: "00000000000000a3", webhookId: "msg_a3", attempt: 1, event })).toBeUndefined();
    expect(hits).not.toContain("/ok");
    expect(await stores.webhooks.getSubscription("00000000000000a3")).toBeUndefined();
  });
});
