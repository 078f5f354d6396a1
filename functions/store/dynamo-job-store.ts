/**
 * Bulk regeneration jobs on DynamoDB (table design in table.ts): counters move with ADD, and one
 * outcome item per report makes each report count once under at-least-once delivery; the counters
 * can be recomputed from those items. With a
 * retention, every item of a job carries a TTL of that many days after it was written (DynamoDB
 * deletes it within a few days after that; the local emulator keeps it).
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
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
          UpdateExpression: `ADD #total :n, countedPages :page SET lastProgressAt = :at${planned ? ", planned = :true" : ""}`,
          ConditionExpression: "attribute_exists(PK) AND NOT contains(countedPages, :pageName)",
          ExpressionAttributeNames: { "#total": "total" },
          ExpressionAttributeValues: {
            ":n": count,
            ":page": new Set([page]),
            ":pageName": page,
            ":at": this.nowIso(),
            ...(planned ? { ":true": true } : {}),
          },
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
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.jobOutcome(jobId, reportId), ConsistentRead: true }));
    return Item !== undefined;
  }

  async getJobForReport(jobId: string, reportId: string): Promise<{ job: JobRecord | undefined; settled: boolean }> {
    // both items in one request (strongly consistent, as the two reads it replaces)
    const job = keys.job(jobId);
    let wanted: Record<string, unknown>[] = [job, keys.jobOutcome(jobId, reportId)];
    const found: Record<string, unknown>[] = [];
    while (wanted.length > 0) {
      const { Responses, UnprocessedKeys } = await this.doc.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } } }),
      );
      found.push(...(Responses?.[this.tableName] ?? []));
      // DynamoDB may leave keys unread under load: they are asked for again
      wanted = UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    const jobItem = found.find((item) => item.SK === job.SK);
    return { job: jobItem ? toJob(jobItem) : undefined, settled: found.some((item) => item.SK !== job.SK) };
  }

  /**
   * Records a report's one outcome, then counts it. The outcome item is written once (the first of
   * success and failure stands); a crash between the two writes leaves the counters short, which
   * reconcileJob repairs from the outcome items.
   */
  private async settle(
    jobId: string,
    outcome: Record<string, unknown> & { reportId: string; outcome: "succeeded" | "failed" },
    at: string,
  ): Promise<JobRecord | undefined> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.jobOutcome(jobId, outcome.reportId), ...outcome, at, ...this.expiry() },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
    const counters = outcome.outcome === "failed" ? "failed :one" : outcome.unchanged ? "succeeded :one, unchanged :one" : "succeeded :one";
    const { Attributes } = await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.job(jobId),
        UpdateExpression: `ADD ${counters} SET lastProgressAt = :at`,
        ExpressionAttributeValues: { ":one": 1, ":at": at },
        ReturnValues: "ALL_NEW",
      }),
    );
    return toJob(Attributes!);
  }

  private nowIso(): string {
    return (this.options.now ?? (() => new Date()))().toISOString();
  }

  recordJobSuccess(jobId: string, reportId: string, detail: { unchanged?: boolean; at?: string } = {}): Promise<JobRecord | undefined> {
    return this.settle(jobId, { reportId, outcome: "succeeded", unchanged: detail.unchanged === true }, detail.at ?? this.nowIso());
  }

  recordJobFailure(jobId: string, failure: JobFailure, at?: string): Promise<JobRecord | undefined> {
    return this.settle(jobId, { ...failure, outcome: "failed" }, at ?? this.nowIso());
  }

  /** Every outcome item of a job, page by page. */
  private async *outcomes(jobId: string, onlyFailed: boolean): AsyncIterable<Record<string, unknown>> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :out)",
          ExpressionAttributeValues: { ":pk": keys.job(jobId).PK, ":out": keys.jobOutcomePrefix, ...(onlyFailed ? { ":failed": "failed" } : {}) },
          ...(onlyFailed ? { FilterExpression: "#outcome = :failed" } : {}),
          ExpressionAttributeNames: { "#outcome": "outcome", ...(onlyFailed ? {} : { "#unchanged": "unchanged" }) },
          ...(onlyFailed ? {} : { ProjectionExpression: "#outcome, #unchanged" }),
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield* page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async listJobFailures(jobId: string, limit: number): Promise<JobFailure[]> {
    const failures: JobFailure[] = [];
    for await (const item of this.outcomes(jobId, true)) {
      failures.push({ reportId: item.reportId as string, reason: item.reason as string, attempts: item.attempts as number });
      if (failures.length >= limit) break;
    }
    return failures;
  }

  async reconcileJob(jobId: string): Promise<JobRecord | undefined> {
    let succeeded = 0;
    let failed = 0;
    let unchanged = 0;
    for await (const item of this.outcomes(jobId, false)) {
      if (item.outcome === "failed") failed++;
      else {
        succeeded++;
        if (item.unchanged) unchanged++;
      }
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.job(jobId),
          UpdateExpression: "SET succeeded = :s, failed = :f, unchanged = :u",
          ConditionExpression: "attribute_exists(PK)",
          ExpressionAttributeValues: { ":s": succeeded, ":f": failed, ":u": unchanged },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
    return this.getJob(jobId);
  }

  async endJob(jobId: string, end: { total: number; at: string; abandoned: boolean }): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.job(jobId),
        UpdateExpression: `SET #total = :total, planned = :true, lastProgressAt = :at${end.abandoned ? ", abandonedAt = if_not_exists(abandonedAt, :at)" : ""}`,
        ExpressionAttributeNames: { "#total": "total" },
        ExpressionAttributeValues: { ":at": end.at, ":total": end.total, ":true": true },
      }),
    );
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
