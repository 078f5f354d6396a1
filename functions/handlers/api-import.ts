/**
 * The import function (POST /import): reads DOCX, PDF and web pages — pdf.js and the XML and HTML
 * parsers live in this bundle only. No Chromium, no storage.
 */
import type { Context } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { importDocument } from "../import/index.js";
import { appLog, deps, logger, noRenderer, stores } from "./runtime.js";

const app = createApp({
  deps: deps(stores(), noRenderer),
  importDocument,
  bodyLimitBytes: bodyLimitFromEnv(),
  functions: ["import"],
  openapi,
  log: appLog,
});
const lambda = handle(app);

export const handler = async (event: Parameters<typeof lambda>[0], context: Context) => {
  logger.addContext(context);
  return lambda(event, context);
};
