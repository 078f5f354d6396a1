/**
 * The dead-letter consumer: records each dead-lettered report as failed on its job, so that the job
 * ends (service/dead-letters.ts). Every recorded report is a metric the DeadLetteredReports alarm
 * watches, and a log line under the correlation id of the request that started the job.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { processDeadLetterBatch } from "../queue/sqs-dead-letters.js";
import { METRIC } from "./metric-names.js";
import { appLog, instrumented, loggedAudit, logger, maxAttemptsFromEnv, metrics, stores } from "./runtime.js";

const base = stores();
const progress = { jobs: base.jobs, audit: loggedAudit(base.audit), log: appLog };
const maxAttempts = maxAttemptsFromEnv();

export const handler = instrumented(async (event: SQSEvent, context: Context) =>
  processDeadLetterBatch(progress, event, {
    context,
    maxAttempts,
    log: appLog,
    beforeRecord: (_record, correlationId) => logger.setCorrelationId(correlationId),
    onDeadLetter: (outcome, message) => {
      logger.warn("dead-lettered regeneration", { outcome, ...message });
      if (outcome === "recorded") {
        metrics.addMetric(METRIC.deadLetteredReport, MetricUnit.Count, 1);
        metrics.addMetric(METRIC.bulkReportFailed, MetricUnit.Count, 1);
      }
    },
  }),
);
