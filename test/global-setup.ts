/**
 * Runs once before the test workers start: unpacks the browser (from the pack `npm ci` made, see
 * functions/render/chromium-pack.ts), so that parallel test files do not race to unpack it.
 */
import { unpackChromium } from "../functions/render/chromium-unpack.js";

export default async function setup(): Promise<void> {
  await unpackChromium();
}
