/** The metadata store on DynamoDB (table design in table.ts). */
import { ConditionalCheckFailedException, ResourceInUseException, CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "./cursor.js";
import {
  VersionConflictError,
  type JobFailure,
  type JobRecord,
  type MetadataStore,
  type Page,
  type ReportFilter,
  type ReportRecord,
  type TokenRecord,
  type VersionRecord,
} from "./ports.js";
import { GSI, ID_SHARDS, keys, tableDefinition } from "./table.js";

type Item = Record<string, unknown>;

function toVersion(item: Item): VersionRecord {
  const { PK: _pk, SK: _sk, ...record } = item;
  return record as unknown as VersionRecord;
}

function toReport(item: Item): ReportRecord {
  return {
    reportId: item.reportId as string,
    agencyName: item.agencyName as string,
    year: item.year as number,
    edition: item.edition as string,
    title: item.title as string,
    latestVersion: item.latestVersion as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}

export class DynamoMetadataStore implements MetadataStore {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** Creates the table if it does not exist (local emulator and tests; CDK creates it on AWS). */
  async ensureTable(): Promise<void> {
    try {
      await this.client.send(new CreateTableCommand(tableDefinition(this.tableName)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    for (let i = 0; i < 100; i++) {
      const { Table } = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }));
      if (Table?.TableStatus === "ACTIVE") return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`table ${this.tableName} did not become active`);
  }

  /** A report's version items, newest first, read consistently. */
  private async queryVersions(reportId: string, limit: number, after?: number): Promise<VersionRecord[]> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "PK = :pk AND begins_with(SK, :v)",
        ExpressionAttributeValues: { ":pk": keys.report(reportId).PK, ":v": keys.versionPrefix },
        ScanIndexForward: false,
        Limit: limit,
        ConsistentRead: true,
        ...(after !== undefined ? { ExclusiveStartKey: keys.version(reportId, after) } : {}),
      }),
    );
    return (page.Items ?? []).map(toVersion);
  }

  async latestVersion(reportId: string): Promise<VersionRecord | undefined> {
    return (await this.queryVersions(reportId, 1))[0];
  }

  async getVersion(reportId: string, version: number): Promise<VersionRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.version(reportId, version), ConsistentRead: true }));
    return Item ? toVersion(Item) : undefined;
  }

  async listVersions(reportId: string, options: { limit: number; cursor?: string }): Promise<Page<VersionRecord>> {
    const start = options.cursor ? decodeCursor<{ v: number }>(options.cursor, { v: "number" }).v : undefined;
    // one more than asked: a cursor only when a next page really exists
    const all = await this.queryVersions(reportId, options.limit + 1, start);
    const items = all.slice(0, options.limit);
    const more = all.length > options.limit;
    return { items, ...(more ? { cursor: encodeCursor({ v: items[items.length - 1]!.version }) } : {}) };
  }

  async putVersion(record: VersionRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.version(record.reportId, record.version), ...record },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new VersionConflictError(record.reportId, record.version);
      throw error;
    }
  }

  async updateReport(record: Omit<ReportRecord, "createdAt" | "updatedAt">, at: string): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.report(record.reportId),
          UpdateExpression:
            "SET reportId = :id, agencyName = :agency, #year = :year, edition = :edition, title = :title, latestVersion = :n, " +
            "updatedAt = :at, createdAt = if_not_exists(createdAt, :at), " +
            `${GSI.byYear.pk} = :yearKey, ${GSI.byYear.sk} = :id, ${GSI.byEdition.pk} = :editionKey, ${GSI.byEdition.sk} = :id, ` +
            `${GSI.byId.pk} = :idKey, ${GSI.byId.sk} = :id`,
          // never move the summary backwards when versions commit out of order
          ConditionExpression: "attribute_not_exists(latestVersion) OR latestVersion < :n",
          ExpressionAttributeNames: { "#year": "year" },
          ExpressionAttributeValues: {
            ":id": record.reportId,
            ":agency": record.agencyName,
            ":year": record.year,
            ":edition": record.edition,
            ":title": record.title,
            ":n": record.latestVersion,
            ":at": at,
            ":yearKey": `YEAR#${record.year}`,
            ":editionKey": `EDITION#${record.edition}`,
            ":idKey": `IDS#${record.reportId[0]}`,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async getReport(reportId: string): Promise<ReportRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.report(reportId), ConsistentRead: true }));
    return Item ? toReport(Item) : undefined;
  }

  async listReports(filter: ReportFilter, options: { limit: number; cursor?: string }): Promise<Page<ReportRecord>> {
    const prefix = filter.reportIdPrefix ?? "";
    const after = options.cursor ? decodeCursor<{ id: string; shard: number }>(options.cursor, { id: "string", shard: "number" }) : undefined;
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    let index: (typeof GSI)[keyof typeof GSI];
    let partitions: string[];
    if (filter.year !== undefined) {
      index = GSI.byYear;
      partitions = [`YEAR#${filter.year}`];
      if (filter.edition !== undefined) {
        conditions.push("edition = :edition");
        values[":edition"] = filter.edition;
      }
    } else if (filter.edition !== undefined) {
      index = GSI.byEdition;
      partitions = [`EDITION#${filter.edition}`];
    } else {
      index = GSI.byId;
      partitions = prefix ? [`IDS#${prefix[0]}`] : ID_SHARDS.map((c) => `IDS#${c}`);
    }
    const items: ReportRecord[] = [];
    for (let shard = after?.shard ?? 0; shard < partitions.length; shard++) {
      let exclusive = after && shard === after.shard ? after.id : undefined;
      do {
        const input: QueryCommandInput = {
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: `${index.pk} = :pk${prefix ? ` AND begins_with(${index.sk}, :prefix)` : ""}`,
          ExpressionAttributeValues: { ":pk": partitions[shard], ...(prefix ? { ":prefix": prefix } : {}), ...values },
          ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
          Limit: options.limit - items.length,
          ...(exclusive
            ? { ExclusiveStartKey: { ...keys.report(exclusive), [index.pk]: partitions[shard], [index.sk]: exclusive } }
            : {}),
        };
        const page = await this.doc.send(new QueryCommand(input));
        items.push(...(page.Items ?? []).map(toReport));
        exclusive = page.LastEvaluatedKey ? (page.LastEvaluatedKey[index.sk] as string) : undefined;
        if (items.length >= options.limit) {
          const last = items[items.length - 1]!;
          const more = exclusive !== undefined || shard < partitions.length - 1;
          return { items, ...(more ? { cursor: encodeCursor({ id: last.reportId, shard }) } : {}) };
        }
      } while (exclusive);
    }
    return { items };
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.token(token.hash), ...token, [GSI.byId.pk]: "TOKENS", [GSI.byId.sk]: token.createdAt },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async getToken(hash: string): Promise<TokenRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.token(hash) }));
    if (!Item) return undefined;
    return { hash: Item.hash, id: Item.id, role: Item.role, scopes: Item.scopes, createdAt: Item.createdAt, ...(Item.label ? { label: Item.label } : {}) } as TokenRecord;
  }

  async hasTokens(): Promise<boolean> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: GSI.byId.name,
        KeyConditionExpression: `${GSI.byId.pk} = :tokens`,
        ExpressionAttributeValues: { ":tokens": "TOKENS" },
        Limit: 1,
      }),
    );
    return (page.Items?.length ?? 0) > 0;
  }

  async deleteToken(hash: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.token(hash) }));
  }

  async createJob(job: JobRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.job(job.jobId), ...job }, ConditionExpression: "attribute_not_exists(PK)" }));
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.job(jobId), ConsistentRead: true }));
    if (!Item) return undefined;
    const { PK: _pk, SK: _sk, countedPages: _pages, ...job } = Item;
    return job as JobRecord;
  }

  async addToJobTotal(jobId: string, page: string, count: number, planned: boolean): Promise<void> {
    try {
      await this.doc.send(
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
            ":at": new Date().toISOString(),
            ...(planned ? { ":true": true } : {}),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async isJobReportSettled(jobId: string, reportId: string): Promise<boolean> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.jobOutcome(jobId, reportId), ConsistentRead: true }));
    return Item !== undefined;
  }

  /**
   * Records a report's one outcome, then counts it. The outcome item is written once (the first of
   * success and failure stands); a crash between the two writes leaves the counters short, which
   * reconcileJob repairs from the outcome items.
   */
  private async settle(jobId: string, outcome: Record<string, unknown> & { reportId: string; outcome: "succeeded" | "failed" }, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.jobOutcome(jobId, outcome.reportId), ...outcome, at },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    const counters = outcome.outcome === "failed" ? "failed :one" : outcome.unchanged ? "succeeded :one, unchanged :one" : "succeeded :one";
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.job(jobId),
        UpdateExpression: `ADD ${counters} SET lastProgressAt = :at`,
        ExpressionAttributeValues: { ":one": 1, ":at": at },
      }),
    );
    return true;
  }

  recordJobSuccess(jobId: string, reportId: string, detail: { unchanged: boolean; at: string }): Promise<boolean> {
    return this.settle(jobId, { reportId, outcome: "succeeded", unchanged: detail.unchanged }, detail.at);
  }

  recordJobFailure(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    return this.settle(jobId, { ...failure, outcome: "failed" }, at);
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
}
