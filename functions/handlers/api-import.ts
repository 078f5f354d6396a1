/**
 * The import function (POST /import): reads DOCX, PDF and web pages — pdf.js and the XML and HTML
 * parsers live in this bundle only, pdf.js's character maps and standard fonts beside it
 * (NIANBAO_PDFJS_DIR). No Chromium, no storage. Documents are taken up to what API Gateway can hand
 * a Lambda function (LAMBDA_DOCUMENT_BYTES), not the 5 MiB of the local service.
 */
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import { importDocument } from "../import/index.js";
import { LAMBDA_DOCUMENT_BYTES } from "../import/limits.js";
import { apiHandler, appLog, deps, noRenderer, stores } from "./runtime.js";

const app = createApp({
  deps: deps(stores(), noRenderer),
  importDocument,
  importLimitBytes: LAMBDA_DOCUMENT_BYTES,
  bodyLimitBytes: bodyLimitFromEnv(),
  functions: ["import"],
  openapi,
  log: appLog,
});

export const handler = apiHandler(app);
