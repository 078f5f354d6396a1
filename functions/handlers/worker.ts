/**
 * The bulk-regeneration worker: SQS batches through Powertools' Batch utility, partial batch
 * failures, each record's log lines under the correlation id of the request that started the job.
 * Carries the Chromium layer.
 */
// first: the browser unpacks while the rest of this function's modules load
import "../render/unpack-early.js";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { processSqsBatch } from "../queue/sqs-worker.js";
import { ofdEditionFromEnv } from "../ofd/edition.js";
import { METRIC } from "./metric-names.js";
import { renderer } from "./rendering.js";
import { appLog, deps, instrumented, logger, maxAttemptsFromEnv, metrics, queue, stores } from "./runtime.js";

const regenerationQueue = queue();
if (!regenerationQueue) throw new Error("NIANBAO_QUEUE_URL must be set for the worker");
const serviceDeps = { ...deps(stores(), renderer, ofdEditionFromEnv()), queue: regenerationQueue };
const maxAttempts = maxAttemptsFromEnv();

export const handler = instrumented(async (event: SQSEvent, context: Context) =>
  processSqsBatch(serviceDeps, event, {
    context,
    maxAttempts,
    log: appLog,
    beforeRecord: (_record, correlationId) => logger.setCorrelationId(correlationId),
    onReport: (outcome) => {
      if (outcome === "regenerated") metrics.addMetric(METRIC.bulkReportSucceeded, MetricUnit.Count, 1);
      if (outcome === "failed") metrics.addMetric(METRIC.bulkReportFailed, MetricUnit.Count, 1);
    },
  }),
);
