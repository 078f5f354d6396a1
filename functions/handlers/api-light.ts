/**
 * The light API functions (validate, metadata, download, jobs): no Chromium. NIANBAO_FUNCTION names
 * which routes this function serves.
 */
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { FUNCTION_NAMES, type FunctionName } from "../http/routes.js";
import { apiEntry, appLog, deps, noRenderer, queue, stores } from "./runtime.js";

const functions = (process.env.NIANBAO_FUNCTION ?? "").split(",").filter((f): f is FunctionName => FUNCTION_NAMES.includes(f as FunctionName));
const regenerationQueue = queue();
const app = createApp({
  deps: deps(stores(), noRenderer),
  ...(regenerationQueue ? { queue: regenerationQueue } : {}),
  bodyLimitBytes: bodyLimitFromEnv(),
  functions,
  openapi,
  log: appLog,
});
export const handler = apiEntry(app);
