/**
 * A real browser for the web pages' tests: the project's own Chromium (@sparticuz/chromium, as the
 * renderer uses it), driven by puppeteer-core, with JavaScript on like a person's browser. Its
 * process id is recorded so the test closes exactly the browser it started.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { unpackChromium } from "../../functions/render/chromium-unpack.js";

export const ARTIFACTS_DIR = join(import.meta.dirname, "..", "..", "test-artifacts", "web");

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.NIANBAO_CHROMIUM_PATH ?? (await unpackChromium());
  return puppeteer.launch({
    executablePath,
    headless: "shell",
    args: chromium.args.filter((arg) => !arg.startsWith("--single-process")),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** Closes the browser this test started, by its own process id if it does not close cleanly. */
export async function closeBrowser(browser: Browser): Promise<void> {
  const pid = browser.process()?.pid;
  await browser.close().catch(() => undefined);
  if (pid) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export const DESKTOP = { width: 1280, height: 900 };
// width only: changing isMobile or hasTouch would make puppeteer reload the page (and lose what was typed)
export const PHONE = { width: 360, height: 740 };

/** A full-page screenshot at desktop and 360 px widths into test-artifacts/web/ (gitignored). */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const viewport = page.viewport();
  await page.setViewport(DESKTOP);
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}-desktop.png`) as `${string}.png`, fullPage: true });
  await page.setViewport(PHONE);
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}-360.png`) as `${string}.png`, fullPage: true });
  if (viewport) await page.setViewport(viewport);
}
