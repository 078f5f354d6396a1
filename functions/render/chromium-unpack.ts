/**
 * Unpacking @sparticuz/chromium's compressed browser (about 1 s on a cold Lambda container, most of a
 * cold start) begins as soon as a renderer is built, so that it overlaps everything else a cold start
 * does: loading modules, compiling the validator and the templates, reading the fonts, validating the
 * report. Launching waits for the same unpacking, never for a half-written binary.
 */
import chromium from "@sparticuz/chromium";

const unpacking = new Map<string, Promise<string>>();

/** The browser's path, unpacking it once per process (per directory of compressed binaries). */
export function unpackChromium(binDir = process.env.NIANBAO_CHROMIUM_BIN_DIR): Promise<string> {
  const key = binDir ?? "";
  let promise = unpacking.get(key);
  if (!promise) {
    chromium.setGraphicsMode = false; // no WebGL: nothing to extract for SwiftShader
    promise = chromium.executablePath(binDir);
    // a failed unpacking is tried again by the next launch
    promise.catch(() => unpacking.delete(key));
    unpacking.set(key, promise);
  }
  return promise;
}
