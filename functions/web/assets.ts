/**
 * The console's and the report page's static files (templates/web/: one stylesheet each, one plain
 * script for the console): read once, served with a content hash in their URL so browsers may keep
 * them for a year. No bundler: the script is written for today's browsers as it is.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TEMPLATES_DIR } from "../render/paths.js";

export interface Asset {
  readonly name: string;
  readonly body: string;
  readonly type: string;
  /** /console/assets/<name>?v=<hash> */
  readonly url: string;
}

const TYPES: Readonly<Record<string, string>> = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" };

function load(name: string): Asset {
  const body = readFileSync(join(TEMPLATES_DIR, "web", name), "utf8");
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  return { name, body, type: TYPES[name.split(".").pop()!]!, url: `/console/assets/${name}?v=${hash}` };
}

export const ASSETS = {
  consoleCss: load("console.css"),
  consoleJs: load("console.js"),
  reportCss: load("report-page.css"),
} as const;

export function assetNamed(name: string): Asset | undefined {
  return Object.values(ASSETS).find((asset) => asset.name === name);
}
