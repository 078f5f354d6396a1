/** The API functions that render (publish, preview, regenerate): they carry the Chromium layer. */
// first: the browser unpacks while the rest of this function's modules load
import "../render/unpack-early.js";
import { apiHandler, appLog, deps, servedFunctions, stores } from "./runtime.js";
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import openapi from "../../openapi.json" with { type: "json" };
import { ofdEditionFromEnv } from "../ofd/edition.js";
import { renderer } from "./rendering.js";

const app = createApp({ deps: deps(stores(), renderer, ofdEditionFromEnv()), bodyLimitBytes: bodyLimitFromEnv(), functions: servedFunctions(), openapi, log: appLog });

export const handler = apiHandler(app);
