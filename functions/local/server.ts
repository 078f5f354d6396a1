/**
 * The whole service on loopback: the embedded emulators, the renderer, the in-process regeneration
 * queue, and an HTTP server that turns each request into the API Gateway HTTP API (payload 2.0)
 * event the Lambda functions receive, and hands it to the same handler.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResult, Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import type { ImportDocument } from "../import/index.js";
import { ReportRenderer } from "../render/renderer.js";
import { serviceDeps, type OfdEdition, type PdfRenderer, type ServiceDeps } from "../service/ports.js";
import { parsePublicBaseUrl } from "../service/links.js";
import { handleRegenerationMessage } from "../service/regenerations.js";
import { createStores, LINK_EXPIRY, type Stores } from "../store/config.js";
import { startEmulators, type Emulators } from "./emulators.js";
import { InProcessQueue } from "./in-process-queue.js";
import { withConsole } from "../web/index.js";
import { join } from "node:path";
import { retryScheduleFromEnv } from "../service/webhook-delivery.js";
import { targetPolicy } from "../service/webhook-targets.js";
import { LocalSecretBox } from "../store/local-secret-box.js";
import { LocalWebhookQueue } from "./webhook-queue.js";

/** API Gateway's own payload ceiling: bigger requests never reach a function. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface LocalServiceOptions {
  readonly dataDir: string;
  /** 0 picks a free port */
  readonly port: number;
  readonly renderer?: PdfRenderer;
  /** the OFD edition stored with each version (default: NIANBAO_OFD, which defaults to plain OFD); null for none */
  readonly ofd?: OfdEdition | null;
  readonly bodyLimitBytes?: number;
  readonly linkExpirySeconds?: number;
  /** the address links are built from (default: NIANBAO_PUBLIC_BASE_URL, else the service's own) */
  readonly publicBaseUrl?: string;
  readonly inMemoryTables?: boolean;
  readonly queue?: { concurrency?: number; maxAttempts?: number; retryDelayMs?: number };
  /**
   * Webhooks: hosts or CIDRs allowed besides public addresses (default NIANBAO_WEBHOOK_ALLOWED_HOSTS)
   * and the delays between attempts in ms (default NIANBAO_WEBHOOK_RETRY_SCHEDULE, else 5 s … 15 min)
   */
  readonly webhooks?: { allowedHosts?: string; retryScheduleMs?: readonly number[] };
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface LocalService {
  readonly url: string;
  readonly stores: Stores;
  readonly emulators: Emulators;
  readonly deps: ServiceDeps;
  readonly queue: InProcessQueue;
  /** events and webhook deliveries */
  readonly webhooks: LocalWebhookQueue;
  stop(): Promise<void>;
}

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResult & { cookies?: string[] }>;

function toEvent(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie") headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    ...(url.search ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: req.headers.host ?? "127.0.0.1",
      domainPrefix: "local",
      http: { method: req.method ?? "GET", path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? "127.0.0.1", userAgent: req.headers["user-agent"] ?? "" },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.toString("base64"),
    isBase64Encoded: true,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function serve(handler: LambdaHandler, log: (entry: Record<string, unknown>) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY_BYTES && !refused) {
        refused = true;
        send(res, 413, { error: { code: "payload_too_large", message: "请求体过大" }, diagnostics: [] });
        req.destroy();
      }
      if (!refused) chunks.push(chunk);
    });
    req.on("end", () => {
      if (refused) return;
      const started = performance.now();
      handler(toEvent(req, Buffer.concat(chunks)), { awsRequestId: randomUUID() } as Context)
        .then((result) => {
          const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
          if (result.cookies?.length) headers["set-cookie"] = result.cookies;
          res.writeHead(result.statusCode, headers);
          res.end(result.isBase64Encoded ? Buffer.from(result.body, "base64") : result.body);
          log({ level: "info", method: req.method, path: req.url, status: result.statusCode, ms: Math.round(performance.now() - started) });
        })
        .catch((error: unknown) => {
          log({ level: "error", message: "handler crashed", error: String(error) });
          send(res, 500, { error: { code: "internal", message: "内部错误" }, diagnostics: [] });
        });
    });
    req.on("error", () => res.destroy());
  };
}

export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const log = options.log ?? (() => undefined);
  const configuredBaseUrl = options.publicBaseUrl ?? parsePublicBaseUrl(process.env.NIANBAO_PUBLIC_BASE_URL);
  const emulators = await startEmulators({
    dataDir: options.dataDir,
    linkExpirySeconds: options.linkExpirySeconds ?? LINK_EXPIRY.defaultSeconds,
    ...(options.inMemoryTables ? { inMemoryTables: true } : {}),
  });
  const stores = createStores(emulators.config);
  await stores.ensureTables();
  const renderer = options.renderer ?? new ReportRenderer();
  // the converter (pdf-lib, fontkit) is loaded only by a service that makes OFDs, so that the CLI's
  // other commands, which import this module, start without it
  const ofd = options.ofd === null ? undefined : (options.ofd ?? (await import("../ofd/edition.js")).ofdEditionFromEnv());
  // Listen first: the lasting links are built from the service's own address unless one is configured.
  let handler: LambdaHandler | undefined;
  const server: Server = createServer(serve((event, context) => handler!(event, context), log));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const publicBaseUrl = configuredBaseUrl ?? `http://127.0.0.1:${port}`;
  const webhooks = new LocalWebhookQueue();
  // the key that seals webhook secrets: a file of the installation, readable by its owner only
  const secrets = new LocalSecretBox({ keyFile: join(options.dataDir, "webhook-secrets.key") });
  const webhookPolicy = targetPolicy(options.webhooks?.allowedHosts ?? process.env.NIANBAO_WEBHOOK_ALLOWED_HOSTS);
  const deps = serviceDeps(stores, renderer, { linkExpirySeconds: emulators.config.linkExpirySeconds, publicBaseUrl, log, ofd, events: webhooks, secrets });
  webhooks.start({
    webhooks: stores.webhooks,
    secrets,
    queue: webhooks,
    policy: webhookPolicy,
    schedule: options.webhooks?.retryScheduleMs ?? retryScheduleFromEnv(process.env.NIANBAO_WEBHOOK_RETRY_SCHEDULE),
    log,
  });
  const queue = new InProcessQueue({
    concurrency: options.queue?.concurrency ?? 2,
    maxAttempts: options.queue?.maxAttempts ?? 3,
    retryDelayMs: options.queue?.retryDelayMs ?? 250,
  });
  queue.setHandler(async (message, delivery) => {
    await handleRegenerationMessage({ ...deps, queue }, message, delivery);
  });
  // the readers (pdf.js, parsers) load on the first import, not at start
  const importDocument: ImportDocument = async (...args) => (await import("../import/index.js")).importDocument(...args);
  const app = withConsole(createApp({ deps, queue, importDocument, bodyLimitBytes: options.bodyLimitBytes ?? bodyLimitFromEnv(), webhookPolicy, openapi, log }), { deps });
  handler = handle(app) as unknown as LambdaHandler;
  return {
    url: `http://127.0.0.1:${port}`,
    stores,
    emulators,
    deps,
    queue,
    webhooks,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await queue.stop();
      await webhooks.stop();
      if (!options.renderer && renderer instanceof ReportRenderer) await renderer.close();
      await emulators.stop();
    },
  };
}
