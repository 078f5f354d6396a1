/**
 * The local service's list of webhook subscriptions (functions/local/subscription-cache.ts) over the
 * real store on dynalite: read once, read again after every change made through it, never answering
 * a list that a change overtook.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SubscriptionCache } from "../../functions/local/subscription-cache.js";
import type { WebhookStore, WebhookSubscription } from "../../functions/store/ports.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await startTestStores();
});
afterAll(async () => {
  await stores?.close();
});

const subscription = (n: number): WebhookSubscription => ({
  id: `00000000000000c${n}`,
  url: `https://example.org/hook/${n}`,
  events: ["version.created"],
  scopes: ["*"],
  createdAt: new Date().toISOString(),
  createdBy: "admin:t",
  sealedSecret: "sealed",
});

/** The real store, counting its list reads. */
function counted(): { store: WebhookStore; reads: () => number } {
  let reads = 0;
  const store = Object.create(stores.webhooks) as WebhookStore;
  store.listSubscriptions = () => {
    reads++;
    return stores.webhooks.listSubscriptions();
  };
  return { store, reads: () => reads };
}

const ids = (list: WebhookSubscription[]) => list.map((s) => s.id).sort();

describe("the subscription cache", () => {
  it("reads the list once until a subscription is added or deleted through it, then reads it again", async () => {
    const { store, reads } = counted();
    const cache = new SubscriptionCache(store);
    expect(await cache.listSubscriptions()).toEqual([]);
    expect(await cache.listSubscriptions()).toEqual([]);
    expect(reads()).toBe(1);

    await cache.putSubscription(subscription(1));
    expect(ids(await cache.listSubscriptions())).toEqual([subscription(1).id]);
    expect(ids(await cache.listSubscriptions())).toEqual([subscription(1).id]);
    expect(reads()).toBe(2);

    expect(await cache.deleteSubscription(subscription(1).id, new Date().toISOString())).toBe(true);
    expect(await cache.listSubscriptions()).toEqual([]);
    expect(reads()).toBe(3);
  });

  it("does not keep a list that a change overtook while it was being read", async () => {
    const { store, reads } = counted();
    const cache = new SubscriptionCache(store);
    const before = cache.listSubscriptions(); // in flight while the subscription is added
    await cache.putSubscription(subscription(2));
    await before;
    expect(ids(await cache.listSubscriptions())).toContain(subscription(2).id);
    expect(reads()).toBe(2);
  });
});
