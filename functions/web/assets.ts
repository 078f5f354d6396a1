/**
 * The console's and the report page's static files (templates/web/: one stylesheet each, one plain
 * script for the console), served under /console/assets/. No bundler: the script is written for
 * today's browsers as it is. Pages name them by fixed URLs, so drawing a page never reads a file
 * (the download function draws the 404 page without carrying them); only the web function, which
 * serves them, finds the directory, beside its bundle or in the repository.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ASSET_URLS = {
  consoleCss: "/console/assets/console.css",
  consoleJs: "/console/assets/console.js",
  reportCss: "/console/assets/report-page.css",
} as const;

export interface Asset {
  readonly body: string;
  readonly type: string;
  readonly etag: string;
}

const TYPES: Readonly<Record<string, string>> = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8" };
const NAMES = new Set(Object.values(ASSET_URLS).map((url) => url.split("/").pop()!));

function assetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates", "web");
    if (existsSync(join(candidate, "console.js"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("templates/web/ not found above the web module");
    dir = parent;
  }
}

const loaded = new Map<string, Asset>();

/** A static file by name, read once; undefined for any other name. */
export function assetNamed(name: string): Asset | undefined {
  if (!NAMES.has(name)) return undefined;
  let asset = loaded.get(name);
  if (!asset) {
    const body = readFileSync(join(assetsDir(), name), "utf8");
    asset = { body, type: TYPES[name.split(".").pop()!]!, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"` };
    loaded.set(name, asset);
  }
  return asset;
}
