/**
 * Webhook subscriptions and their deliveries on DynamoDB (table design in table.ts). A delivery item
 * sorts by the event's time under its subscription, so "recent deliveries" is one backwards Query;
 * delivery items expire after DELIVERY_RETENTION_DAYS (DynamoDB TTL on AWS). A deleted subscription
 * keeps its item, marked `deletedAt` and taken out of the listing index (no function may delete items
 * of the table), with its sealed secret removed.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, paginateQuery, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DeliveryRecord, WebhookStore, WebhookSubscription } from "./ports.js";
import { documentClient, expiryOf, keys, WEBHOOK_INDEX } from "./table.js";

const WEBHOOKS = "WEBHOOKS";
export const DELIVERY_RETENTION_DAYS = 30;
const SUBSCRIPTION_FIELDS = ["id", "url", "events", "scopes", "createdAt", "createdBy", "sealedSecret"] as const;
const DELIVERY_FIELDS = ["subscriptionId", "id", "event", "at", "attempts", "status", "lastError", "updatedAt"] as const;

function pick<T>(item: Record<string, unknown>, fields: readonly string[]): T {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) picked[field] = item[field];
  return picked as T;
}

export class DynamoWebhookStore implements WebhookStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    const index = WEBHOOK_INDEX.all;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.webhook(subscription.id), ...subscription, [index.pk]: WEBHOOKS, [index.sk]: `${subscription.createdAt}#${subscription.id}` },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async getSubscription(id: string): Promise<WebhookSubscription | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.webhook(id), ConsistentRead: true }));
    return Item && !Item.deletedAt ? pick<WebhookSubscription>(Item, SUBSCRIPTION_FIELDS) : undefined;
  }

  async listSubscriptions(): Promise<WebhookSubscription[]> {
    const index = WEBHOOK_INDEX.all;
    const subscriptions: WebhookSubscription[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      { TableName: this.tableName, IndexName: index.name, KeyConditionExpression: `${index.pk} = :all`, ExpressionAttributeValues: { ":all": WEBHOOKS } },
    );
    for await (const page of pages) subscriptions.push(...(page.Items ?? []).map((item) => pick<WebhookSubscription>(item, SUBSCRIPTION_FIELDS)));
    return subscriptions;
  }

  async deleteSubscription(id: string, at: string): Promise<boolean> {
    const index = WEBHOOK_INDEX.all;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhook(id),
          UpdateExpression: `SET deletedAt = :at REMOVE sealedSecret, ${index.pk}, ${index.sk}`,
          ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(deletedAt)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async putDelivery(delivery: DeliveryRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.delivery(delivery.subscriptionId, delivery.at, delivery.id), ...delivery, ...expiryOf(DELIVERY_RETENTION_DAYS, new Date(delivery.updatedAt)) },
      }),
    );
  }

  async getDelivery(subscriptionId: string, at: string, id: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.delivery(subscriptionId, at, id), ConsistentRead: true }));
    return Item ? pick<DeliveryRecord>(Item, DELIVERY_FIELDS) : undefined;
  }

  async listDeliveries(subscriptionId: string, limit: number): Promise<DeliveryRecord[]> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.webhook(subscriptionId).PK, ":prefix": keys.deliveryPrefix },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => pick<DeliveryRecord>(item, DELIVERY_FIELDS));
  }
}
