/**
 * The dead-letter consumer on Lambda: each dead-lettered regeneration message is recorded failed on
 * its job (service/dead-letters.ts), so that the job ends. A record that cannot be recorded (DynamoDB
 * unavailable) stays in the dead-letter queue and is retried; an alarm watches its age.
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { recordDeadLetter, type DeadLetterOutcome } from "../service/dead-letters.js";
import type { JobProgressDeps } from "../service/regenerations.js";
import { processMessages, type RecordOptions } from "./sqs-batch.js";

export interface DeadLetterOptions extends RecordOptions {
  /** how often the main queue delivered a message before dead-lettering it (its maxReceiveCount) */
  readonly maxAttempts: number;
  readonly onDeadLetter?: (outcome: DeadLetterOutcome, message: { jobId: string; reportId?: string }) => void;
}

export async function processDeadLetterBatch(deps: JobProgressDeps, event: SQSEvent, options: DeadLetterOptions): Promise<SQSBatchResponse> {
  return processMessages(
    event,
    async (message) => {
      const outcome = await recordDeadLetter(deps, message, options.maxAttempts);
      options.onDeadLetter?.(outcome, { jobId: message.jobId, ...(message.kind === "report" ? { reportId: message.reportId } : {}) });
    },
    options,
  );
}
