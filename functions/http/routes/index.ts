/**
 * Every route module, one per resource. To add a resource: add its rows to ../routes.ts (method,
 * path, operationId, access, statuses, fn), write routes/<resource>.ts exporting its handlers by
 * operationId, list the module here, describe the operations in ../openapi.ts and run
 * `npm run openapi:generate`. The app refuses to start when a row has no handler or a handler no row.
 */
import type { RouteHandlers } from "../context.js";
import { auditRoutes } from "./audit.js";
import { downloadRoutes } from "./downloads.js";
import { metaRoutes } from "./meta.js";
import { regenerationRoutes } from "./regenerations.js";
import { reportRoutes } from "./reports.js";
import { tokenRoutes } from "./tokens.js";
import { versionRoutes } from "./versions.js";

export const ROUTE_MODULES: readonly RouteHandlers[] = [reportRoutes, versionRoutes, regenerationRoutes, downloadRoutes, tokenRoutes, auditRoutes, metaRoutes];
