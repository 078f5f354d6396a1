/** The bulk-regeneration worker: SQS batches, partial batch failures. Carries the Chromium layer. */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { processSqsBatch } from "../queue/sqs-worker.js";
import { ReportRenderer } from "../render/renderer.js";
import { appLog, deps, logger, metrics, queue, stores } from "./runtime.js";
import { timedRenderer } from "./timed-renderer.js";

// One page: a Lambda instance handles one request at a time.
const renderer = timedRenderer(new ReportRenderer({ pages: 1 }), (entry) => {
  metrics.addMetric("RenderDuration", MetricUnit.Milliseconds, entry.renderMs);
  logger.info("rendered", { ...entry });
});
const regenerationQueue = queue();
if (!regenerationQueue) throw new Error("NIANBAO_QUEUE_URL must be set for the worker");
const serviceDeps = { ...deps(stores(), renderer), queue: regenerationQueue };
const maxAttempts = Number(process.env.NIANBAO_MAX_ATTEMPTS ?? 3);

export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  try {
    return await processSqsBatch(serviceDeps, event, { maxAttempts, log: appLog });
  } finally {
    metrics.publishStoredMetrics();
  }
};
