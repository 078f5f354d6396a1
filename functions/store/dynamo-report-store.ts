/** Reports and their versions on DynamoDB (table design in table.ts). */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, paginateQuery, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { EDITION_IDS } from "../report/editions/index.js";
import { agencyKey } from "../report/agency.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { queryNewestFirst } from "./newest-first.js";
import {
  VersionConflictError,
  type Page,
  type ReportFilter,
  type ReportRecord,
  type ReportStore,
  type VersionRecord,
  type Withdrawal,
} from "./ports.js";
import { documentClient, ID_SHARDS, keys, REPORT_INDEX, type Index } from "./table.js";

const PUBLISHED = "PUBLISHED";
/** reports read per listing call at most (a narrow scope or filter may need several calls) */
const LISTING_READ_BUDGET = 1000;

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
    ...(item.publishedAt ? { publishedAt: item.publishedAt as string } : {}),
  };
}

const publishedKey = (at: string, reportId: string) => `${at}#${reportId}`;

export class DynamoReportStore implements ReportStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  /**
   * Summaries written before the listing existed sat in a per-edition index partition: moves them to
   * the listing (publish time taken as their last change). Idempotent; run where tables are ensured.
   */
  async upgrade(): Promise<void> {
    const index = REPORT_INDEX.byPublished;
    for (const edition of EDITION_IDS) {
      const pages = paginateQuery(
        { client: this.doc },
        { TableName: this.tableName, IndexName: index.name, KeyConditionExpression: `${index.pk} = :old`, ExpressionAttributeValues: { ":old": `EDITION#${edition}` } },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          const at = (item.publishedAt ?? item.updatedAt) as string;
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: keys.report(item.reportId as string),
              UpdateExpression: `SET ${index.pk} = :pub, ${index.sk} = :key, publishedAt = :at`,
              ExpressionAttributeValues: { ":pub": PUBLISHED, ":key": publishedKey(at, item.reportId as string), ":at": at },
            }),
          );
        }
      }
    }
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

  async latestStandingVersion(reportId: string): Promise<VersionRecord | undefined> {
    // Usually the latest stands: one item read. Otherwise walk back a page at a time.
    let page = await this.queryVersions(reportId, 1);
    while (page.length > 0) {
      const standing = page.find((v) => !v.withdrawn);
      if (standing) return standing;
      page = await this.queryVersions(reportId, 25, page[page.length - 1]!.version);
    }
    return undefined;
  }

  async withdrawVersion(reportId: string, version: number, withdrawal: Withdrawal): Promise<"withdrawn" | "already" | "missing"> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.version(reportId, version),
          UpdateExpression: "SET withdrawn = :w",
          ConditionExpression: "attribute_exists(PK) AND attribute_not_exists(withdrawn)",
          ExpressionAttributeValues: { ":w": withdrawal },
        }),
      );
      return "withdrawn";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getVersion(reportId, version)) ? "already" : "missing";
    }
  }

  async markPurged(reportId: string, version: number, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.version(reportId, version),
          UpdateExpression: "SET withdrawn.purgedAt = :at",
          ConditionExpression: "attribute_exists(withdrawn) AND attribute_not_exists(withdrawn.purgedAt)",
          ExpressionAttributeValues: { ":at": at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
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

  async updateReport(record: Omit<ReportRecord, "createdAt" | "updatedAt" | "publishedAt">, at: string, published: boolean): Promise<void> {
    const { byYear, byPublished, byIdShard, byAgency } = REPORT_INDEX;
    // A publish moves the report to the top of the listing; a regeneration leaves it where it is.
    const listing = published
      ? `publishedAt = :at, ${byPublished.pk} = :pub, ${byPublished.sk} = :pubKey`
      : `publishedAt = if_not_exists(publishedAt, :at), ${byPublished.pk} = :pub, ${byPublished.sk} = if_not_exists(${byPublished.sk}, :pubKey)`;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.report(record.reportId),
          UpdateExpression:
            "SET reportId = :id, agencyName = :agency, #year = :year, edition = :edition, title = :title, latestVersion = :n, " +
            `updatedAt = :at, createdAt = if_not_exists(createdAt, :at), ${listing}, ` +
            `${byYear.pk} = :yearKey, ${byYear.sk} = :id, ${byIdShard.pk} = :idKey, ${byIdShard.sk} = :id, ` +
            `${byAgency.pk} = :agencyKey, ${byAgency.sk} = :agencyYear`,
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
            ":pub": PUBLISHED,
            ":pubKey": publishedKey(at, record.reportId),
            ":yearKey": `YEAR#${record.year}`,
            ":idKey": `IDS#${record.reportId[0]}`,
            ":agencyKey": keys.agency(agencyKey(record.agencyName)),
            ":agencyYear": keys.agencyYear(record.year, record.reportId),
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

  async reportsOfAgency(agency: string, year: number): Promise<ReportRecord[]> {
    const index = REPORT_INDEX.byAgency;
    const items: ReportRecord[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        IndexName: index.name,
        KeyConditionExpression: `${index.pk} = :agency AND begins_with(${index.sk}, :year)`,
        ExpressionAttributeValues: { ":agency": keys.agency(agency), ":year": keys.agencyYear(year) },
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []).map(toReport));
    return items;
  }

  async listReports(filter: ReportFilter, options: { limit: number; cursor?: string }): Promise<Page<ReportRecord>> {
    const prefix = filter.reportIdPrefix ?? "";
    const after = options.cursor ? decodeCursor<{ id: string; shard: number }>(options.cursor, { id: "string", shard: "number" }) : undefined;
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    let index: Index;
    let partitions: string[];
    if (filter.edition !== undefined) {
      conditions.push("edition = :edition");
      values[":edition"] = filter.edition;
    }
    if (filter.year !== undefined) {
      index = REPORT_INDEX.byYear;
      partitions = [`YEAR#${filter.year}`];
    } else {
      index = REPORT_INDEX.byIdShard;
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

  async listRecentReports(
    filter: ReportFilter,
    options: { limit: number; cursor?: string; accept?: (report: ReportRecord) => boolean },
  ): Promise<Page<ReportRecord>> {
    const index = REPORT_INDEX.byPublished;
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ":pub": PUBLISHED };
    if (filter.year !== undefined) {
      conditions.push("#year = :year");
      names["#year"] = "year";
      values[":year"] = filter.year;
    }
    if (filter.edition !== undefined) {
      conditions.push("edition = :edition");
      values[":edition"] = filter.edition;
    }
    if (filter.reportIdPrefix) {
      conditions.push("begins_with(reportId, :prefix)");
      values[":prefix"] = filter.reportIdPrefix;
    }
    return queryNewestFirst(
      this.doc,
      {
        input: {
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: `${index.pk} = :pub`,
          ExpressionAttributeValues: values,
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
        },
        sortKey: index.sk,
        startKey: (sortKey) => ({ ...keys.report(sortKey.slice(sortKey.indexOf("#") + 1)), [index.pk]: PUBLISHED, [index.sk]: sortKey }),
        sortKeyPattern: /^[0-9TZ:.-]{20,30}#[a-z0-9][a-z0-9-]{2,63}$/,
        convert: toReport,
        ...(options.accept ? { accept: options.accept } : {}),
        budget: LISTING_READ_BUDGET,
      },
      options,
    );
  }
}
