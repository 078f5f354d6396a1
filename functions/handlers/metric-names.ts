/**
 * The service's own CloudWatch metrics (namespace Nianbao, dimension service=nianbao), emitted by the
 * handlers through Powertools Metrics and read by the stack's alarms and dashboard.
 */
export const METRIC_NAMESPACE = "Nianbao";
export const SERVICE_NAME = "nianbao";

export const METRIC = {
  /** milliseconds of one render (PDF), from the API functions and the worker */
  renderDuration: "RenderDuration",
  /** a report of a bulk job regenerated */
  bulkReportSucceeded: "BulkReportSucceeded",
  /** a report of a bulk job failed for good (last attempt, or dead-lettered) */
  bulkReportFailed: "BulkReportFailed",
  /** a report message reached the dead-letter queue and was recorded failed on its job */
  deadLetteredReport: "DeadLetteredReport",
  /** objects deleted by the orphan cleanup */
  orphansDeleted: "OrphansDeleted",
} as const;
