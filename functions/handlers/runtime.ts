/**
 * What every Lambda entry shares: configuration from the environment, the storage adapters,
 * Powertools for structured logs, metrics and traces. Entries are composition roots only.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SqsQueue } from "../queue/sqs-queue.js";
import { serviceDeps, type PdfRenderer, type ServiceDeps } from "../service/ports.js";
import type { RegenerationQueue } from "../service/regenerations.js";
import { createStores, storeConfigFromEnv, type Stores } from "../store/config.js";

export const logger = new Logger({ serviceName: "nianbao" });
export const metrics = new Metrics({ namespace: "Nianbao", serviceName: "nianbao" });
export const tracer = new Tracer({ serviceName: "nianbao" });

export function stores(): Stores {
  const created = createStores(storeConfigFromEnv());
  tracer.captureAWSv3Client(created.documents.client);
  tracer.captureAWSv3Client(created.dynamo);
  return created;
}

export function queue(): RegenerationQueue | undefined {
  const url = process.env.NIANBAO_QUEUE_URL;
  if (!url) return undefined;
  const sqs = tracer.captureAWSv3Client(new SQSClient({}));
  return new SqsQueue(sqs, url);
}

/** A renderer for the functions that never render: calling it is a wiring mistake. */
export const noRenderer: PdfRenderer = {
  templateVersion: "none",
  render: () => Promise.reject(new Error("this function does not render")),
  html: () => {
    throw new Error("this function does not render");
  },
};

export function deps(base: Stores, renderer: PdfRenderer): ServiceDeps {
  return serviceDeps(base, renderer, { linkExpirySeconds: base.config.linkExpirySeconds });
}

/** Structured log lines from the app, through Powertools. */
export function appLog(entry: Record<string, unknown>): void {
  const { level, message, ...rest } = entry;
  const text = String(message ?? "event");
  if (level === "error") logger.error(text, rest);
  else if (level === "warn") logger.warn(text, rest);
  else logger.info(text, rest);
}
