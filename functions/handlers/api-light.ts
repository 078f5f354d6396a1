/**
 * The API functions that do not render (validate, metadata, download, jobs, …): no Chromium.
 * NIANBAO_FUNCTION names which routes this function serves.
 */
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { apiHandler, appLog, deps, noRenderer, queue, servedFunctions, stores } from "./runtime.js";

const regenerationQueue = queue();
const app = createApp({
  deps: deps(stores(), noRenderer),
  ...(regenerationQueue ? { queue: regenerationQueue } : {}),
  bodyLimitBytes: bodyLimitFromEnv(),
  functions: servedFunctions(),
  openapi,
  log: appLog,
});

export const handler = apiHandler(app);
