/** The job store's one-request read of a job and a report's outcome (a report message's first read), on dynalite. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRecord } from "../../functions/store/ports.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await startTestStores();
});
afterAll(async () => {
  await stores?.close();
});

const job = (jobId: string): JobRecord => ({
  jobId,
  filter: { reportIdPrefix: "js-" },
  actor: "admin:t",
  scopes: ["*"],
  createdAt: "2026-11-28T00:00:00.000Z",
  planned: true,
  total: 2,
  succeeded: 0,
  failed: 0,
  unchanged: 0,
  lastProgressAt: "2026-11-28T00:00:00.000Z",
});

describe("getJobForReport", () => {
  it("answers the job as getJob does, and whether the report is counted, as isJobReportSettled does", async () => {
    await stores.jobs.createJob(job("js-job"));
    const before = await stores.jobs.getJobForReport("js-job", "js-a");
    expect(before).toEqual({ job: await stores.jobs.getJob("js-job"), settled: false });

    await stores.jobs.recordJobSuccess("js-job", "js-a", { at: "2026-11-28T00:01:00.000Z" });
    await stores.jobs.recordJobFailure("js-job", { reportId: "js-b", reason: "broken", attempts: 3 }, "2026-11-28T00:02:00.000Z");
    const a = await stores.jobs.getJobForReport("js-job", "js-a");
    const b = await stores.jobs.getJobForReport("js-job", "js-b");
    const c = await stores.jobs.getJobForReport("js-job", "js-c");
    expect([a.settled, b.settled, c.settled]).toEqual([true, true, false]);
    expect(a.job).toMatchObject({ jobId: "js-job", succeeded: 1, failed: 1 });
    expect(a.job).toEqual(await stores.jobs.getJob("js-job"));
  });

  it("answers no job for an unknown job, and a report's outcome only under its own job", async () => {
    expect(await stores.jobs.getJobForReport("no-such-job", "js-a")).toEqual({ job: undefined, settled: false });
    await stores.jobs.createJob(job("js-other"));
    expect((await stores.jobs.getJobForReport("js-other", "js-a")).settled).toBe(false);
  });
});
