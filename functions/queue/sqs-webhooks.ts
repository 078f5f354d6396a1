/**
 * The webhook delivery function's SQS batches: records of the delivery queue are handled in parallel
 * (each attempt waits at most 10 s on its receiver, so one slow portal does not hold up the others),
 * records of its dead-letter queue are recorded as failed deliveries. Only failed records are
 * reported back (partial batch response): SQS retries just those.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { handleWebhookMessage, recordDeadLetter, type DeliveryDeps } from "../service/webhook-delivery.js";
import { serviceEventOf } from "./eventbridge-sink.js";
import { parseWebhookMessage } from "./sqs-webhook-queue.js";

export interface WebhookBatchOptions {
  /** the ARN of the delivery queue: records from any other queue are its dead letters */
  readonly deliveryQueueArn: string;
  readonly context?: Context;
  readonly log?: (entry: Record<string, unknown>) => void;
}

export async function processWebhookBatch(deps: DeliveryDeps, event: SQSEvent, options: WebhookBatchOptions): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const message = parseWebhookMessage(record.body, serviceEventOf);
      if (!message) {
        options.log?.({ level: "warn", message: "dropping a malformed webhook message", messageId: record.messageId });
        return;
      }
      if (record.eventSourceARN !== options.deliveryQueueArn) await recordDeadLetter(deps, message);
      else await handleWebhookMessage(deps, message);
    },
    processor,
    { ...(options.context ? { context: options.context } : {}), processInParallel: true, throwOnFullBatchFailure: false },
  );
}
