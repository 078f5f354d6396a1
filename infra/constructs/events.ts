/**
 * Events and webhooks on AWS. The service puts its events (version.created, version.withdrawn,
 * regeneration.finished; source "nianbao") on an EventBridge bus of the stack: a deployer adds rules
 * of their own to send them anywhere AWS reaches. One rule of ours sends them to the delivery queue,
 * whose function fans each event out to the matching webhook subscriptions and makes the attempts
 * (a retry is a new message with a delay, so the schedule spans more than an hour). Messages the
 * function cannot finish go, after MAX_RECEIVES, to the dead-letter queue, which the same function
 * drains to record those deliveries failed. The webhook secrets are sealed with a KMS key of the
 * stack: the webhooks function may only encrypt with it, the delivery function only decrypt.
 */
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import { EventBus, Rule } from "aws-cdk-lib/aws-events";
import { SqsQueue } from "aws-cdk-lib/aws-events-targets";
import { Key } from "aws-cdk-lib/aws-kms";
import type { EventSourceMapping, IFunction } from "aws-cdk-lib/aws-lambda";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { EVENT_SOURCE } from "../../functions/queue/eventbridge-sink.js";
import { visibilityFor } from "./regeneration.js";

export const WEBHOOK_DELIVERY = {
  /** messages per invocation, attempted in parallel (each at most 10 s) */
  batchSize: 10,
  timeoutSeconds: 30,
  /** receives of a message the function fails on before it is dead-lettered */
  maxReceives: 5,
} as const;

export class Events extends Construct {
  readonly bus: EventBus;
  readonly deliveries: Queue;
  readonly deliveryDeadLetters: Queue;
  readonly webhookKey: Key;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.bus = new EventBus(this, "Bus", { description: "Nianbao events: version.created, version.withdrawn, regeneration.finished (source nianbao)" });
    this.webhookKey = new Key(this, "WebhookSecrets", {
      description: "Seals webhook signing secrets at rest",
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    const visibility = visibilityFor(Duration.seconds(WEBHOOK_DELIVERY.timeoutSeconds));
    this.deliveryDeadLetters = new Queue(this, "DeliveryDeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: visibility,
    });
    this.deliveries = new Queue(this, "Deliveries", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      visibilityTimeout: visibility,
      deadLetterQueue: { queue: this.deliveryDeadLetters, maxReceiveCount: WEBHOOK_DELIVERY.maxReceives },
    });
    new Rule(this, "ToDeliveries", {
      eventBus: this.bus,
      description: "Every Nianbao event to the webhook delivery queue",
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [new SqsQueue(this.deliveries)],
    });
  }

  /** The delivery function drains the delivery queue and its dead-letter queue. */
  connectDeliveryFunction(fn: IFunction): EventSourceMapping[] {
    return [
      fn.addEventSourceMapping("Deliveries", { eventSourceArn: this.deliveries.queueArn, batchSize: WEBHOOK_DELIVERY.batchSize, maxConcurrency: 5, reportBatchItemFailures: true }),
      fn.addEventSourceMapping("DeliveryDeadLetters", { eventSourceArn: this.deliveryDeadLetters.queueArn, batchSize: WEBHOOK_DELIVERY.batchSize, maxConcurrency: 2, reportBatchItemFailures: true }),
    ];
  }
}
