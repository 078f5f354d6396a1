/**
 * The rendering engine: one headless Chromium per process with a small pool of reused pages.
 *
 * Concurrency: up to `pages` renders run at once, each on a page of its own (one per core by
 * default, see defaultRenderPages); a bounded number wait in line and the rest are refused with
 * RendererBusyError (render-slots.ts). Pages are opened on demand, so a process that renders one
 * report at a time (a Lambda function) only ever opens one.
 *
 * Resilience: every step is bounded by a timeout. After an error or a timeout the browser is
 * retired: no render is given to it again, renders already on it finish, then it is killed, and the
 * next render launches a new one. A browser that exits mid-render (a crash) fails that render with
 * RendererCrashedError, which callers answer as "retry shortly". After `maxRendersPerBrowser`
 * renders a browser is recycled the same way (warm Lambda containers otherwise grow in memory and
 * /tmp).
 */
import { availableParallelism } from "node:os";
import { ConnectionClosedError, type Browser, type CDPSession, type Page } from "puppeteer-core";
import { hardenedPage, killBrowser, launchBrowser, type Asset } from "./browser.js";
import { RendererCrashedError, RenderTimeoutError } from "./errors.js";
import { RenderSlots } from "./render-slots.js";

export { restrictedFontconfig, UNSAFE_ARGS, type Asset } from "./browser.js";
export { RenderTimeoutError };

export interface ChromiumOptions {
  /** a Chromium other than @sparticuz/chromium's (NIANBAO_CHROMIUM_PATH) */
  readonly executablePath?: string;
  /** where @sparticuz/chromium's compressed binaries are (NIANBAO_CHROMIUM_BIN_DIR) */
  readonly chromiumBinDir?: string;
  /** renders before the browser is replaced (NIANBAO_MAX_RENDERS_PER_BROWSER, default 500) */
  readonly maxRendersPerBrowser?: number;
  /** bound on launching the browser, in ms */
  readonly launchTimeoutMs?: number;
  /** bound on loading the page and on printing it, each, in ms */
  readonly stepTimeoutMs?: number;
  /** renders at once, one page each (NIANBAO_RENDER_PAGES; default one per core, see defaultRenderPages) */
  readonly pages?: number;
  /**
   * renders that may wait for a page before more are refused with RendererBusyError
   * (NIANBAO_RENDER_QUEUE; without either, no bound: a service sets one, a script need not)
   */
  readonly maxQueuedRenders?: number;
  /** answers a request for one of the service's own assets, or undefined */
  readonly asset: (url: string) => Asset | undefined;
  /** told of each browser process started and ended (the local service records them, to reap strays) */
  readonly onBrowser?: (event: { readonly pid: number; readonly state: "launched" | "exited" }) => void;
}

function withTimeout<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RenderTimeoutError(`${step} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not ${value}`);
  return n;
}

/** The most pages a pool opens by default: each is a renderer process of its own (about 100 MB). */
const MAX_DEFAULT_PAGES = 4;

/**
 * Pages of the pool unless told: NIANBAO_RENDER_PAGES, else one per core (at most four). With two
 * renders in flight, node's share of one (tagging, OFD, the stores) overlaps Chromium's print of the
 * other. A process that renders one report at a time (a Lambda function, the CLI) asks for one.
 */
export function defaultRenderPages(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  return positiveInteger(env.NIANBAO_RENDER_PAGES, "NIANBAO_RENDER_PAGES") ?? Math.max(1, Math.min(cores, MAX_DEFAULT_PAGES));
}

/** The page or its browser went away under the render (a renderer process crashed, or the browser). */
function pageGone(error: unknown): boolean {
  return error instanceof ConnectionClosedError || /Target (closed|crashed)|Session closed/i.test(error instanceof Error ? error.message : "");
}

/** One browser and the pages opened in it. */
interface Session {
  readonly browser: Browser;
  readonly pid: number | undefined;
  readonly idlePages: Page[];
  /** renders started on it (for recycling) */
  renders: number;
  /** renders running on it now */
  active: number;
  /** no new render goes to it; it is killed when its last render ends */
  retired: boolean;
  /** the browser process has gone (crash, kill) */
  dead: boolean;
}

/** How Chromium prints: the page size and margins come from the document's CSS @page rules. */
export interface PdfOptions {
  readonly preferCSSPageSize: boolean;
  readonly printBackground: boolean;
  /** a tagged PDF (structure tree, marked content) */
  readonly tagged: boolean;
  /** Chromium's own outline (bookmarks) */
  readonly outline: boolean;
}

export interface PrintOptions {
  /**
   * The document's head is shared by many documents (a renderer's template, stylesheets and faces):
   * a page already holding a document with this head (its title aside) takes only the new title and
   * body, and keeps its parsed stylesheets and matched faces. That is about 4 ms of a 55 ms render;
   * the PDF is the same as from a newly loaded document (test/integration/render-reuse.test.ts).
   */
  readonly reuseHead?: boolean;
}

/**
 * A document in the parts a reuse swaps: its head less the title, the title's content and the
 * body's (both as markup). Undefined for a document not of that simple shape (it is then loaded whole).
 */
export function documentParts(html: string): { head: string; title: string; body: string } | undefined {
  const bodyStart = html.indexOf("<body>");
  const bodyEnd = html.lastIndexOf("</body>");
  const title = /<title>([^<]*)<\/title>/.exec(html.slice(0, bodyStart));
  if (bodyStart < 0 || bodyEnd < bodyStart || !title) return undefined;
  return {
    head: html.slice(0, title.index) + html.slice(title.index + title[0].length, bodyStart),
    title: title[1]!,
    body: html.slice(bodyStart + "<body>".length, bodyEnd),
  };
}

/**
 * A step between loading a page and printing it (the layout pass). `measure`, a fixed expression of
 * the service's own, is evaluated in the page as the last part of loading it, so reading the layout
 * costs no DevTools round trip of its own (each costs about 1.5 ms here); `adjust` gets its value and
 * the page's DevTools session.
 */
export interface PagePreparation {
  readonly measure?: string;
  readonly adjust: (cdp: CDPSession, measured: unknown) => Promise<void>;
}
export class ChromiumEngine {
  private session: Promise<Session> | undefined;
  private readonly sessions = new Set<Session>();
  private launches = 0;
  private wholeLoads = 0;
  private readonly maxRenders: number;
  private readonly launchTimeout: number;
  private readonly stepTimeout: number;
  private readonly slots: RenderSlots;
  private readonly devtools = new WeakMap<Page, CDPSession>();
  /** the head (less its title) of the document each page holds, when it may be reused (PrintOptions) */
  private readonly heads = new WeakMap<Page, string>();

  constructor(private readonly options: ChromiumOptions) {
    // A new browser costs about a second of CPU (its start, the faces decoded again): every 100
    // renders that was a tenth of a bulk job's CPU. Its memory stays flat over 500 renders
    // (bench:render checks a whole life).
    this.maxRenders = options.maxRendersPerBrowser ?? Number(process.env.NIANBAO_MAX_RENDERS_PER_BROWSER ?? 500);
    // Budgeted so that a cold start plus a render fits a 28 s API function with room to answer.
    this.launchTimeout = options.launchTimeoutMs ?? 10_000;
    this.stepTimeout = options.stepTimeoutMs ?? 8_000;
    const pages = options.pages ?? defaultRenderPages();
    const waiting = options.maxQueuedRenders ?? positiveInteger(process.env.NIANBAO_RENDER_QUEUE, "NIANBAO_RENDER_QUEUE") ?? Number.POSITIVE_INFINITY;
    this.slots = new RenderSlots({ running: pages, waiting, retryAfterSeconds: 1 });
  }

  /** How many browsers this engine has started. */
  get browserLaunches(): number {
    return this.launches;
  }

  /** How many documents this engine has loaded whole (not reusing a page's document, PrintOptions). */
  get documentLoads(): number {
    return this.wholeLoads;
  }

  /** Renders a browser takes before it is recycled. */
  get maxRendersPerBrowser(): number {
    return this.maxRenders;
  }

  /** Renders that may run at once. */
  get pages(): number {
    return this.slots.options.running;
  }

  /** The process id of the current browser, if one is running. */
  async browserPid(): Promise<number | undefined> {
    const session = await this.session?.catch(() => undefined);
    return session && !session.dead && !session.retired ? session.pid : undefined;
  }

  /** Starts the browser now rather than at the first render (fails with BrowserLaunchError). */
  async warm(): Promise<void> {
    await this.current();
  }

  /**
   * Loads `html` into a page of the pool and prints it. `prepare`, if given, runs between loading and
   * printing with that page's DevTools session (the layout pass: it reads the laid-out boxes and may
   * adjust the document; the page's own JavaScript stays off).
   */
  print(html: string, pdf: PdfOptions, prepare?: PagePreparation, options: PrintOptions = {}): Promise<Uint8Array> {
    return this.slots.run(() => this.printNow(html, pdf, prepare, options));
  }

  private async launch(): Promise<Session> {
    const browser = await launchBrowser({
      ...(this.options.executablePath ? { executablePath: this.options.executablePath } : {}),
      ...(this.options.chromiumBinDir ? { chromiumBinDir: this.options.chromiumBinDir } : {}),
      // our own step timeouts bound the work; this only catches a protocol call that never returns
      protocolTimeoutMs: Math.max(this.stepTimeout, this.launchTimeout) + 10_000,
      parallelPages: this.pages > 1,
    });
    this.launches++;
    const pid = browser.process()?.pid;
    const session: Session = { browser, pid, idlePages: [], renders: 0, active: 0, retired: false, dead: false };
    this.sessions.add(session);
    if (pid !== undefined) this.options.onBrowser?.({ pid, state: "launched" });
    browser.once("disconnected", () => {
      session.dead = true;
      this.sessions.delete(session);
      if (pid !== undefined) this.options.onBrowser?.({ pid, state: "exited" });
    });
    return session;
  }

  /** The session new renders go to: the current one, or a new browser. */
  private async current(): Promise<Session> {
    for (;;) {
      const pending = this.session;
      if (!pending) return this.startLaunch();
      // Callers waiting on a launch that fails all get its error; only later ones try again.
      const existing = await pending;
      if (!existing.dead && !existing.retired && existing.renders < this.maxRenders) return existing;
      if (this.session !== pending) continue; // another caller has moved on already
      this.retire(existing);
      return this.startLaunch();
    }
  }

  private startLaunch(): Promise<Session> {
    const launch = this.launch();
    const launching = withTimeout(launch, this.launchTimeout, "launching Chromium");
    this.session = launching;
    launching.catch(() => {
      if (this.session === launching) this.session = undefined;
      // a launch that overran its time may still finish: do not leave that browser behind
      launch.then((late) => this.kill(late), () => undefined);
    });
    return launching;
  }

  /** No new render goes to this browser; it is killed once the renders on it have ended. */
  private retire(session: Session): void {
    session.retired = true;
    if (session.active === 0) void this.kill(session);
  }

  private async kill(session: Session): Promise<void> {
    this.sessions.delete(session);
    session.dead = true;
    await killBrowser(session.browser);
  }

  private async printNow(html: string, pdf: PdfOptions, prepare: PagePreparation | undefined, options: PrintOptions): Promise<Uint8Array> {
    const session = await this.current();
    session.renders++;
    session.active++;
    let page: Page | undefined;
    try {
      page = session.idlePages.pop() ?? (await withTimeout(hardenedPage(session.browser, this.options.asset), this.stepTimeout, "opening a page"));
      // puppeteer's own timeouts are off (0): one clock, ours, bounds each step
      const measured = await withTimeout(this.load(page, html, options.reuseHead === true, prepare?.measure), this.stepTimeout, "loading the page");
      // the layout pass runs on the very page that prints: it measures and adjusts this document
      if (prepare) await withTimeout(prepare.adjust(await this.devtoolsOf(page), measured), this.stepTimeout, "laying out the pages");
      const bytes = await withTimeout(this.printPdf(page, pdf), this.stepTimeout, "printing the PDF");
      session.idlePages.push(page);
      return bytes;
    } catch (error) {
      // Whatever went wrong, do not trust this browser again.
      session.retired = true;
      if (session.dead || !session.browser.connected || pageGone(error)) {
        throw new RendererCrashedError("the browser exited during the render", { cause: error });
      }
      throw error;
    } finally {
      session.active--;
      if (session.retired && session.active === 0 && !session.dead) void this.kill(session);
    }
  }

  /**
   * Loads the document and its web fonts. The load event does not wait for fonts: a face is fetched
   * only once layout needs it, and until it arrives the text is laid out in a fallback face — a
   * narrower one, so a layout pass measuring then sees other line breaks than the print (the first
   * render on each new page of the pool). Forcing a layout starts every face's fetch; fonts.ready
   * resolves when they have all arrived. Then `measure` is evaluated, and its value returned.
   */
  private async load(page: Page, html: string, reuseHead: boolean, measure?: string): Promise<unknown> {
    const parts = documentParts(html);
    const cdp = await this.devtoolsOf(page);
    // the title and body replaced in the document the page holds, when its head is this one
    const swap = reuseHead && parts && this.heads.get(page) === parts.head ? `document.head.querySelector("title").innerHTML = ${JSON.stringify(parts.title)}; document.body.innerHTML = ${JSON.stringify(parts.body)}; ` : undefined;
    this.heads.delete(page); // until this load has succeeded
    if (!swap) {
      this.wholeLoads++;
      await page.setContent(html, { waitUntil: "load", timeout: 0 });
    }
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", {
      expression: `${swap ?? ""}(document.body.getBoundingClientRect(), document.fonts.ready).then(() => document.fonts.status !== "loaded" ? { fonts: document.fonts.status } : { fonts: "loaded", measured: ${measure ?? "undefined"} })`,
      awaitPromise: true,
      returnByValue: true,
    });
    const value = result.value as { fonts: string; measured?: unknown } | undefined;
    if (exceptionDetails || value?.fonts !== "loaded") throw new Error(`the page did not load (${exceptionDetails?.exception?.description ?? exceptionDetails?.text ?? `fonts ${String(value?.fonts)}`})`);
    if (parts) this.heads.set(page, parts.head);
    return value.measured;
  }

  /**
   * The PDF in one DevTools call. (puppeteer's page.pdf first waits for the fonts again, in an
   * isolated world — load() has — and then reads the PDF as a stream: three more round trips.)
   */
  private async printPdf(page: Page, pdf: PdfOptions): Promise<Uint8Array> {
    const { data } = await (await this.devtoolsOf(page)).send("Page.printToPDF", {
      preferCSSPageSize: pdf.preferCSSPageSize,
      printBackground: pdf.printBackground,
      generateTaggedPDF: pdf.tagged,
      generateDocumentOutline: pdf.outline,
      transferMode: "ReturnAsBase64",
    });
    return Buffer.from(data, "base64");
  }

  /** One DevTools session per page, kept with the page (font loading, the layout pass, printing). */
  private async devtoolsOf(page: Page): Promise<CDPSession> {
    let cdp = this.devtools.get(page);
    if (!cdp) {
      cdp = await page.createCDPSession();
      this.devtools.set(page, cdp);
    }
    return cdp;
  }

  /**
   * Stops: takes no new renders, lets those admitted finish within `graceMs`, then closes every
   * browser (killing any that will not close).
   */
  async close(graceMs = 0): Promise<void> {
    await this.slots.close(graceMs);
    const launching = this.session;
    this.session = undefined;
    await launching?.catch(() => undefined);
    await Promise.all([...this.sessions].map((session) => this.kill(session)));
  }
}
