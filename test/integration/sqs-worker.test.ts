/**
 * The SQS side of bulk regeneration. There is no SQS emulator here: the worker is fed SQS events
 * shaped as Lambda receives them, against the real embedded stores and Chromium; the queue adapter is
 * checked with a stand-in SQS client that records what it is asked to send.
 */
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqsQueue } from "../../functions/queue/sqs-queue.js";
import { processSqsBatch } from "../../functions/queue/sqs-worker.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { serviceDeps, type ServiceDeps } from "../../functions/service/ports.js";
import { startRegeneration, type RegenerationMessage } from "../../functions/service/regenerations.js";
import { publish } from "../../functions/service/use-cases.js";
import { example } from "../helpers/examples.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let renderer: ReportRenderer;
let deps: ServiceDeps;
const sent: RegenerationMessage[] = [];
const queue = { enqueue: async (messages: readonly RegenerationMessage[]) => void sent.push(...messages) };

function record(message: unknown, receiveCount: number, id = `m-${Math.random()}`): SQSRecord {
  return {
    messageId: id,
    receiptHandle: "r",
    body: typeof message === "string" ? message : JSON.stringify(message),
    attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: "0", SenderId: "x", ApproximateFirstReceiveTimestamp: "0" },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:000000000000:regenerations",
    awsRegion: "us-east-1",
  };
}

beforeAll(async () => {
  stores = await startTestStores();
  renderer = new ReportRenderer();
  deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600 });
  await publish(deps, { reportId: "sqs-a", report: example("yunxi2021"), actor: "test" });
});
afterAll(async () => {
  await renderer?.close();
  await stores?.close();
});

describe("the SQS worker", () => {
  it("plans, regenerates, and reports only the failed messages of a batch", async () => {
    const job = await startRegeneration({ ...deps, queue }, { filter: { reportIdPrefix: "sqs-" }, actor: "admin:t", scopes: ["*"] });
    const plan = sent.splice(0);
    expect(plan).toEqual([{ kind: "plan", jobId: job.jobId }]);
    expect((await processSqsBatch({ ...deps, queue }, { Records: [record(plan[0], 1)] }, { maxAttempts: 3 })).batchItemFailures).toEqual([]);
    expect(sent.splice(0)).toEqual([{ kind: "report", jobId: job.jobId, reportId: "sqs-a" }]);

    const event: SQSEvent = {
      Records: [
        record({ kind: "report", jobId: job.jobId, reportId: "sqs-a" }, 1, "ok"),
        record({ kind: "report", jobId: job.jobId, reportId: "sqs-missing" }, 1, "retry"),
        record("not json", 1, "junk"),
      ],
    };
    const outcomes: string[] = [];
    const correlations: string[] = [];
    const result = await processSqsBatch({ ...deps, queue }, event, {
      maxAttempts: 3,
      onReport: (outcome) => void outcomes.push(outcome),
      beforeRecord: (_record, id) => void correlations.push(id),
    });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "retry" }]);
    expect(outcomes).toEqual(["regenerated"]); // a failure before the last attempt is not final
    expect(correlations).toEqual(["ok", "retry", "junk"]); // no correlation attribute: the message id
    let status = (await stores.jobs.getJob(job.jobId))!;
    expect([status.succeeded, status.failed]).toEqual([1, 0]);

    // the last attempt records the failure before the message goes to the dead-letter queue
    const last = await processSqsBatch({ ...deps, queue }, { Records: [record({ kind: "report", jobId: job.jobId, reportId: "sqs-missing" }, 3, "last")] }, {
      maxAttempts: 3,
      onReport: (outcome) => void outcomes.push(outcome),
    });
    expect(last.batchItemFailures).toEqual([{ itemIdentifier: "last" }]);
    expect(outcomes).toEqual(["regenerated", "failed"]);
    status = (await stores.jobs.getJob(job.jobId))!;
    expect([status.succeeded, status.failed]).toEqual([1, 1]);
    expect(await stores.jobs.listJobFailures(job.jobId, 10)).toEqual([{ reportId: "sqs-missing", reason: "the report has no versions", attempts: 3 }]);

    // a report message delivered twice is neither redone nor counted twice
    const versions = (await stores.reports.latestVersion("sqs-a"))!.version;
    await processSqsBatch({ ...deps, queue }, { Records: [record({ kind: "report", jobId: job.jobId, reportId: "sqs-a" }, 2)] }, { maxAttempts: 3 });
    expect((await stores.jobs.getJob(job.jobId))!.succeeded).toBe(1);
    expect((await stores.reports.latestVersion("sqs-a"))!.version).toBe(versions);

    // a plan message delivered again re-enqueues (harmless) but counts its page once
    await processSqsBatch({ ...deps, queue }, { Records: [record(plan[0], 2)] }, { maxAttempts: 3 });
    expect(sent.splice(0)).toEqual([{ kind: "report", jobId: job.jobId, reportId: "sqs-a" }]);
    expect((await stores.jobs.getJob(job.jobId))!.total).toBe(1);
  });
});

describe("the SQS queue adapter", () => {
  it("sends in batches of ten and fails loudly on refused entries", async () => {
    const batches: number[] = [];
    const attributes: unknown[] = [];
    let refuse = false;
    const client = {
      send: async (command: SendMessageBatchCommand) => {
        const entries = command.input.Entries ?? [];
        batches.push(entries.length);
        attributes.push(...entries.map((e) => e.MessageAttributes));
        for (const entry of entries) JSON.parse(entry.MessageBody!);
        return refuse ? { Failed: [{ Id: "0", Code: "Throttled", SenderFault: false }], Successful: [] } : { Successful: [], Failed: [] };
      },
    } as unknown as SQSClient;
    const queue = new SqsQueue(client, "https://sqs.example/queue");
    await queue.enqueue(Array.from({ length: 23 }, (_, i) => ({ kind: "report" as const, jobId: "j", reportId: `r-${i}` })));
    expect(batches).toEqual([10, 10, 3]);
    expect(attributes).toEqual(Array(23).fill(undefined));

    // the id of the request (or message) that enqueues travels with every message it enqueues
    attributes.length = 0;
    await new SqsQueue(client, "https://sqs.example/queue", () => "req-42").enqueue([{ kind: "plan", jobId: "j" }]);
    expect(attributes).toEqual([{ correlationId: { DataType: "String", StringValue: "req-42" } }]);

    refuse = true;
    await expect(queue.enqueue([{ kind: "plan", jobId: "j" }])).rejects.toThrow(/Throttled/);
  });
});
