/** Reports and their immutable versions on DynamoDB (table design in table.ts). */
import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { agencyKey } from "../report/agency.js";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { VersionConflictError, type Page, type ReportFilter, type ReportRecord, type ReportStore, type VersionRecord } from "./ports.js";
import { documentClient, GSI, ID_SHARDS, keys } from "./table.js";

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

export class DynamoReportStore implements ReportStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {
    this.doc = documentClient(client);
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
            `${GSI.byId.pk} = :idKey, ${GSI.byId.sk} = :id, ${GSI.byAgency.pk} = :agencyKey, ${GSI.byAgency.sk} = :agencyYear`,
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
    const items: ReportRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: GSI.byAgency.name,
          KeyConditionExpression: `${GSI.byAgency.pk} = :agency AND begins_with(${GSI.byAgency.sk}, :year)`,
          ExpressionAttributeValues: { ":agency": keys.agency(agency), ":year": keys.agencyYear(year) },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(page.Items ?? []).map(toReport));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
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
}
