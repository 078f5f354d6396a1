/**
 * Every Lambda function of the service and what it may touch. The API functions come from the route
 * table (functions/http/routes.ts): a route names its function (`fn`), and whether any of the
 * function's routes renders decides if it carries Chromium. A new `fn` in the route table fails the
 * type check here until its entry says what it may touch; the least-privilege test
 * (test/infra/least-privilege.test.ts) then states its IAM actions.
 *
 * Grants are in the domain's words (infra/constructs/access.ts turns them into IAM statements).
 */
import { ROUTES, type FunctionName } from "../functions/http/routes.js";
import type { Grant } from "./constructs/access.js";
import type { BundleAsset } from "./constructs/functions.js";
import { REGENERATION, WORKER_TIMEOUT } from "./constructs/regeneration.js";
import { WEBHOOK_DELIVERY } from "./constructs/events.js";

export interface FunctionSpec {
  readonly grants: readonly Grant[];
  /** the entry file under functions/handlers/ (API functions: api-heavy.ts or api-light.ts by default) */
  readonly entry?: string;
  /** MB; default: the heavyMemoryMb setting for functions that render, 256 for the others */
  readonly memoryMb?: number;
  /** default: 28 s for API functions that render, 10 s for the others */
  readonly timeoutSeconds?: number;
  /** data copied beside the bundle, the only way a function carries files (rendering functions carry the templates and fonts without asking) */
  readonly assets?: readonly BundleAsset[];
  /** the function's own environment, beside the settings every function gets */
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * Every function that serves an authenticated route appends audit entries (at least its refusals:
 * 401 and 403 are audited).
 */
export const API_FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  // publish, regenerate and validate (and the worker) compare with the agency's report of the year before
  // a new version, a withdrawal, a finished job: an event on the bus ("events:put")
  publish: { grants: ["documents:write", "reports:publish", "reports:prior-year", "audit:append", "events:put"] },
  preview: { grants: ["audit:append"] },
  regenerate: { grants: ["documents:write", "reports:publish", "reports:prior-year", "audit:append", "events:put"] },
  validate: { grants: ["reports:prior-year", "documents:read-sources", "audit:append"] },
  metadata: { grants: ["documents:read", "reports:read", "reports:list", "audit:append"] },
  // public: reads a report's versions and signs a link to a PDF or an OFD edition (/d/{reportId}.ofd); no Scan, no write
  download: { grants: ["documents:read-pdf", "documents:read-ofd", "reports:read"] },
  jobs: { grants: ["jobs:start", "jobs:read", "regenerations:send", "audit:append"] },
  withdraw: { grants: ["reports:withdraw", "documents:delete", "documents:read-pdf", "audit:append", "events:put"] },
  tokens: { grants: ["tokens:manage", "audit:append"] },
  audit: { grants: ["audit:read", "audit:append"] },
  // Reading a PDF or a Word file takes memory and seconds, not Chromium, and touches no storage.
  // Its own entry keeps pdf.js and the parsers out of every other bundle; pdf.js's character maps
  // and standard fonts (for PDFs whose fonts are not embedded) ship beside it, in /var/task/pdfjs.
  import: {
    entry: "api-import.ts",
    memoryMb: 1024,
    timeoutSeconds: 28,
    grants: ["audit:append"],
    assets: ["pdfjs"],
    environment: { NIANBAO_PDFJS_DIR: "/var/task/pdfjs" },
  },
  // the console and the citizens' page: checks sessions' tokens, reads the report page's versions and
  // source, records refused sign-ins. Every console action is an invocation of the API function that
  // serves it, and the session key is a secret: both granted by the stack (infra/stack.ts), which
  // creates the functions and the secret.
  web: { entry: "web.ts", assets: ["web"], grants: ["tokens:verify", "reports:read", "documents:read-sources", "audit:append"] },
  webhooks: { grants: ["webhooks:manage", "webhook-secrets:seal", "audit:append"] },
  // reads every report's latest source in scope, writes the file under exports/: more memory and time than a light route
  exports: { grants: ["reports:list", "reports:read", "documents:read-sources", "exports:write", "audit:append"], memoryMb: 1024, timeoutSeconds: 28 },
};

/** The functions that serve no route: they are started by a queue, a schedule or API Gateway itself. */
export type BackgroundFunctionName = "authorizer" | "worker" | "deadLetters" | "orphanCleanup" | "webhookDeliveries";

export interface BackgroundFunctionSpec extends FunctionSpec {
  /** the entry file under functions/handlers/ */
  readonly entry: string;
  readonly description: string;
  readonly renders: boolean;
}

export const BACKGROUND_FUNCTIONS: Readonly<Record<BackgroundFunctionName, BackgroundFunctionSpec>> = {
  authorizer: {
    entry: "authorizer.ts",
    description: "API token authorizer: looks the token's hash up and notes its use",
    renders: false,
    timeoutSeconds: 5,
    grants: ["tokens:verify"],
  },
  worker: {
    entry: "worker.ts",
    description: "Bulk regeneration worker (SQS): plans jobs, regenerates reports",
    renders: true,
    timeoutSeconds: WORKER_TIMEOUT.toSeconds(),
    grants: ["regenerations:receive", "documents:write", "reports:publish", "reports:prior-year", "reports:list", "jobs:progress", "regenerations:send", "audit:append", "events:put"],
  },
  deadLetters: {
    entry: "dead-letters.ts",
    description: "Dead-letter consumer: records each dead-lettered report as failed on its job",
    renders: false,
    timeoutSeconds: REGENERATION.deadLetterTimeoutSeconds,
    grants: ["dead-letters:receive", "jobs:progress", "audit:append", "events:put"],
  },
  orphanCleanup: {
    entry: "orphan-cleanup.ts",
    description: "Daily orphan cleanup: deletes objects no version points at",
    renders: false,
    timeoutSeconds: 900,
    grants: ["documents:delete", "reports:versions"],
  },
  webhookDeliveries: {
    entry: "webhook-deliveries.ts",
    description: "Webhook deliveries (SQS): fans events out to subscriptions, signs and sends, retries; records dead letters failed",
    renders: false,
    timeoutSeconds: WEBHOOK_DELIVERY.timeoutSeconds,
    grants: ["deliveries:receive", "delivery-dead-letters:receive", "deliveries:send", "webhooks:deliver", "webhook-secrets:open"],
  },
};

/** Whether any route of the function renders (it then carries the Chromium layer). */
export function renders(fn: FunctionName): boolean {
  return ROUTES.some((route) => route.fn === fn && route.weight === "heavy");
}

/** "PUT /reports/{reportId}, POST /preview": the routes a function serves, for its description. */
export function routesOf(fn: FunctionName): string {
  return ROUTES.filter((route) => route.fn === fn)
    .map((route) => `${route.method} ${route.path}`)
    .join(", ");
}
