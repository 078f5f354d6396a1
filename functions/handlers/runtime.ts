/**
 * What every Lambda entry shares: configuration from the environment, the storage adapters, and
 * Powertools on every handler (`instrumented`): the Lambda context and a correlation id on every log
 * line, metrics flushed after each invocation with a ColdStart metric, and a traced handler segment.
 * Entries are composition roots only.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import { correlationPaths, search } from "@aws-lambda-powertools/logger/correlationId";
import { SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { Env, Hono } from "hono";
import { handle } from "hono/aws-lambda";
import { FUNCTION_NAMES, type FunctionName } from "../http/routes.js";
import { SqsQueue } from "../queue/sqs-queue.js";
import { serviceDeps, type OfdEdition, type PdfRenderer, type ServiceDeps } from "../service/ports.js";
import { parsePublicBaseUrl } from "../service/links.js";
import type { RegenerationQueue } from "../service/regenerations.js";
import { createStores, storeConfigFromEnv, type Stores } from "../store/config.js";
import type { AuditStore } from "../store/ports.js";
import { METRIC_NAMESPACE, SERVICE_NAME } from "./metric-names.js";

// correlationIdSearchFn: the JMESPath search that reads the correlation id out of the event
export const logger = new Logger({ serviceName: SERVICE_NAME, correlationIdSearchFn: search });
/** Metrics' own notes through the logger; "no metrics to publish" (most invocations) is no warning here. */
const metricsNotes = {
  debug: (note: unknown) => logger.debug(String(note)),
  info: (note: unknown) => logger.info(String(note)),
  warn: (note: unknown) => logger.debug(String(note)),
  error: (note: unknown) => logger.error(String(note)),
};
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAME, logger: metricsNotes });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/**
 * A handler with Powertools around it. `correlationIdPath` (a JMESPath into the event) names the id
 * every log line of the invocation carries: API Gateway's request id for the API, the event id for a
 * schedule; SQS handlers set it per record from the message (see the worker).
 */
export function instrumented<E, R>(handler: (event: E, context: Context) => Promise<R>, options: { correlationIdPath?: string } = {}) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(injectLambdaContext(logger, { resetKeys: true, ...(options.correlationIdPath ? { correlationIdPath: options.correlationIdPath } : {}) }));
}

/** An API function: the app behind API Gateway, every log line under API Gateway's request id. */
export function apiHandler<E extends Env>(app: Hono<E>) {
  const lambda = handle(app);
  return instrumented((event: Parameters<typeof lambda>[0], context: Context) => lambda(event, context), {
    correlationIdPath: correlationPaths.API_GATEWAY_HTTP,
  });
}

/** The functions (NIANBAO_FUNCTION, comma-separated) whose routes this Lambda function serves. */
export function servedFunctions(env: NodeJS.ProcessEnv = process.env): FunctionName[] {
  return (env.NIANBAO_FUNCTION ?? "").split(",").filter((f): f is FunctionName => FUNCTION_NAMES.includes(f as FunctionName));
}

/** Deliveries of a regeneration message before SQS dead-letters it (the queue's maxReceiveCount). */
export function maxAttemptsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const attempts = Number(env.NIANBAO_MAX_ATTEMPTS ?? 3);
  if (!Number.isInteger(attempts) || attempts < 1) throw new Error(`NIANBAO_MAX_ATTEMPTS must be a positive integer, not ${env.NIANBAO_MAX_ATTEMPTS}`);
  return attempts;
}

export function stores(): Stores {
  const created = createStores(storeConfigFromEnv());
  tracer.captureAWSv3Client(created.documents.client);
  tracer.captureAWSv3Client(created.dynamo);
  return created;
}

/** The regeneration queue, when NIANBAO_QUEUE_URL is set; its messages carry the correlation id. */
export function queue(): RegenerationQueue | undefined {
  const url = process.env.NIANBAO_QUEUE_URL;
  if (!url) return undefined;
  const sqs = tracer.captureAWSv3Client(new SQSClient({}));
  return new SqsQueue(sqs, url, () => correlationId());
}

/** The correlation id of the invocation (or record) being handled. */
export function correlationId(): string | undefined {
  const id = logger.getCorrelationId();
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** A renderer for the functions that never render: calling it is a wiring mistake. */
export const noRenderer: PdfRenderer = {
  templateVersion: "none",
  render: () => Promise.reject(new Error("this function does not render")),
  html: () => {
    throw new Error("this function does not render");
  },
};

/** The use cases' dependencies; the rendering functions also pass the OFD edition they make. */
export function deps(base: Stores, renderer: PdfRenderer, ofd?: OfdEdition): ServiceDeps {
  const publicBaseUrl = parsePublicBaseUrl(process.env.NIANBAO_PUBLIC_BASE_URL);
  return serviceDeps({ ...base, audit: loggedAudit(base.audit) }, renderer, {
    linkExpirySeconds: base.config.linkExpirySeconds,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    log: appLog,
    ofd,
  });
}

/**
 * The audit trail, every entry also a structured log line ({"message":"audit","audit":{…}}) in the
 * function's log group, written before the table item: the trail can be searched with Logs Insights,
 * and an entry whose write failed is still on record.
 */
export function loggedAudit(audit: AuditStore): AuditStore {
  return {
    async append(entry) {
      logger.info("audit", { audit: entry });
      await audit.append(entry);
    },
    list: (filter, options) => audit.list(filter, options),
  };
}

/** Structured log lines from the app, through Powertools. */
export function appLog(entry: Record<string, unknown>): void {
  const { level, message, ...rest } = entry;
  const text = String(message ?? "event");
  if (level === "error") logger.error(text, rest);
  else if (level === "warn") logger.warn(text, rest);
  else logger.info(text, rest);
}
