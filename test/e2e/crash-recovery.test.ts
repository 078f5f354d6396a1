/**
 * A bulk regeneration survives the service being killed: kill -9 in the middle of a job of 50,
 * start again on the same data folder, and the job finishes with every report counted once and
 * regenerated once. The first release lost its in-memory queue here (29 of 50 never regenerated,
 * the job "running" forever).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { firstStart, recordedBrowserProcesses, running, spawnServe } from "../helpers/serve.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const REPORTS = 50;
const ids = Array.from({ length: REPORTS }, (_, i) => `crash-${String(i).padStart(2, "0")}`);

interface JobStatus {
  status: string;
  total: number;
  succeeded: number;
  failed: number;
  failures: unknown[];
}

describe("kill -9 during a bulk regeneration of 50 reports", () => {
  it("resumes at the next start and counts every report exactly once", async () => {
    const first = spawnServe(dataDir);
    await first.waitFor(/就绪/);
    const { url, tokens } = firstStart(first.stdout());
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens.admin}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    for (let i = 0; i < REPORTS; i += 5) {
      await Promise.all(
        ids.slice(i, i + 5).map(async (id, j) => {
          const report = example("yunxi2021");
          report.agency = { name: `云溪县第${i + j}乡人民政府`, level: "township" };
          expect((await call("PUT", `/reports/${id}`, report)).status).toBe(201);
        }),
      );
    }
    // forced: the template is the same as at publishing, and every report must be rendered again
    const { jobId } = await (await call("POST", "/regenerations", { reportIdPrefix: "crash-", force: true })).json();
    let before: JobStatus;
    do {
      before = await (await call("GET", `/regenerations/${jobId}`)).json();
    } while (before.succeeded < 5);
    const browser = recordedBrowserProcesses(dataDir);
    first.child.kill("SIGKILL");
    await first.exited();
    expect(before.succeeded).toBeLessThan(REPORTS); // killed in the middle, not after the end
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(browser.filter(running)).toEqual([]);

    const second = spawnServe(dataDir);
    await second.waitFor(/就绪/);
    const restarted = /本地服务：(http:\/\/127\.0\.0\.1:\d+)/.exec(second.stdout())![1]!;
    let after: JobStatus;
    for (;;) {
      after = await (await fetch(`${restarted}/regenerations/${jobId}`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json();
      if (after.status !== "running" && after.status !== "planning") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(after).toMatchObject({ status: "completed", total: REPORTS, succeeded: REPORTS, failed: 0, failures: [] });
    // regenerated once each: one bulk version on top of the published one, none twice
    for (const id of ids) {
      const page = await (await fetch(`${restarted}/reports/${id}/versions`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json();
      expect(page.items.map((v: { version: number; trigger: string }) => [v.version, v.trigger]), id).toEqual([
        [2, "bulk"],
        [1, "publish"],
      ]);
    }
    second.child.kill("SIGTERM");
    expect(await second.exited()).toBe(0);
  }, 300_000);
});
