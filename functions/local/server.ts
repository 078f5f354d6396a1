/**
 * The whole service on loopback: the embedded emulators behind their signature gate, the renderer
 * with its page pool, the persisted regeneration queue, and an HTTP server in front of the same
 * handler the Lambda functions run (gateway.ts).
 *
 * Starting resumes what a crash interrupted: stray browsers of a dead service are killed, the jobs
 * with messages still in the queue get their counters recomputed, and those messages are delivered
 * again. Stopping closes the HTTP server, lets requests and renders in flight finish (bounded), and
 * closes the queue, the browser and the stores, in that order.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { handle } from "hono/aws-lambda";
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { ApiError, errorBody } from "../http/errors.js";
import { defaultRenderPages } from "../render/chromium.js";
import { ReportRenderer } from "../render/renderer.js";
import { reconcileJob } from "../service/job-status.js";
import { parsePublicBaseUrl } from "../service/links.js";
import { serviceDeps, type OfdEdition, type PdfRenderer, type ServiceDeps } from "../service/ports.js";
import { handleRegenerationMessage, type RegenerationMessage } from "../service/regenerations.js";
import { createStores, LINK_EXPIRY, type Stores } from "../store/config.js";
import { reapStrayBrowsers, recordBrowser } from "./browser-record.js";
import { startEmulators, type Emulators } from "./emulators.js";
import { gateway, type LambdaHandler } from "./gateway.js";
import { PersistentQueue } from "./persistent-queue.js";
import { SubscriptionCache } from "./subscription-cache.js";
import { LocalWebhookQueue } from "./webhook-queue.js";
import type { ImportDocument } from "../import/index.js";
import { retryScheduleFromEnv } from "../service/webhook-delivery.js";
import { targetPolicy } from "../service/webhook-targets.js";
import { LocalSecretBox } from "../store/local-secret-box.js";
import { withConsole } from "../web/index.js";

export interface LocalServiceOptions {
  readonly dataDir: string;
  /** 0 picks a free port */
  readonly port: number;
  /** a renderer of the caller's (tests); otherwise the service makes and owns one */
  readonly renderer?: PdfRenderer;
  /** options of the renderer the service makes */
  readonly rendering?: { pages?: number; maxQueuedRenders?: number; executablePath?: string };
  /** the OFD edition stored with each version (default: NIANBAO_OFD, which defaults to plain OFD); null for none */
  readonly ofd?: OfdEdition | null;
  readonly bodyLimitBytes?: number;
  readonly linkExpirySeconds?: number;
  /** the address links are built from (default: NIANBAO_PUBLIC_BASE_URL, else the service's own) */
  readonly publicBaseUrl?: string;
  readonly inMemoryTables?: boolean;
  readonly queue?: { concurrency?: number; maxAttempts?: number; retryDelayMs?: number };
  /** seconds a bulk regeneration may go without progress before it is ended */
  readonly jobStallSeconds?: number;
  /**
   * Webhooks: hosts or CIDRs allowed besides public addresses (default NIANBAO_WEBHOOK_ALLOWED_HOSTS)
   * and the delays between attempts in ms (default NIANBAO_WEBHOOK_RETRY_SCHEDULE, else 5 s … 15 min)
   */
  readonly webhooks?: { allowedHosts?: string; retryScheduleMs?: readonly number[] };
  readonly log?: (entry: Record<string, unknown>) => void;
}

export interface LocalService {
  readonly url: string;
  /** the adapters (webhook subscriptions are written through `deps`, whose list of them the service keeps) */
  readonly stores: Stores;
  readonly emulators: Emulators;
  readonly deps: ServiceDeps;
  readonly queue: PersistentQueue<RegenerationMessage>;
  /** events and webhook deliveries */
  readonly webhooks: LocalWebhookQueue;
  /** the renderer the service made (undefined when the caller gave one) */
  readonly renderer?: ReportRenderer;
  /**
   * Stops: no new connections; requests, renders and queue deliveries in flight get `graceMs` to
   * finish; then the browser and the stores close. Safe to call more than once.
   */
  stop(graceMs?: number): Promise<void>;
}

/** Renders that may wait for a page per page, before a request is answered 503. */
const QUEUED_RENDERS_PER_PAGE = 16;

/** Starts a piece; on failure stops what was started before it, and rethrows. */
async function step<T>(started: (() => Promise<void>)[], start: () => Promise<T>, stop?: (value: T) => Promise<void>): Promise<T> {
  try {
    const value = await start();
    if (stop) started.unshift(() => stop(value));
    return value;
  } catch (error) {
    for (const undo of started) await undo().catch(() => undefined);
    throw error;
  }
}

/** The answer to a request that arrives while the service is still starting. */
const STARTING = {
  statusCode: 503,
  headers: { "Content-Type": "application/json; charset=utf-8", "Retry-After": "1", "Cache-Control": "no-store" },
  body: JSON.stringify(errorBody(new ApiError(503, "starting", "服务正在启动，请稍后重试"))),
};

export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const log = options.log ?? (() => undefined);
  const configuredBaseUrl = options.publicBaseUrl ?? parsePublicBaseUrl(process.env.NIANBAO_PUBLIC_BASE_URL);
  const undo: (() => Promise<void>)[] = [];
  const reaped = reapStrayBrowsers(options.dataDir);
  if (reaped.length) log({ level: "warn", message: "killed browsers left by a service that did not stop", pids: reaped });

  const emulators = await step(
    undo,
    () =>
      startEmulators({
        dataDir: options.dataDir,
        linkExpirySeconds: options.linkExpirySeconds ?? LINK_EXPIRY.defaultSeconds,
        ...(options.inMemoryTables ? { inMemoryTables: true } : {}),
      }),
    (e) => e.stop(),
  );
  if (emulators.s3PortChanged) log({ level: "warn", message: "the document store's port was taken: download links issued before this start no longer work" });
  const stores = createStores(emulators.config, emulators.transport);
  await step(undo, () => stores.ensureTables());

  const pages = options.rendering?.pages ?? defaultRenderPages();
  const owned = options.renderer
    ? undefined
    : new ReportRenderer({
        ...options.rendering,
        pages,
        // NIANBAO_RENDER_QUEUE, when set, is read by the renderer itself
        ...(process.env.NIANBAO_RENDER_QUEUE ? {} : { maxQueuedRenders: QUEUED_RENDERS_PER_PAGE * pages }),
        ...(options.rendering?.maxQueuedRenders ? { maxQueuedRenders: options.rendering.maxQueuedRenders } : {}),
        onBrowser: (event) => recordBrowser(options.dataDir, event),
      });
  const renderer: PdfRenderer = options.renderer ?? owned!;
  if (owned) undo.unshift(() => owned.close());
  // the converter (pdf-lib, fontkit) is loaded only by a service that makes OFDs, so that the CLI's
  // other commands, which import this module, start without it
  // (NIANBAO_OFD; on a machine with more than one core the conversion runs on a thread of its own)
  const ownedOfd = options.ofd === undefined ? (await import("../ofd/edition-thread.js")).localOfdEdition() : undefined;
  const ofd = options.ofd === null ? undefined : (options.ofd ?? ownedOfd);
  if (ownedOfd) {
    ownedOfd.start();
    undo.unshift(() => ownedOfd.close());
  }

  // Listen first: the lasting links are built from the service's own address unless one is
  // configured. Until the app is ready, a request is answered 503 (retry shortly).
  const bodyLimitBytes = options.bodyLimitBytes ?? bodyLimitFromEnv();
  let handler: LambdaHandler | undefined;
  const server: Server = createServer(
    gateway({ handler: (event, context) => (handler ? handler(event, context) : Promise.resolve(STARTING)), tokens: stores.tokens, bodyLimitBytes, log }),
  );
  await step(
    undo,
    () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port, "127.0.0.1", () => resolve());
      }),
    () => new Promise<void>((resolve) => server.close(() => resolve())),
  );
  const port = (server.address() as AddressInfo).port;
  const publicBaseUrl = configuredBaseUrl ?? `http://127.0.0.1:${port}`;
  const webhooks = new LocalWebhookQueue({ dir: join(options.dataDir, "queue") });
  // the key that seals webhook secrets: a file of the installation, readable by its owner only
  const secrets = new LocalSecretBox({ keyFile: join(options.dataDir, "webhook-secrets.key") });
  const webhookPolicy = targetPolicy(options.webhooks?.allowedHosts ?? process.env.NIANBAO_WEBHOOK_ALLOWED_HOSTS);
  // subscriptions are written only through this service: their list is read once per change, not per event
  const webhookStore = new SubscriptionCache(stores.webhooks);
  const deps: ServiceDeps = serviceDeps({ ...stores, webhooks: webhookStore }, renderer, {
    linkExpirySeconds: emulators.config.linkExpirySeconds,
    ...(options.jobStallSeconds ? { jobStallSeconds: options.jobStallSeconds } : {}),
    publicBaseUrl,
    log,
    ofd,
    events: webhooks,
    secrets,
  });
  webhooks.start({
    webhooks: webhookStore,
    secrets,
    queue: webhooks,
    policy: webhookPolicy,
    schedule: options.webhooks?.retryScheduleMs ?? retryScheduleFromEnv(process.env.NIANBAO_WEBHOOK_RETRY_SCHEDULE),
    log,
  });
  undo.unshift(() => webhooks.stop(0));

  const queue = await step(undo, async () => {
    const created = new PersistentQueue<RegenerationMessage>({
      dir: join(options.dataDir, "queue"),
      name: "regenerations",
      // two deliveries per page: one renders while the other reads and writes the stores
      concurrency: options.queue?.concurrency ?? 2 * pages,
      maxAttempts: options.queue?.maxAttempts ?? 3,
      retryDelayMs: options.queue?.retryDelayMs ?? 250,
    });
    // A crash may have struck between recording a report's outcome and counting it.
    for (const jobId of new Set(created.pending().map((message) => message.jobId))) await reconcileJob(deps, jobId);
    created.setHandler((message, delivery) => handleRegenerationMessage({ ...deps, queue: created }, message, delivery));
    return created;
  }, (q) => q.stop(0));

  // the readers (pdf.js, parsers) load on the first import, not at start
  const importDocument: ImportDocument = async (...args) => (await import("../import/index.js")).importDocument(...args);
  const app = withConsole(createApp({ deps, queue, importDocument, bodyLimitBytes, webhookPolicy, openapi, log }), { deps });
  handler = handle(app) as unknown as LambdaHandler;
  queue.start();

  let stopping: Promise<void> | undefined;
  async function stop(graceMs = 10_000): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const drained = Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    await Promise.all([drained, queue.stop(graceMs)]);
    await webhooks.stop(graceMs);
    clearTimeout(timer);
    server.closeAllConnections();
    if (owned) await owned.close(graceMs);
    await ownedOfd?.close();
    await emulators.stop();
  }

  return {
    url: `http://127.0.0.1:${port}`,
    stores,
    emulators,
    deps,
    queue,
    webhooks,
    ...(owned ? { renderer: owned } : {}),
    stop(graceMs?: number) {
      stopping ??= stop(graceMs);
      return stopping;
    },
  };
}
