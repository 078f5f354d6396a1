/**
 * Launching the hardened headless Chromium and preparing its pages.
 *
 * Hardening: Chromium's unsafe serverless defaults are dropped (--disable-web-security and friends),
 * JavaScript is disabled in the page, and every request is intercepted: the service's own assets are
 * answered from memory, everything else is aborted. Fontconfig sees only Chromium's bundled Open Sans,
 * as on Lambda, so no system CJK font can stand in for the bundled faces.
 *
 * Lifetime: the DevTools protocol runs over a pipe, not a port, so Chromium exits when the process
 * that launched it is gone — even after a SIGKILL, which leaves no chance to close it.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type HTTPRequest, type Page } from "puppeteer-core";
import { BrowserLaunchError } from "./errors.js";
import { unpackChromium } from "./chromium-unpack.js";

/** Flags of @sparticuz/chromium that would let page content reach other origins or the file system. */
export const UNSAFE_ARGS = new Set(["--disable-web-security", "--allow-running-insecure-content", "--disable-site-isolation-trials"]);

/** Flags that keep Chromium from calling home (this network refuses it, and production must not). */
const QUIET_ARGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--no-first-run",
  "--mute-audio",
  // no crash reporter writing dumps into a Lambda's small /tmp
  "--disable-breakpad",
  "--disable-crash-reporter",
];

export interface Asset {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface LaunchOptions {
  /** a Chromium other than @sparticuz/chromium's (NIANBAO_CHROMIUM_PATH) */
  readonly executablePath?: string;
  /** where @sparticuz/chromium's compressed binaries are (NIANBAO_CHROMIUM_BIN_DIR; the Lambda layer puts them in /opt) */
  readonly chromiumBinDir?: string;
  /** bound on protocol calls that never return */
  readonly protocolTimeoutMs: number;
  /**
   * pages will render at the same time: then each needs a renderer process of its own, and the
   * serverless default of running the whole browser in one process (--single-process) is dropped.
   * (Pages of a single-process browser render one after another, slower than one page alone.) The
   * print is the same either way: the one difference seen (a line broken where the pagination pass
   * measured it) was a fresh page measured before its web fonts had arrived (chromium.ts waits).
   */
  readonly parallelPages: boolean;
}

/** A fontconfig that knows only the Open Sans shipped with @sparticuz/chromium (as on Lambda). */
export function restrictedFontconfig(): string {
  const dir = join(tmpdir(), "nianbao-fontconfig");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "fonts.conf"),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(tmpdir(), "fonts")}</dir>\n  <cachedir>${join(dir, "cache")}</cachedir>\n</fontconfig>\n`,
  );
  return dir;
}

export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
  const custom = options.executablePath ?? process.env.NIANBAO_CHROMIUM_PATH;
  if (custom !== undefined && !existsSync(custom)) throw new BrowserLaunchError(`no browser at ${custom} (NIANBAO_CHROMIUM_PATH)`);
  chromium.setGraphicsMode = false; // no WebGL: nothing to extract for SwiftShader
  const env = { ...process.env };
  if (!custom) env.FONTCONFIG_PATH = restrictedFontconfig();
  try {
    const executablePath = custom ?? (await unpackChromium(options.chromiumBinDir));
    const browser = await puppeteer.launch({
      executablePath,
      headless: "shell",
      args: [...chromium.args.filter((a) => !UNSAFE_ARGS.has(a) && !(options.parallelPages && a === "--single-process")), ...QUIET_ARGS],
      env,
      pipe: true,
      protocolTimeout: options.protocolTimeoutMs,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // A browser killed mid-read (a timeout, a crash, the process group's SIGKILL) can reset its
    // stdio pipes, which nobody else listens to: an unhandled ECONNRESET would end this process.
    // Its going is handled where it matters, by the "disconnected" event (chromium.ts).
    for (const stream of browser.process()?.stdio ?? []) stream?.on("error", () => undefined);
    return browser;
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new BrowserLaunchError(`the browser did not start: ${first}`, { cause: error });
  }
}

export interface PageOptions {
  /**
   * The page paints frames for a screen, as a page of puppeteer's newPage does (bench:render's
   * floor). By default it paints none: see printingPage.
   */
  readonly screen?: boolean;
}

/** A page that runs no script and may load only the service's own assets. */
export async function hardenedPage(browser: Browser, asset: (url: string) => Asset | undefined, options: PageOptions = {}): Promise<Page> {
  const page = options.screen ? await browser.newPage() : await printingPage(browser);
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on("request", (request) => answer(request, asset));
  return page;
}

/**
 * A page that never paints for a screen. A page of newPage is visible, so after every change to its
 * document Chromium also paints, composites and rasterises a frame of it that nobody sees: about a
 * sixth of the CPU of a render (10 ms of 60 ms for the 2021 example, measured per process from
 * /proc). A target whose frames DevTools controls (the headless shell's BeginFrameControl) gets
 * none unless asked, and printing, layout and font loading do not need one. A Chromium that cannot
 * (NIANBAO_CHROMIUM_PATH set to another browser) gets an ordinary page.
 */
async function printingPage(browser: Browser): Promise<Page> {
  // the target is found again by its address: puppeteer does not expose target ids
  const url = `about:blank#${randomUUID()}`;
  const cdp = await browser.target().createCDPSession();
  try {
    await cdp.send("Target.createTarget", { url, enableBeginFrameControl: true });
  } catch {
    return browser.newPage();
  } finally {
    await cdp.detach().catch(() => undefined);
  }
  const page = await (await browser.waitForTarget((target) => target.url() === url, { timeout: 0 })).page();
  if (!page) throw new Error("the new page's target has no page");
  return page;
}

function answer(request: HTTPRequest, asset: (url: string) => Asset | undefined): void {
  if (request.isInterceptResolutionHandled()) return;
  const found = asset(request.url());
  const done = found
    ? request.respond({
        status: 200,
        contentType: found.contentType,
        // fonts are CORS requests even from the same made-up origin
        headers: { "Access-Control-Allow-Origin": "*" },
        body: found.body,
      })
    : request.abort("blockedbyclient");
  done.catch(() => undefined); // the page may be gone already
}

/** Closes the browser, and kills it (and its helpers, in its process group) if it does not go. */
export async function killBrowser(browser: Browser, closeTimeoutMs = 3_000): Promise<void> {
  const child = browser.process();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([browser.close(), new Promise((_, reject) => (timer = setTimeout(reject, closeTimeoutMs)))]);
  } catch {
    // a hung or crashed browser: make sure it is gone
  } finally {
    clearTimeout(timer);
  }
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL"); // launched detached: it leads its own process group
    } catch {
      child.kill("SIGKILL");
    }
  }
}
