/**
 * SQS batches through Powertools' Batch utility: records one after another (a Lambda instance has one
 * browser), and only the failed records reported back (partial batch response), so that SQS retries
 * just those. Each record's correlation id (a message attribute set by SqsQueue) is handed to the
 * caller before the record is handled, so every log line of it carries the id of the request that
 * started the work.
 */
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { RegenerationMessage } from "../service/regenerations.js";
import { CORRELATION_ATTRIBUTE } from "./sqs-queue.js";

export interface RecordOptions {
  readonly context?: Context;
  /** called before each record with its correlation id (the message id when it has none) */
  readonly beforeRecord?: (record: SQSRecord, correlationId: string) => void;
  readonly log?: (entry: Record<string, unknown>) => void;
}

/**
 * Each record's regeneration message to `handle`, one after another. What is not a regeneration
 * message is dropped with a warning (retrying it could never help).
 */
export async function processMessages(
  event: SQSEvent,
  handle: (message: RegenerationMessage, record: SQSRecord) => Promise<void>,
  options: RecordOptions = {},
): Promise<SQSBatchResponse> {
  return processRecords(
    event,
    async (record) => {
      const message = parseRegenerationMessage(record.body);
      if (!message) {
        options.log?.({ level: "warn", message: "dropping a malformed message", messageId: record.messageId });
        return;
      }
      await handle(message, record);
    },
    options,
  );
}

async function processRecords(event: SQSEvent, handle: (record: SQSRecord) => Promise<void>, options: RecordOptions): Promise<SQSBatchResponse> {
  // a processor per batch: it holds the batch's state
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      options.beforeRecord?.(record, record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue ?? record.messageId);
      try {
        await handle(record);
      } catch (error) {
        options.log?.({ level: "warn", message: "message failed", messageId: record.messageId, attempt: attemptOf(record), error: String(error) });
        throw error;
      }
    },
    processor,
    // a batch that fails whole is reported like any other (each failure is logged and counted)
    { ...(options.context ? { context: options.context } : {}), processInParallel: false, throwOnFullBatchFailure: false },
  );
}

/** 1 on a message's first delivery. */
export function attemptOf(record: SQSRecord): number {
  return Number(record.attributes?.ApproximateReceiveCount ?? "1");
}

/** A regeneration message, or undefined for anything else. */
function parseRegenerationMessage(body: string): RegenerationMessage | undefined {
  try {
    const value = JSON.parse(body) as RegenerationMessage;
    if ((value.kind === "plan" || value.kind === "report") && typeof value.jobId === "string") return value;
  } catch {
    // not ours
  }
  return undefined;
}
