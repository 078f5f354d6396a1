/**
 * Bulk regeneration jobs on DynamoDB (table design in table.ts): counters move with ADD, and a
 * marker item per report makes each report count once under at-least-once delivery. With a
 * retention, every item of a job carries a TTL of that many days after it was written (DynamoDB
 * deletes it within a few days after that; the local emulator keeps it).
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { JobFailure, JobRecord, JobStore } from "./ports.js";
import { documentClient, expiryOf, keys, TTL_ATTRIBUTE } from "./table.js";

function toJob(item: Record<string, unknown>): JobRecord {
  const { PK: _pk, SK: _sk, countedPages: _pages, [TTL_ATTRIBUTE]: _ttl, ...job } = item;
  return job as unknown as JobRecord;
}

export class DynamoJobStore implements JobStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    private readonly options: { retentionDays?: number; now?: () => Date } = {},
  ) {
    this.doc = documentClient(client);
  }

  /** The TTL attribute of an item written now, when a retention is configured. */
  private expiry(): Record<string, number> {
    return expiryOf(this.options.retentionDays, (this.options.now ?? (() => new Date()))());
  }

  async createJob(job: JobRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.job(job.jobId), ...job, ...this.expiry() }, ConditionExpression: "attribute_not_exists(PK)" }),
    );
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.job(jobId), ConsistentRead: true }));
    return Item ? toJob(Item) : undefined;
  }

  async addToJobTotal(jobId: string, page: string, count: number, planned: boolean): Promise<JobRecord | undefined> {
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(jobId),
          // the page joins the set of counted pages in the same atomic update that counts it
          UpdateExpression: `ADD #total :n, countedPages :page${planned ? " SET planned = :true" : ""}`,
          ConditionExpression: "attribute_exists(PK) AND NOT contains(countedPages, :pageName)",
          ExpressionAttributeNames: { "#total": "total" },
          ExpressionAttributeValues: { ":n": count, ":page": new Set([page]), ":pageName": page, ...(planned ? { ":true": true } : {}) },
          ReturnValues: "ALL_NEW",
        }),
      );
      return Attributes ? toJob(Attributes) : undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return undefined;
    }
  }

  async isJobReportSettled(jobId: string, reportId: string): Promise<boolean> {
    for (const key of [keys.jobDone(jobId, reportId), keys.jobFailure(jobId, reportId)]) {
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      if (Item) return true;
    }
    return false;
  }

  /** Puts a marker item once; false when it was there already. */
  private async once(key: { PK: string; SK: string }, item: Record<string, unknown>): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...key, ...item, ...this.expiry() }, ConditionExpression: "attribute_not_exists(PK)" }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Adds one to a counter of the job: the job as counted now. */
  private async count(jobId: string, counter: "succeeded" | "failed"): Promise<JobRecord> {
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.job(jobId),
        UpdateExpression: `ADD ${counter} :one`,
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "ALL_NEW",
      }),
    );
    return toJob(Attributes!);
  }

  async recordJobSuccess(jobId: string, reportId: string): Promise<JobRecord | undefined> {
    if (!(await this.once(keys.jobDone(jobId, reportId), { reportId }))) return undefined;
    return this.count(jobId, "succeeded");
  }

  async recordJobFailure(jobId: string, failure: JobFailure): Promise<JobRecord | undefined> {
    if (!(await this.once(keys.jobFailure(jobId, failure.reportId), { ...failure }))) return undefined;
    return this.count(jobId, "failed");
  }

  async listJobFailures(jobId: string, limit: number): Promise<JobFailure[]> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :fail)",
        ExpressionAttributeValues: { ":pk": keys.job(jobId).PK, ":fail": "FAIL#" },
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map((item) => ({ reportId: item.reportId as string, reason: item.reason as string, attempts: item.attempts as number }));
  }

  async markJobFinished(jobId: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(jobId),
          UpdateExpression: "SET finishedAt = :at",
          ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(finishedAt)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
