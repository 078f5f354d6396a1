/**
 * The renderer of the functions that render (the heavy API functions and the worker): one browser
 * per warm container; each render's duration goes to CloudWatch as a metric and a log line (cold or
 * warm), which the dashboard, the SlowRenders alarm and the README's Logs Insights queries read.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { ReportRenderer } from "../render/renderer.js";
import { METRIC } from "./metric-names.js";
import { logger, metrics } from "./runtime.js";
import { timedRenderer } from "./timed-renderer.js";

// One page: a Lambda instance handles one request at a time.
export const renderer = timedRenderer(new ReportRenderer({ pages: 1 }), (entry) => {
  metrics.addMetric(METRIC.renderDuration, MetricUnit.Milliseconds, entry.renderMs);
  logger.info("rendered", { ...entry });
});
