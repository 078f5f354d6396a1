/**
 * The guarantee "a bulk job always ends", on AWS: reports whose messages reached the dead-letter
 * queue are recorded failed on their job by the dead-letter consumer, once, against the real
 * embedded DynamoDB. (No SQS emulator here: the consumer is fed SQS events as Lambda delivers them.)
 */
import type { SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDeadLetterBatch } from "../../functions/queue/sqs-dead-letters.js";
import { PLANNING_FAILURE_ID, type DeadLetterOutcome } from "../../functions/service/dead-letters.js";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { startRegeneration, type RegenerationMessage } from "../../functions/service/regenerations.js";
import { jobStatus } from "../../functions/service/job-status.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";
import { noRenderer } from "../../functions/handlers/runtime.js";

/** who reads the jobs' status in these tests */
const ADMIN = { actor: "admin:t", scopes: ["*"] };
let stores: TestStores;
let deps: ServiceDeps;
const sent: RegenerationMessage[] = [];
const queue = { enqueue: async (messages: readonly RegenerationMessage[]) => void sent.push(...messages) };

function deadLetter(message: unknown, id = `dl-${Math.random()}`): SQSRecord {
  return {
    messageId: id,
    receiptHandle: "r",
    body: typeof message === "string" ? message : JSON.stringify(message),
    attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "x", ApproximateFirstReceiveTimestamp: "0" },
    messageAttributes: { correlationId: { stringValue: "req-123", dataType: "String", stringListValues: [], binaryListValues: [] } },
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:cn-north-1:000000000000:dead-letters",
    awsRegion: "cn-north-1",
  };
}

async function newJob(reports: number) {
  const job = await startRegeneration({ ...deps, queue }, { filter: {}, actor: "admin:t", scopes: ["*"] });
  await stores.jobs.addToJobTotal(job.jobId, "first", reports, true);
  return job.jobId;
}

beforeAll(async () => {
  stores = await startTestStores();
  deps = serviceDeps(stores, noRenderer, { linkExpirySeconds: 600 });
});
afterAll(() => stores?.close());

describe("the dead-letter consumer", () => {
  it("records a dead-lettered report failed, so that its job completes, and counts it once", async () => {
    const jobId = await newJob(2);
    await stores.jobs.recordJobSuccess(jobId, "dl-a");
    expect((await jobStatus(deps, jobId, ADMIN)).status).toBe("running");

    const outcomes: DeadLetterOutcome[] = [];
    const correlations: string[] = [];
    const options = {
      maxAttempts: 3,
      onDeadLetter: (outcome: DeadLetterOutcome) => void outcomes.push(outcome),
      beforeRecord: (_: SQSRecord, id: string) => void correlations.push(id),
    };
    const message = { kind: "report", jobId, reportId: "dl-b" };
    const result = await processDeadLetterBatch(deps, { Records: [deadLetter(message, "one")] }, options);
    expect(result.batchItemFailures).toEqual([]);
    expect(correlations).toEqual(["req-123"]);
    const status = await jobStatus(deps, jobId, ADMIN);
    expect(status).toMatchObject({ status: "completed", total: 2, succeeded: 1, failed: 1 });
    expect(status.failures).toEqual([{ reportId: "dl-b", reason: expect.stringMatching(/did not finish in 3 attempts/) }]);

    // SQS delivers at least once: the same dead letter again changes nothing
    await processDeadLetterBatch(deps, { Records: [deadLetter(message, "again")] }, options);
    expect(await jobStatus(deps, jobId, ADMIN)).toMatchObject({ total: 2, succeeded: 1, failed: 1 });
    expect(outcomes).toEqual(["recorded", "settled"]);
    // the count that completed the job (the dead letter's) audited its finish, once
    const trail = await stores.audit.list({ actor: "admin:t" }, { limit: 100 });
    const finishes = trail.items.filter((e) => e.action === "bulk.finish" && e.target === `job:${jobId}`);
    expect(finishes).toEqual([expect.objectContaining({ outcome: "failure", detail: { total: 2, succeeded: 1, failed: 1 } })]);
  });

  it("leaves a report the worker already counted (succeeded, or failed on its last attempt) as it is", async () => {
    const jobId = await newJob(2);
    await stores.jobs.recordJobSuccess(jobId, "dl-ok");
    await stores.jobs.recordJobFailure(jobId, { reportId: "dl-bad", reason: "the report has no versions", attempts: 3 });
    const outcomes: DeadLetterOutcome[] = [];
    await processDeadLetterBatch(
      deps,
      { Records: [deadLetter({ kind: "report", jobId, reportId: "dl-ok" }), deadLetter({ kind: "report", jobId, reportId: "dl-bad" })] },
      { maxAttempts: 3, onDeadLetter: (outcome) => void outcomes.push(outcome) },
    );
    expect(outcomes).toEqual(["settled", "settled"]);
    const status = await jobStatus(deps, jobId, ADMIN);
    expect(status).toMatchObject({ status: "completed", succeeded: 1, failed: 1 });
    expect(status.failures).toEqual([{ reportId: "dl-bad", reason: "the report has no versions" }]);
  });

  it("ends the planning of a job whose plan message was dead-lettered, listing it as one failure", async () => {
    const job = await startRegeneration({ ...deps, queue }, { filter: {}, actor: "admin:t", scopes: ["*"] });
    await stores.jobs.addToJobTotal(job.jobId, "first", 1, false);
    await stores.jobs.recordJobSuccess(job.jobId, "dl-planned");
    expect((await jobStatus(deps, job.jobId, ADMIN)).status).toBe("planning");

    const plan = { kind: "plan", jobId: job.jobId, cursor: "page-2" };
    await processDeadLetterBatch(deps, { Records: [deadLetter(plan)] }, { maxAttempts: 3 });
    await processDeadLetterBatch(deps, { Records: [deadLetter(plan)] }, { maxAttempts: 3 });
    const status = await jobStatus(deps, job.jobId, ADMIN);
    expect(status).toMatchObject({ status: "completed", total: 2, succeeded: 1, failed: 1 });
    expect(status.failures).toEqual([{ reportId: PLANNING_FAILURE_ID, reason: expect.stringMatching(/listing the reports/) }]);
  });

  it("drops what is not a regeneration message, and messages of jobs that no longer exist", async () => {
    const outcomes: DeadLetterOutcome[] = [];
    const result = await processDeadLetterBatch(
      deps,
      { Records: [deadLetter("not json"), deadLetter({ kind: "report", jobId: "00000000-0000-4000-8000-000000000000", reportId: "x" })] },
      { maxAttempts: 3, onDeadLetter: (outcome) => void outcomes.push(outcome) },
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(outcomes).toEqual(["no-job"]);
  });

  it("returns a dead letter it could not record to the queue (partial batch response), and records the others", async () => {
    const jobId = await newJob(1);
    const broken = { ...deps, jobs: { ...stores.jobs, getJob: stores.jobs.getJob.bind(stores.jobs), isJobReportSettled: async () => Promise.reject(new Error("DynamoDB unavailable")) } } as unknown as ServiceDeps;
    const result = await processDeadLetterBatch(broken, { Records: [deadLetter({ kind: "report", jobId, reportId: "dl-c" }, "unrecorded")] }, { maxAttempts: 3 });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "unrecorded" }]);
    expect((await jobStatus(deps, jobId, ADMIN)).status).toBe("running");
  });
});
