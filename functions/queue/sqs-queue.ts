/**
 * The regeneration queue on SQS: messages in batches of ten. Each message carries the correlation id
 * of the request (or message) that enqueued it as a message attribute, so the worker's log lines of a
 * bulk job can be found from the API request that started it.
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { RegenerationMessage, RegenerationQueue } from "../service/regenerations.js";

export const CORRELATION_ATTRIBUTE = "correlationId";

export class SqsQueue implements RegenerationQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly correlationId: () => string | undefined = () => undefined,
  ) {}

  async enqueue(messages: readonly RegenerationMessage[]): Promise<void> {
    const correlationId = this.correlationId();
    const attributes = correlationId ? { MessageAttributes: { [CORRELATION_ATTRIBUTE]: { DataType: "String", StringValue: correlationId } } } : {};
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message), ...attributes })),
        }),
      );
      if (result.Failed?.length) {
        throw new Error(`SQS refused ${result.Failed.length} of ${batch.length} messages: ${result.Failed.map((f) => f.Code).join(", ")}`);
      }
    }
  }
}
