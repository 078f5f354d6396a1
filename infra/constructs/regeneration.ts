/**
 * The bulk-regeneration pipeline on AWS: a queue, its worker, a dead-letter queue and its consumer.
 *
 * A bulk job always ends: a report's message is tried MAX_ATTEMPTS times; the worker records the
 * failure on the last attempt it sees, and whatever reaches the dead-letter queue without that (the
 * worker timed out, crashed, or never ran) is recorded failed on its job by the dead-letter consumer.
 *
 * How hard a job hits Chromium, DynamoDB and S3 is bounded by the event source's maximum
 * concurrency, not by reserved concurrency: reserved concurrency fails deployments on accounts with
 * a low concurrency quota, and its throttles spend a message's attempts without running it.
 */
import { Duration } from "aws-cdk-lib";
import type { EventSourceMapping, IFunction } from "aws-cdk-lib/aws-lambda";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export const REGENERATION = {
  /** reports per worker invocation, rendered one after another (one browser per instance) */
  batchSize: 5,
  /** one report's worst case: Chromium launch 10 s + page 8 s + print 8 s, then the storage writes */
  reportBudgetSeconds: 30,
  /** deliveries of a message before it is dead-lettered */
  maxAttempts: 3,
  /** records per dead-letter consumer invocation, and its timeout */
  deadLetterBatchSize: 10,
  deadLetterTimeoutSeconds: 30,
} as const;

/** A whole batch fits in one invocation, with a margin for the cold start. */
export const WORKER_TIMEOUT = Duration.seconds(REGENERATION.batchSize * REGENERATION.reportBudgetSeconds + 30);

/**
 * Lambda's SQS integration asks for a visibility timeout of at least six times the function's
 * timeout: a batch that is retried after a throttle or an error must not reappear while it is still
 * being worked on.
 */
export function visibilityFor(timeout: Duration): Duration {
  return Duration.seconds(timeout.toSeconds() * 6);
}

export class Regeneration extends Construct {
  readonly queue: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetters = new Queue(this, "DeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      visibilityTimeout: visibilityFor(Duration.seconds(REGENERATION.deadLetterTimeoutSeconds)),
    });
    this.queue = new Queue(this, "Queue", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // SQS's longest: a backlog never expires unseen (an expired message would leave its job running)
      retentionPeriod: Duration.days(14),
      visibilityTimeout: visibilityFor(WORKER_TIMEOUT),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: REGENERATION.maxAttempts },
    });
  }

  /**
   * The worker drains the queue, at most `maxConcurrency` instances at once. (An event source
   * mapping of its own rather than SqsEventSource, whose grant adds permissions the mapping does not
   * use; the worker's spec grants "regenerations:receive".)
   */
  connectWorker(worker: IFunction, maxConcurrency: number): EventSourceMapping {
    return worker.addEventSourceMapping("Regenerations", {
      eventSourceArn: this.queue.queueArn,
      batchSize: REGENERATION.batchSize,
      maxConcurrency,
      reportBatchItemFailures: true,
    });
  }

  /** The dead-letter consumer drains the dead-letter queue (two instances are plenty: it only counts). */
  connectDeadLetterConsumer(consumer: IFunction): EventSourceMapping {
    return consumer.addEventSourceMapping("DeadLetters", {
      eventSourceArn: this.deadLetters.queueArn,
      batchSize: REGENERATION.deadLetterBatchSize,
      maxConcurrency: 2,
      reportBatchItemFailures: true,
    });
  }
}
