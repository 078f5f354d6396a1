/**
 * The import function (POST /import): reads DOCX, PDF and web pages — pdf.js and the XML and HTML
 * parsers live in this bundle only. No Chromium, no storage.
 */
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { importDocument } from "../import/index.js";
import { apiEntry, appLog, deps, noRenderer, stores } from "./runtime.js";

const app = createApp({
  deps: deps(stores(), noRenderer),
  importDocument,
  bodyLimitBytes: bodyLimitFromEnv(),
  functions: ["import"],
  openapi,
  log: appLog,
});
export const handler = apiEntry(app);
