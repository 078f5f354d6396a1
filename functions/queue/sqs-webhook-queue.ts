/**
 * The webhook delivery queue on SQS: messages in batches of ten, a retry's delay as the message's
 * DelaySeconds (SQS allows at most 15 minutes: the retry schedule keeps within it).
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { WebhookMessage, WebhookQueue } from "../service/webhook-delivery.js";

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly WebhookMessage[], delayMs = 0): Promise<void> {
    const delaySeconds = Math.min(900, Math.ceil(delayMs / 1000));
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message), ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}) })),
        }),
      );
      if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} of ${batch.length} webhook messages: ${result.Failed.map((f) => f.Code).join(", ")}`);
    }
  }
}

/** A delivery-queue record's message: a webhook message, or an EventBridge event (from the rule), or undefined. */
export function parseWebhookMessage(body: string, eventOf: (value: unknown) => WebhookMessage["event"] | undefined): WebhookMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  const message = value as WebhookMessage;
  if (message?.kind === "delivery" && typeof message.subscriptionId === "string" && typeof message.webhookId === "string" && typeof message.attempt === "number" && message.event) return message;
  if (message?.kind === "event" && message.event) return message;
  const event = eventOf(value);
  return event ? { kind: "event", event } : undefined;
}
