/**
 * The webhook subscriptions, kept in memory by the local service: every event is fanned out against
 * the list of subscriptions, and a bulk job emits one event per version, so asking the store each
 * time costs a query per report for a list that changes only when an admin adds or removes one.
 *
 * Locally the service is the only writer: its DynamoDB data lives in this process (the emulator's
 * database is locked by it), and subscriptions are written only through this store. So the list is
 * read once and read again after each change made here; a read that a change overtook is not kept.
 * (On AWS the functions read the store each time, as they do not share a process.)
 */
import type { DeliveryRecord, WebhookStore, WebhookSubscription } from "../store/ports.js";

export class SubscriptionCache implements WebhookStore {
  /** the list as read since the last change made through this store */
  private cached?: Promise<WebhookSubscription[]>;

  constructor(private readonly store: WebhookStore) {}

  listSubscriptions(): Promise<WebhookSubscription[]> {
    // a change made while a read is in flight drops it (changed()): no list older than a change is kept
    const reading = (this.cached ??= this.store.listSubscriptions());
    reading.catch(() => {
      if (this.cached === reading) this.cached = undefined; // a failed read is asked again next time
    });
    return reading.then((list) => [...list]);
  }

  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    try {
      await this.store.putSubscription(subscription);
    } finally {
      this.changed();
    }
  }

  async deleteSubscription(id: string, at: string): Promise<boolean> {
    try {
      return await this.store.deleteSubscription(id, at);
    } finally {
      this.changed();
    }
  }

  getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    return this.store.getSubscription(id);
  }

  putDelivery(delivery: DeliveryRecord): Promise<void> {
    return this.store.putDelivery(delivery);
  }

  getDelivery(subscriptionId: string, at: string, id: string): Promise<DeliveryRecord | undefined> {
    return this.store.getDelivery(subscriptionId, at, id);
  }

  listDeliveries(subscriptionId: string, limit: number): Promise<DeliveryRecord[]> {
    return this.store.listDeliveries(subscriptionId, limit);
  }

  private changed(): void {
    this.cached = undefined;
  }
}
