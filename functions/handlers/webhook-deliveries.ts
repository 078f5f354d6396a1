/**
 * The webhook delivery function: drains the delivery queue (events from the bus to fan out, attempts
 * to make) and its dead-letter queue (deliveries to record failed). Composition root only.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context, SQSEvent } from "aws-lambda";
import { processWebhookBatch } from "../queue/sqs-webhooks.js";
import { SqsWebhookQueue } from "../queue/sqs-webhook-queue.js";
import { retryScheduleFromEnv } from "../service/webhook-delivery.js";
import { targetPolicy } from "../service/webhook-targets.js";
import { appLog, instrumented, secretBox, stores, tracer } from "./runtime.js";

const queueUrl = process.env.NIANBAO_DELIVERY_QUEUE_URL;
const deliveryQueueArn = process.env.NIANBAO_DELIVERY_QUEUE_ARN;
const secrets = secretBox();
if (!queueUrl || !deliveryQueueArn || !secrets) throw new Error("NIANBAO_DELIVERY_QUEUE_URL, NIANBAO_DELIVERY_QUEUE_ARN and NIANBAO_WEBHOOK_KEY_ID must be set");

const deliveryDeps = {
  webhooks: stores().webhooks,
  secrets,
  queue: new SqsWebhookQueue(tracer.captureAWSv3Client(new SQSClient({})), queueUrl),
  policy: targetPolicy(process.env.NIANBAO_WEBHOOK_ALLOWED_HOSTS),
  schedule: retryScheduleFromEnv(process.env.NIANBAO_WEBHOOK_RETRY_SCHEDULE),
  log: appLog,
};

export const handler = instrumented(async (event: SQSEvent, context: Context) => processWebhookBatch(deliveryDeps, event, { deliveryQueueArn, context, log: appLog }));
