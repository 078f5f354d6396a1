/**
 * The bulk-regeneration worker on Lambda: an SQS batch in, partial batch failures out (only the
 * failed messages return to the queue; after maxReceiveCount SQS moves them to the dead-letter queue,
 * and the last attempt records the failure on the job first).
 */
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { handleRegenerationMessage, type RegenerationMessage, type RegenerationQueue } from "../service/regenerations.js";
import type { ServiceDeps } from "../service/ports.js";

function parse(body: string): RegenerationMessage | undefined {
  try {
    const value = JSON.parse(body) as RegenerationMessage;
    if ((value.kind === "plan" || value.kind === "report") && typeof value.jobId === "string") return value;
  } catch {
    // not ours
  }
  return undefined;
}

export async function processSqsBatch(
  deps: ServiceDeps & { queue: RegenerationQueue },
  event: SQSEvent,
  options: { maxAttempts: number; log?: (entry: Record<string, unknown>) => void },
): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse["batchItemFailures"] = [];
  // One at a time: the renderer has one page, and a Lambda instance one browser.
  for (const record of event.Records) {
    const message = parse(record.body);
    if (!message) {
      options.log?.({ level: "warn", message: "dropping a malformed message", messageId: record.messageId });
      continue;
    }
    const attempt = Number(record.attributes.ApproximateReceiveCount ?? "1");
    try {
      await handleRegenerationMessage(deps, message, { attempt, isLastAttempt: attempt >= options.maxAttempts });
    } catch (error) {
      options.log?.({ level: "warn", message: "regeneration failed", messageId: record.messageId, attempt, error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
