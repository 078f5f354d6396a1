/**
 * The heavy API functions (publish, preview, regenerate): they render, so they carry the Chromium
 * layer. One browser per warm container; each render's duration goes to CloudWatch as a metric and
 * a log line (cold or warm), which the README's Logs Insights queries read.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { FUNCTION_NAMES, type FunctionName } from "../http/routes.js";
import { ReportRenderer } from "../render/renderer.js";
import { appLog, deps, logger, metrics, stores } from "./runtime.js";
import { timedRenderer } from "./timed-renderer.js";

const functions = (process.env.NIANBAO_FUNCTION ?? "").split(",").filter((f): f is FunctionName => FUNCTION_NAMES.includes(f as FunctionName));
// One page: a Lambda instance handles one request at a time.
const renderer = timedRenderer(new ReportRenderer({ pages: 1 }), (entry) => {
  metrics.addMetric("RenderDuration", MetricUnit.Milliseconds, entry.renderMs);
  logger.info("rendered", { ...entry });
});
const app = createApp({ deps: deps(stores(), renderer), bodyLimitBytes: bodyLimitFromEnv(), functions, openapi, log: appLog });
const lambda = handle(app);

export const handler = async (event: Parameters<typeof lambda>[0], context: Context) => {
  logger.addContext(context);
  try {
    return await lambda(event, context);
  } finally {
    metrics.publishStoredMetrics();
  }
};
