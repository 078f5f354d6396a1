/** One browser per warm process: reused, recycled, and replaced after a crash. */
import { afterEach, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { RenderTimeoutError } from "../../functions/render/chromium.js";
import { hardenedPage, killBrowser, launchBrowser } from "../../functions/render/browser.js";
import type { Page } from "puppeteer-core";
import { processAlive } from "../../functions/local/state.js";
import { example } from "../helpers/examples.js";
import { normalized } from "../helpers/renderer.js";

const report = normalized(example("yunxi2021"));
let renderer: ReportRenderer | undefined;
afterEach(async () => {
  await renderer?.close();
  renderer = undefined;
});


describe("the browser of a renderer", () => {
  it("is reused across renders", async () => {
    renderer = new ReportRenderer();
    await renderer.render(report);
    const pid = await renderer.engine.browserPid();
    await renderer.render(report);
    await renderer.render(report, { draft: true });
    expect(await renderer.engine.browserPid()).toBe(pid);
    expect(renderer.engine.browserLaunches).toBe(1);
  });

  it("is replaced after it crashes, and the next render succeeds", async () => {
    renderer = new ReportRenderer();
    await renderer.render(report);
    const pid = (await renderer.engine.browserPid())!;
    process.kill(pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const out = await renderer.render(report);
    expect(out.pages).toBeGreaterThan(1);
    const next = await renderer.engine.browserPid();
    expect(next).not.toBe(pid);
    expect(renderer.engine.browserLaunches).toBe(2);
  });

  it("is recycled after the configured number of renders, leaving no process behind", async () => {
    renderer = new ReportRenderer({ maxRendersPerBrowser: 2 });
    const pids = new Set<number>();
    for (let i = 0; i < 5; i++) {
      await renderer.render(report);
      pids.add((await renderer.engine.browserPid())!);
    }
    expect(renderer.engine.browserLaunches).toBe(3);
    expect(pids.size).toBe(3);
    await renderer.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of pids) expect(processAlive(pid)).toBe(false);
  });

  it("bounds every step by a timeout and kills the browser that overran it", async () => {
    renderer = new ReportRenderer({ stepTimeoutMs: 1 });
    await expect(renderer.render(report)).rejects.toBeInstanceOf(RenderTimeoutError);
    expect(await renderer.engine.browserPid()).toBeUndefined();
    expect(renderer.engine.browserLaunches).toBe(1);
    await expect(renderer.render(report)).rejects.toThrow(/took longer than 1 ms/);
    expect(renderer.engine.browserLaunches).toBe(2); // a new browser for the next attempt
  });
});

describe("a page of the engine", () => {
  // Whether Chromium produces frames for a screen: an animation frame callback runs only in one.
  const paintsFrames = (page: Page) =>
    page.evaluate(() => Promise.race([new Promise((resolve) => requestAnimationFrame(() => resolve(true))), new Promise((resolve) => setTimeout(() => resolve(false), 500))]));

  it("paints no frames for a screen, where an ordinary page does, and still prints (the same pages)", async () => {
    const browser = await launchBrowser({ protocolTimeoutMs: 30_000, parallelPages: true });
    try {
      const none = () => undefined;
      const printing = await hardenedPage(browser, none);
      const screen = await hardenedPage(browser, none, { screen: true });
      // (the pages run no script of their own; these evaluations are DevTools', as the layout pass's are)
      await printing.setJavaScriptEnabled(true);
      await screen.setJavaScriptEnabled(true);
      expect(await paintsFrames(screen)).toBe(true);
      expect(await paintsFrames(printing)).toBe(false);
      const html = `<!doctype html><html lang="zh-CN"><head><title>t</title><style>@page { size: A4; margin: 20mm } .w { position: fixed; top: 40%; transform: rotate(-30deg); color: rgba(200,0,0,.12) }</style></head><body><p class="w">DRAFT</p>${"<p>Layout and print need no frame.</p>".repeat(80)}</body></html>`;
      const pdfs = [];
      for (const page of [printing, screen]) {
        await page.setContent(html, { waitUntil: "load" });
        pdfs.push(Buffer.from(await page.pdf({ preferCSSPageSize: true, printBackground: true })));
      }
      const pages = pdfs.map((pdf) => pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0);
      expect(pages[0]).toBeGreaterThan(1);
      expect(pages[0]).toBe(pages[1]);
    } finally {
      await killBrowser(browser);
    }
  });
});
