/**
 * The local service under pressure: bodies it will not accept are never buffered, a full render
 * queue answers 503 with Retry-After instead of waiting without bound, and a browser that dies
 * mid-render costs that request a retryable 503, not a 500 — the next render starts a new browser.
 */
import { request } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { firstStart, spawnServe, type ServeProcess } from "../helpers/serve.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

const TEN_MB = Buffer.alloc(10 * 1024 * 1024, 0x7b);

/** Resident memory of a process, in bytes. */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]!;
  return Number(kb) * 1024;
}

/** Sends a body and reports how the server answered: a status, or the connection cut mid-upload. */
function send(url: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<number | "cut"> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { method: "PUT", headers: { "content-type": "application/json", "content-length": String(body.length), ...headers } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode!));
      res.on("error", () => resolve(res.statusCode!));
    });
    req.on("error", () => resolve("cut"));
    req.end(body);
  });
}

/** Sends the headers of a request that declares a body, and no body: the status it gets. */
function declareOnly(url: string, path: string, length: number, headers: Record<string, string>, method = "PUT"): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { "content-type": "application/json", "content-length": String(length), ...headers } }, (res) => {
      resolve(res.statusCode!);
      req.destroy();
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
    req.setTimeout(15_000, () => reject(new Error(`no answer to ${method} ${path} without its body`)));
    req.flushHeaders();
  });
}

describe("bodies the service will not take", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "nianbao-pressure-"));
  let serve: ServeProcess;
  let url: string;
  let admin: string;
  beforeAll(async () => {
    serve = spawnServe(dataDir);
    await serve.waitFor(/就绪/);
    ({ url } = firstStart(serve.stdout()) as { url: string });
    admin = firstStart(serve.stdout()).tokens.admin!;
  }, 120_000);
  afterAll(async () => {
    serve?.child.kill("SIGTERM");
    await serve?.exited();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("60 concurrent unauthenticated 10 MB bodies leave memory within 20 % of idle", async () => {
    // idle: after a warm-up, so that what is measured is the bodies, not lazy initialisation
    for (let i = 0; i < 3; i++) await send(url, "/reports/warm-up", Buffer.from("{}"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = rss(serve.pid);
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => send(url, `/reports/flood-${i}`, TEN_MB, i % 2 ? { authorization: "Bearer nb_unknown" } : {})));
    for (const outcome of outcomes) expect([401, "cut"]).toContain(outcome);
    expect(outcomes).toContain(401);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = rss(serve.pid);
    expect(after / idle).toBeLessThan(1.2);
  }, 120_000);

  it("answers 401 and 413 from the headers alone: no body needs to arrive", async () => {
    // the body is declared and never sent: a server that waited for it would never answer
    expect(await declareOnly(url, "/reports/unknown-caller", 10 * 1024 * 1024, {})).toBe(401);
    expect(await declareOnly(url, "/reports/too-large", 10 * 1024 * 1024, { authorization: `Bearer ${admin}` })).toBe(413);
    expect(await declareOnly(url, "/validate", 1024 * 1024 + 1, { authorization: `Bearer ${admin}` }, "POST")).toBe(413);
  }, 60_000);
});

describe("the render queue", () => {
  let service: TestService;
  let portal: string;
  const report = example("yunxi2021");
  beforeAll(async () => {
    // one page, one render waiting: the third concurrent render is one too many
    service = await startTestService({ rendering: { pages: 1, maxQueuedRenders: 1 } });
    portal = await service.token("portal", ["*"]);
    expect((await service.call("POST", "/preview", { token: portal, body: report })).status).toBe(200); // the browser is up
  }, 60_000);
  afterAll(() => service?.close());

  it("answers 503 with Retry-After when full, and serves the renders it admitted", async () => {
    const pid = (await service.renderer!.engine.browserPid())!;
    process.kill(pid, "SIGSTOP"); // hold the render in progress where it is
    try {
      const running = service.call("POST", "/preview", { token: portal, body: report });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = service.call("POST", "/preview", { token: portal, body: report });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const refused = await service.call("POST", "/preview", { token: portal, body: report });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await errorOf(refused)).error.code).toBe("renderer_busy");
      // publishing renders too: refused the same way, and nothing stored
      const publish = await service.call("PUT", "/reports/queue-full", { token: portal, body: report });
      expect(publish.status).toBe(503);
      expect(publish.headers.get("retry-after")).not.toBeNull();
      expect(await service.deps.reports.latestVersion("queue-full")).toBeUndefined();
      process.kill(pid, "SIGCONT");
      expect((await running).status).toBe(200);
      expect((await waiting).status).toBe(200);
    } finally {
      process.kill(pid, "SIGCONT");
    }
  }, 60_000);

  it("answers 503 with Retry-After when the browser dies mid-render, and the next render starts a new one", async () => {
    const pid = (await service.renderer!.engine.browserPid())!;
    process.kill(pid, "SIGSTOP");
    const inFlight = service.call("POST", "/preview", { token: portal, body: report });
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid, "SIGKILL"); // a crash, while the render is under way
    const crashed = await inFlight;
    expect(crashed.status).toBe(503);
    expect(Number(crashed.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(crashed)).error.code).toBe("renderer_unavailable");
    const next = await service.call("POST", "/preview", { token: portal, body: report });
    expect(next.status).toBe(200);
    expect(await service.renderer!.engine.browserPid()).not.toBe(pid);
  }, 60_000);
});
