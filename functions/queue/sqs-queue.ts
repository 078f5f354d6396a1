/** The regeneration queue on SQS: messages in batches of ten. */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { RegenerationMessage, RegenerationQueue } from "../service/regenerations.js";

export class SqsQueue implements RegenerationQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(messages: readonly RegenerationMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      const batch = messages.slice(i, i + 10);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((message, j) => ({ Id: String(j), MessageBody: JSON.stringify(message) })),
        }),
      );
      if (result.Failed?.length) {
        throw new Error(`SQS refused ${result.Failed.length} of ${batch.length} messages: ${result.Failed.map((f) => f.Code).join(", ")}`);
      }
    }
  }
}
