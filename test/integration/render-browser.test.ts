/** One browser per warm process: reused, recycled, and replaced after a crash. */
import { afterEach, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { RenderTimeoutError } from "../../functions/render/chromium.js";
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
