/**
 * Runs once before the test workers start: unpacks @sparticuz/chromium's browser, so that parallel
 * test files do not race to unpack it into the same place.
 */
import chromium from "@sparticuz/chromium";

export default async function setup(): Promise<void> {
  chromium.setGraphicsMode = false;
  await chromium.executablePath();
}
