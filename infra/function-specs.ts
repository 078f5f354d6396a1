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
import { REGENERATION, WORKER_TIMEOUT } from "./constructs/regeneration.js";

export interface FunctionSpec {
  readonly grants: readonly Grant[];
  /** MB; default: the heavyMemoryMb setting for functions that render, 256 for the others */
  readonly memoryMb?: number;
  /** default: 28 s for API functions that render, 10 s for the others */
  readonly timeoutSeconds?: number;
}

/**
 * Every function that serves an authenticated route appends audit entries (at least its refusals:
 * 401 and 403 are audited).
 */
export const API_FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  // publish, regenerate and validate (and the worker) compare with the agency's report of the year before
  publish: { grants: ["documents:write", "reports:publish", "reports:prior-year", "audit:append"] },
  preview: { grants: ["audit:append"] },
  regenerate: { grants: ["documents:write", "reports:publish", "reports:prior-year", "audit:append"] },
  validate: { grants: ["reports:prior-year", "documents:read-sources", "audit:append"] },
  metadata: { grants: ["documents:read", "reports:read", "reports:list", "audit:append"] },
  // public: reads a report's versions and signs a link to a PDF or an OFD edition (/d/{reportId}.ofd); no Scan, no write
  download: { grants: ["documents:read-pdf", "documents:read-ofd", "reports:read"] },
  jobs: { grants: ["jobs:start", "jobs:read", "regenerations:send", "audit:append"] },
  withdraw: { grants: ["reports:withdraw", "documents:delete", "documents:read-pdf", "audit:append"] },
  tokens: { grants: ["tokens:manage", "audit:append"] },
  audit: { grants: ["audit:read", "audit:append"] },
};

/** The functions that serve no route: they are started by a queue, a schedule or API Gateway itself. */
export type BackgroundFunctionName = "authorizer" | "worker" | "deadLetters" | "orphanCleanup";

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
    grants: ["regenerations:receive", "documents:write", "reports:publish", "reports:prior-year", "reports:list", "jobs:progress", "regenerations:send", "audit:append"],
  },
  deadLetters: {
    entry: "dead-letters.ts",
    description: "Dead-letter consumer: records each dead-lettered report as failed on its job",
    renders: false,
    timeoutSeconds: REGENERATION.deadLetterTimeoutSeconds,
    grants: ["dead-letters:receive", "jobs:progress", "audit:append"],
  },
  orphanCleanup: {
    entry: "orphan-cleanup.ts",
    description: "Daily orphan cleanup: deletes objects no version points at",
    renders: false,
    timeoutSeconds: 900,
    grants: ["documents:delete", "reports:versions"],
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
