/**
 * One headless Chromium per warm process, its page reused across renders.
 *
 * Hardening: Chromium's unsafe serverless defaults are dropped (--disable-web-security and friends),
 * JavaScript is disabled in the page, and every request is intercepted: the service's own assets are
 * answered from memory, everything else is aborted. Fontconfig sees only Chromium's bundled Open Sans,
 * as on Lambda, so no system CJK font can stand in for the bundled faces.
 *
 * Resilience: every step is bounded by a timeout; after any error or timeout the browser is killed
 * and the next render starts a new one; after `maxRendersPerBrowser` renders it is recycled anyway
 * (warm Lambda containers otherwise grow in memory and /tmp).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import chromium from "@sparticuz/chromium";
import puppeteer, { type Browser, type CDPSession, type HTTPRequest, type Page, type PDFOptions } from "puppeteer-core";
import { RenderTimeoutError } from "./errors.js";

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

export interface ChromiumOptions {
  /** a Chromium other than @sparticuz/chromium's (NIANBAO_CHROMIUM_PATH) */
  readonly executablePath?: string;
  /** where @sparticuz/chromium's compressed binaries are (NIANBAO_CHROMIUM_BIN_DIR; the Lambda layer puts them in /opt) */
  readonly chromiumBinDir?: string;
  /** renders before the browser is replaced (NIANBAO_MAX_RENDERS_PER_BROWSER, default 100) */
  readonly maxRendersPerBrowser?: number;
  /** bound on launching the browser, in ms */
  readonly launchTimeoutMs?: number;
  /** bound on loading the page and on printing it, each, in ms */
  readonly stepTimeoutMs?: number;
  /** answers a request for one of the service's own assets, or undefined */
  readonly asset: (url: string) => Asset | undefined;
}

export { RenderTimeoutError };

function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RenderTimeoutError(`${step} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Session {
  readonly browser: Browser;
  readonly page: Page;
  renders: number;
  dead: boolean;
  cdp?: CDPSession;
}

/** A step between loading a page and printing it, given the page's DevTools session. */
export type PagePreparation = (cdp: CDPSession) => Promise<void>;

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

export class ChromiumEngine {
  private session: Promise<Session> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private launches = 0;
  private readonly maxRenders: number;
  private readonly launchTimeout: number;
  private readonly stepTimeout: number;

  constructor(private readonly options: ChromiumOptions) {
    this.maxRenders = options.maxRendersPerBrowser ?? Number(process.env.NIANBAO_MAX_RENDERS_PER_BROWSER ?? 100);
    // Budgeted so that a cold start plus a render fits a 28 s API function with room to answer.
    this.launchTimeout = options.launchTimeoutMs ?? 10_000;
    this.stepTimeout = options.stepTimeoutMs ?? 8_000;
  }

  /** How many browsers this engine has started. */
  get browserLaunches(): number {
    return this.launches;
  }

  /** The process id of the current browser, if one is running. */
  async browserPid(): Promise<number | undefined> {
    const session = await this.session?.catch(() => undefined);
    return session && !session.dead ? session.browser.process()?.pid : undefined;
  }

  private async launch(): Promise<Session> {
    const custom = this.options.executablePath ?? process.env.NIANBAO_CHROMIUM_PATH;
    chromium.setGraphicsMode = false; // no WebGL: nothing to extract for SwiftShader
    const executablePath = custom ?? (await chromium.executablePath(this.options.chromiumBinDir ?? process.env.NIANBAO_CHROMIUM_BIN_DIR));
    const env = { ...process.env };
    if (!custom) env.FONTCONFIG_PATH = restrictedFontconfig();
    const browser = await puppeteer.launch({
      executablePath,
      headless: "shell",
      args: [...chromium.args.filter((a) => !UNSAFE_ARGS.has(a)), ...QUIET_ARGS],
      env,
      // our own step timeouts bound the work; this only catches a protocol call that never returns
      protocolTimeout: Math.max(this.stepTimeout, this.launchTimeout) + 10_000,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    this.launches++;
    try {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on("request", (request) => this.answer(request));
      const session: Session = { browser, page, renders: 0, dead: false };
      browser.on("disconnected", () => {
        session.dead = true;
      });
      return session;
    } catch (error) {
      await this.kill(browser);
      throw error;
    }
  }

  private answer(request: HTTPRequest): void {
    if (request.isInterceptResolutionHandled()) return;
    const asset = this.options.asset(request.url());
    const done = asset
      ? request.respond({
          status: 200,
          contentType: asset.contentType,
          // fonts are CORS requests even from the same made-up origin
          headers: { "Access-Control-Allow-Origin": "*" },
          body: asset.body,
        })
      : request.abort("blockedbyclient");
    done.catch(() => undefined); // the page may be gone already
  }

  private async kill(browser: Browser): Promise<void> {
    const child = browser.process();
    try {
      await withTimeout(browser.close(), 3_000, "closing the browser");
    } catch {
      // a hung or crashed browser: make sure it is gone
    }
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }

  private async current(): Promise<Session> {
    let session = await this.session?.catch(() => undefined);
    if (session && (session.dead || session.renders >= this.maxRenders)) {
      this.session = undefined;
      await this.kill(session.browser);
      session = undefined;
    }
    if (!session) {
      this.session = withTimeout(this.launch(), this.launchTimeout, "launching Chromium");
      session = await this.session;
    }
    return session;
  }

  /**
   * Loads `html` into the page and prints it. Renders are serialised on the one page. `prepare`, if
   * given, runs between loading and printing with the page's DevTools session (the layout pass:
   * it reads the laid-out boxes and may adjust the document; the page's own JavaScript stays off).
   */
  print(html: string, pdf: PDFOptions, prepare?: PagePreparation): Promise<Uint8Array> {
    const run = this.queue.then(() => this.printNow(html, pdf, prepare));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async printNow(html: string, pdf: PDFOptions, prepare?: PagePreparation): Promise<Uint8Array> {
    let session: Session | undefined;
    try {
      session = await this.current();
      session.renders++;
      // puppeteer's own timeouts are off (0): one clock, ours, bounds each step
      await withTimeout(session.page.setContent(html, { waitUntil: "load", timeout: 0 }), this.stepTimeout, "loading the page");
      if (prepare) await withTimeout(this.prepared(session, prepare), this.stepTimeout, "laying out the pages");
      return await withTimeout(session.page.pdf({ ...pdf, timeout: 0 }), this.stepTimeout, "printing the PDF");
    } catch (error) {
      // Whatever went wrong, do not trust this browser again.
      if (session) {
        session.dead = true;
        this.session = undefined;
        await this.kill(session.browser);
      }
      throw error;
    }
  }

  /** One DevTools session per page, kept for the layout pass. */
  private async prepared(session: Session, prepare: PagePreparation): Promise<void> {
    session.cdp ??= await session.page.createCDPSession();
    await prepare(session.cdp);
  }

  async close(): Promise<void> {
    const session = await this.session?.catch(() => undefined);
    this.session = undefined;
    if (session) await this.kill(session.browser);
  }
}
