/**
 * `nianbao serve` started and stopped as process managers and people do: SIGTERM and SIGKILL, a
 * signal in the middle of the first start, a first start whose browser cannot start, a port in use,
 * a data folder that cannot be written. Chromium processes are counted by the ids the service
 * recorded for its own browser, before the signal.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { processStartTime } from "../../functions/local/browser-record.js";
import { firstStart, recordedBrowserProcesses, running, spawnServe, watchBrowserProcesses } from "../helpers/serve.js";

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-lifecycle-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function gone(pids: number[], withinMs = 10_000): Promise<number[]> {
  const until = performance.now() + withinMs;
  while (pids.some(running) && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  return pids.filter(running);
}

/** One line on stderr, no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |node_modules|\.ts:\d/);
  return lines[0]!;
}

describe("stopping nianbao serve", () => {
  it("SIGTERM while a render is in flight: the render is answered, the service exits 0, no Chromium is left", async () => {
    const dir = dataDir();
    const serve = spawnServe(dir);
    await serve.waitFor(/就绪/);
    const { url, tokens } = firstStart(serve.stdout());
    const browser = recordedBrowserProcesses(dir);
    expect(browser.length).toBeGreaterThan(0);
    const report = readFileSync(new URL("../../examples/yunxi-county-2024.json", import.meta.url), "utf8");
    const preview = fetch(`${url}/preview`, { method: "POST", headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" }, body: report });
    await new Promise((resolve) => setTimeout(resolve, 30)); // the request is in, its render under way
    serve.child.kill("SIGTERM");
    const answer = await preview;
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await serve.exited()).toBe(0);
    expect(serve.stdout()).toContain("已停止");
    expect(await gone(browser)).toEqual([]);
  }, 120_000);

  it("SIGKILL: the browser dies with the service, and the next start is clean", async () => {
    const dir = dataDir();
    const serve = spawnServe(dir);
    await serve.waitFor(/就绪/);
    const browser = recordedBrowserProcesses(dir);
    expect(browser.length).toBeGreaterThan(0);
    serve.child.kill("SIGKILL");
    await serve.exited();
    expect(await gone(browser)).toEqual([]);

    const again = spawnServe(dir);
    await again.waitFor(/就绪/);
    again.child.kill("SIGTERM");
    expect(await again.exited()).toBe(0);
  }, 120_000);

  it("kills a browser left running by a service that died, recorded in the data folder", async () => {
    const dir = dataDir();
    // A stand-in for a stray browser (a real one exits with its service: it is launched over a
    // pipe): a process in its own process group, recorded as a browser of a service that is gone.
    const stray = spawn("sleep", ["600"], { detached: true, stdio: "ignore" });
    stray.unref();
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => dead.on("exit", resolve));
    writeFileSync(join(dir, "browsers.json"), JSON.stringify([{ pid: stray.pid, startTime: processStartTime(stray.pid!), owner: dead.pid }]));
    const serve = spawnServe(dir);
    await serve.waitFor(/就绪/);
    expect(await gone([stray.pid!], 5_000)).toEqual([]);
    serve.child.kill("SIGTERM");
    expect(await serve.exited()).toBe(0);
  }, 120_000);
});

describe("the first start", () => {
  it("stopped by SIGTERM as soon as /health answers: exits 0, keeps no token, leaves no Chromium; the next start is a first start", async () => {
    const dir = dataDir();
    const port = await freePort();
    const serve = spawnServe(dir, { port });
    const browsers = watchBrowserProcesses(dir);
    // the moment the first release left a browser behind: the first start is still under way
    while (!(await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false))) {
      if (serve.child.exitCode !== null) throw new Error(serve.stderr());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    serve.child.kill("SIGTERM");
    expect(await serve.exited()).toBe(0);
    const browser = browsers.stop();
    expect(serve.stdout()).not.toMatch(/nb_/);
    expect(await gone(browser)).toEqual([]);

    const again = spawnServe(dir);
    await again.waitFor(/就绪/);
    const { url, tokens } = firstStart(again.stdout());
    expect(Object.keys(tokens).sort()).toEqual(["admin", "portal"]);
    expect((await fetch(`${url}/reports/yunxi-county-2024`, { headers: { authorization: `Bearer ${tokens.admin}` } })).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await again.exited()).toBe(0);
  }, 180_000);

  it("killed by SIGKILL once its browser runs, before it is ready: leaves no Chromium, and the next start is a first start", async () => {
    const dir = dataDir();
    const serve = spawnServe(dir);
    const browsers = watchBrowserProcesses(dir);
    // the browser is up: the first start checks it, then renders and publishes the examples
    while (recordedBrowserProcesses(dir).length === 0) {
      if (serve.child.exitCode !== null) throw new Error(serve.stderr());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    serve.child.kill("SIGKILL");
    await serve.exited();
    const browser = browsers.stop();
    expect(browser.length).toBeGreaterThan(0);
    expect(serve.stdout()).not.toMatch(/就绪|nb_/);
    expect(await gone(browser)).toEqual([]);

    const again = spawnServe(dir);
    await again.waitFor(/就绪/);
    const { url, tokens } = firstStart(again.stdout());
    expect(Object.keys(tokens).sort()).toEqual(["admin", "portal"]);
    expect((await fetch(`${url}/reports/yunxi-county-2024`, { headers: { authorization: `Bearer ${tokens.portal}` } })).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await again.exited()).toBe(0);
  }, 180_000);

  it("with a browser that cannot start: one line, exit 2, nothing kept; then with a good one: working tokens", async () => {
    const dir = dataDir();
    const broken = spawnServe(dir, { env: { NIANBAO_CHROMIUM_PATH: join(dir, "no-such-chromium") } });
    expect(await broken.exited()).toBe(2);
    expect(oneLine(broken.stderr())).toMatch(/^无法启动：无法启动生成 PDF 用的浏览器/);
    expect(broken.stdout()).not.toMatch(/nb_/);

    const good = spawnServe(dir);
    await good.waitFor(/就绪/);
    const { url, tokens, links } = firstStart(good.stdout());
    expect(Object.keys(tokens).sort()).toEqual(["admin", "portal"]);
    for (const token of Object.values(tokens)) {
      expect((await fetch(`${url}/reports/raohe-xiaojiahe-2023`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    expect((await fetch(links[0]!, { redirect: "manual" })).status).toBe(302);
    good.child.kill("SIGTERM");
    expect(await good.exited()).toBe(0);
  }, 180_000);
});

describe("a start that cannot happen", () => {
  it("on a port in use: one line, exit 2", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const serve = spawnServe(dataDir(), { port });
      expect(await serve.exited()).toBe(2);
      expect(oneLine(serve.stderr())).toContain(`端口 ${port} 已被占用`);
    } finally {
      blocker.close();
    }
  }, 60_000);

  it("with a data folder that cannot be written: one line, exit 2", async () => {
    const file = join(dataDir(), "a-file");
    writeFileSync(file, "not a folder");
    const serve = spawnServe(join(file, "data"));
    expect(await serve.exited()).toBe(2);
    expect(oneLine(serve.stderr())).toMatch(/^无法启动：数据目录 .* 不可写/);
  }, 60_000);
});
