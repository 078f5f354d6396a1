/**
 * Unpacking the compressed browser (most of a cold start) begins as soon as a renderer is built, so
 * that it overlaps everything else a cold start does: loading modules, compiling the validator and
 * the templates, reading the fonts, validating the report. Launching waits for the same unpacking,
 * never for a half-written binary.
 *
 * From a pack (chromium-pack.ts: the Lambda layer, or the local one `npm ci` made) the browser's
 * parts inflate in parallel; without one, @sparticuz/chromium inflates its single Brotli stream.
 * Both put it where @sparticuz/chromium looks first (the temporary directory's `chromium`), with its
 * fonts, SwiftShader and, on Amazon Linux 2023, its shared libraries.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import chromium, { inflate } from "@sparticuz/chromium";
import { currentLocalPack, readPackManifest, unpackChromiumPack, type PackManifest } from "./chromium-pack.js";

const unpacking = new Map<string, Promise<string>>();

/** The browser's path, unpacking it once per process (per directory of compressed binaries). */
export function unpackChromium(binDir = process.env.NIANBAO_CHROMIUM_BIN_DIR): Promise<string> {
  const key = binDir ?? "";
  let promise = unpacking.get(key);
  if (!promise) {
    chromium.setGraphicsMode = false; // no WebGL: nothing to extract for SwiftShader
    promise = unpack(binDir);
    // a failed unpacking is tried again by the next launch
    promise.catch(() => unpacking.delete(key));
    unpacking.set(key, promise);
  }
  return promise;
}

async function unpack(binDir: string | undefined): Promise<string> {
  const pack = findPack(binDir);
  if (!pack) return chromium.executablePath(binDir);
  const target = join(tmpdir(), "chromium");
  // @sparticuz/chromium puts its Amazon Linux 2023 libraries on LD_LIBRARY_PATH when it runs there
  const al2023 = (process.env.LD_LIBRARY_PATH ?? "").split(":").includes(join(tmpdir(), "al2023", "lib"));
  const companions = pack.manifest.companions.filter((name) => name !== "al2023.tar.br" || al2023);
  await Promise.all([
    existsSync(target) ? undefined : unpackChromiumPack(pack.dir, pack.manifest, target),
    ...companions.map((name) => inflate(join(pack.dir, name))),
  ]);
  return target;
}

/** The pack to unpack from: the given directory's, else (locally) the one `npm ci` made, if current. */
function findPack(binDir: string | undefined): { dir: string; manifest: PackManifest } | undefined {
  if (binDir !== undefined) {
    const manifest = readPackManifest(binDir);
    return manifest ? { dir: binDir, manifest } : undefined;
  }
  try {
    return currentLocalPack();
  } catch {
    return undefined; // no local pack to be found (e.g. a bundle without @sparticuz/chromium beside it)
  }
}
