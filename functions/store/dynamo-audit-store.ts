/**
 * The audit trail on DynamoDB (table design in table.ts): each entry is its own item, put once with
 * attribute_not_exists and never updated, under a key that sorts by time. Three index partitions give
 * the trail newest first as a whole, per report and per actor; `since` bounds the sort key.
 */
import { randomBytes } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { queryNewestFirst } from "./newest-first.js";
import type { AuditEntry, AuditFilter, AuditStore, Page } from "./ports.js";
import { AUDIT_INDEX, documentClient, expiryOf, keys, type Index } from "./table.js";

/** entries read per listing call at most (a filter on action may need several calls) */
const READ_BUDGET = 1000;
const SORT_KEY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[0-9a-f]{16}$/;

function toEntry(item: Record<string, unknown>): AuditEntry {
  return {
    at: item.at as string,
    actor: item.actor as string,
    action: item.action as AuditEntry["action"],
    target: item.target as string,
    ...(item.reportId ? { reportId: item.reportId as string } : {}),
    outcome: item.outcome as AuditEntry["outcome"],
    detail: (item.detail ?? {}) as Record<string, unknown>,
  };
}

export class DynamoAuditStore implements AuditStore {
  private readonly doc: DynamoDBDocumentClient;

  /** With a retention, every entry carries a TTL of that many days after it was written. */
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    private readonly options: { retentionDays?: number } = {},
  ) {
    this.doc = documentClient(client);
  }

  async append(entry: AuditEntry): Promise<void> {
    const sortKey = `${entry.at}#${randomBytes(8).toString("hex")}`;
    const { byReport, byActor, all } = AUDIT_INDEX;
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.audit(sortKey),
          ...entry,
          [all.pk]: "AUDIT",
          [all.sk]: sortKey,
          [byActor.pk]: `AUDIT#ACTOR#${entry.actor}`,
          [byActor.sk]: sortKey,
          ...(entry.reportId ? { [byReport.pk]: `AUDIT#REPORT#${entry.reportId}`, [byReport.sk]: sortKey } : {}),
          ...expiryOf(this.options.retentionDays, new Date(entry.at)),
        },
        ConditionExpression: "attribute_not_exists(PK)",
      }),
    );
  }

  async list(filter: AuditFilter, options: { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
    // the narrowest partition that serves the filter; the rest of the filter is applied to what is read
    let index: Index;
    let partition: string;
    const conditions: string[] = [];
    const values: Record<string, unknown> = {};
    if (filter.reportId !== undefined) {
      index = AUDIT_INDEX.byReport;
      partition = `AUDIT#REPORT#${filter.reportId}`;
      if (filter.actor !== undefined) {
        conditions.push("actor = :actor");
        values[":actor"] = filter.actor;
      }
    } else if (filter.actor !== undefined) {
      index = AUDIT_INDEX.byActor;
      partition = `AUDIT#ACTOR#${filter.actor}`;
    } else {
      index = AUDIT_INDEX.all;
      partition = "AUDIT";
    }
    if (filter.action !== undefined) {
      conditions.push("#action = :action");
      values[":action"] = filter.action;
    }
    return queryNewestFirst(
      this.doc,
      {
        input: {
          TableName: this.tableName,
          IndexName: index.name,
          KeyConditionExpression: `${index.pk} = :pk${filter.since !== undefined ? ` AND ${index.sk} >= :since` : ""}`,
          ExpressionAttributeValues: { ...values, ":pk": partition, ...(filter.since !== undefined ? { ":since": filter.since } : {}) },
          ...(filter.action !== undefined ? { ExpressionAttributeNames: { "#action": "action" } } : {}),
          ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
        },
        sortKey: index.sk,
        startKey: (sortKey) => ({ ...keys.audit(sortKey), [index.pk]: partition, [index.sk]: sortKey }),
        sortKeyPattern: SORT_KEY,
        convert: toEntry,
        budget: READ_BUDGET,
      },
      options,
    );
  }
}
