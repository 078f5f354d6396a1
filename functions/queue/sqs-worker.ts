/**
 * The bulk-regeneration worker on Lambda: an SQS batch in, partial batch failures out (only the
 * failed messages return to the queue; after maxReceiveCount SQS moves them to the dead-letter queue,
 * and the last attempt records the failure on the job first).
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { handleRegenerationMessage, type MessageOutcome, type RegenerationQueue } from "../service/regenerations.js";
import type { ServiceDeps } from "../service/ports.js";
import { attemptOf, processMessages, type RecordOptions } from "./sqs-batch.js";

export interface WorkerOptions extends RecordOptions {
  readonly maxAttempts: number;
  /** after each report message: what became of it ("failed" only on its last attempt) */
  readonly onReport?: (outcome: MessageOutcome | "failed") => void;
}

export async function processSqsBatch(deps: ServiceDeps & { queue: RegenerationQueue }, event: SQSEvent, options: WorkerOptions): Promise<SQSBatchResponse> {
  return processMessages(
    event,
    async (message, record) => {
      const attempt = attemptOf(record);
      const isLastAttempt = attempt >= options.maxAttempts;
      try {
        const outcome = await handleRegenerationMessage(deps, message, { attempt, isLastAttempt });
        if (message.kind === "report") options.onReport?.(outcome);
      } catch (error) {
        if (message.kind === "report" && isLastAttempt) options.onReport?.("failed");
        throw error;
      }
    },
    options,
  );
}
