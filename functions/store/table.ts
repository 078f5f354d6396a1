/**
 * The DynamoDB table: one table, generic keys, designed for the access patterns. The global
 * secondary indexes are generic too; each item type gives them its own meaning (the *_INDEX maps).
 *
 *   item                 PK                 SK             GSI keys
 *   report summary       REPORT#<id>        REPORT         GSI1 YEAR#<year>/<id>, GSI2 PUBLISHED/<publishedAt>#<id>, GSI3 IDS#<first char>/<id>,
 *                                                          GSI4 AGENCY#<sha256 of the agency key>/<year>#<id>
 *   version              REPORT#<id>        V#<0000000001>
 *   token                TOKEN#<sha256>     TOKEN          GSI3 TOKENS/<created>
 *   regeneration job     JOB#<id>           JOB
 *   job report outcome   JOB#<id>           OUT#<reportId>   (succeeded or failed, written once: counts each report
 *                                                            once under at-least-once delivery; the counters on
 *                                                            the job can be recomputed from these)
 *   audit entry          AUDIT#<at>#<rand>  AUDIT          GSI1 AUDIT#REPORT#<id>/<at>#<rand>, GSI2 AUDIT#ACTOR#<actor>/…, GSI3 AUDIT/…
 *   webhook subscription WEBHOOK#<id>       WEBHOOK        GSI3 WEBHOOKS/<created>#<id>
 *   webhook delivery     WEBHOOK#<id>       DELIVERY#<at>#<webhook-id>   (expires after 30 days)
 *
 * - latest version, versions newest first, pagination: Query PK=REPORT#<id>, SK begins_with V#, backwards;
 * - reports of a year, optionally by reportId prefix: Query GSI1 with begins_with on the sort key;
 * - reports newest publish first (the listing): Query GSI2 PUBLISHED backwards, other filters applied to
 *   the items read;
 * - reports by reportId prefix alone: Query the GSI3 shard of the prefix's first character
 *   (all 36 shards for no filter), so no single partition holds every report;
 * - an agency's report of a year (the prior-year check on publish): Query GSI4 on the agency's key
 *   (report/agency.ts) with begins_with "<year>#" — one small partition per agency;
 * - subscriptions: Query GSI3 WEBHOOKS; a subscription's recent deliveries: Query PK, SK begins_with DELIVERY#, backwards;
 * - token by hash: GetItem; every token (listing, revocation by id): Query GSI3 TOKENS;
 * - audit trail newest first, per report, per actor: Query GSI1/GSI2/GSI3 backwards, `since` on the sort key.
 * The emulator has no transactions: versions are written with attribute_not_exists; the only update a
 * version ever takes adds its `withdrawn` record. Audit entries are put once and never updated.
 */
import { createHash } from "node:crypto";
import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, type CreateTableCommandInput, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export const GSI = {
  gsi1: { name: "GSI1", pk: "GSI1PK", sk: "GSI1SK" },
  gsi2: { name: "GSI2", pk: "GSI2PK", sk: "GSI2SK" },
  gsi3: { name: "GSI3", pk: "GSI3PK", sk: "GSI3SK" },
  gsi4: { name: "GSI4", pk: "GSI4PK", sk: "GSI4SK" },
} as const;
export type Index = (typeof GSI)[keyof typeof GSI];

export const REPORT_INDEX = { byYear: GSI.gsi1, byPublished: GSI.gsi2, byIdShard: GSI.gsi3, byAgency: GSI.gsi4 } as const;
export const TOKEN_INDEX = { all: GSI.gsi3 } as const;
export const AUDIT_INDEX = { byReport: GSI.gsi1, byActor: GSI.gsi2, all: GSI.gsi3 } as const;
export const WEBHOOK_INDEX = { all: GSI.gsi3 } as const;

/**
 * Items that expire carry their expiry here, in epoch seconds (DynamoDB TTL on AWS; the local
 * emulator has no TTL, so there they stay).
 */
export const TTL_ATTRIBUTE = "ttl";

/** The TTL attribute of an item written at `now` and kept `retentionDays` (none without a retention). */
export function expiryOf(retentionDays: number | undefined, now: Date): Record<string, number> {
  if (!retentionDays) return {};
  return { [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + retentionDays * 86_400 };
}

/** reportId's first character: [a-z0-9] */
export const ID_SHARDS = "abcdefghijklmnopqrstuvwxyz0123456789".split("");

export const keys = {
  report: (reportId: string) => ({ PK: `REPORT#${reportId}`, SK: "REPORT" }),
  version: (reportId: string, version: number) => ({ PK: `REPORT#${reportId}`, SK: `V#${String(version).padStart(10, "0")}` }),
  versionPrefix: "V#",
  token: (hash: string) => ({ PK: `TOKEN#${hash}`, SK: "TOKEN" }),
  job: (jobId: string) => ({ PK: `JOB#${jobId}`, SK: "JOB" }),
  jobOutcome: (jobId: string, reportId: string) => ({ PK: `JOB#${jobId}`, SK: `OUT#${reportId}` }),
  jobOutcomePrefix: "OUT#",
  /** `sortKey` is `<at>#<random>`: unique, and in time order */
  audit: (sortKey: string) => ({ PK: `AUDIT#${sortKey}`, SK: "AUDIT" }),
  webhook: (id: string) => ({ PK: `WEBHOOK#${id}`, SK: "WEBHOOK" }),
  delivery: (subscriptionId: string, at: string, id: string) => ({ PK: `WEBHOOK#${subscriptionId}`, SK: `DELIVERY#${at}#${id}` }),
  deliveryPrefix: "DELIVERY#",
  // hashed: a key stays short however long the name (NFKC can expand a character eighteenfold)
  agency: (agencyKey: string) => `AGENCY#${createHash("sha256").update(agencyKey).digest("hex")}`,
  agencyYear: (year: number, reportId?: string) => `${year}#${reportId ?? ""}`,
};

/** The table definition, for local emulators and tests (production creates it with CDK, same keys). */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const gsis = Object.values(GSI);
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [
      { AttributeName: "PK", AttributeType: "S" },
      { AttributeName: "SK", AttributeType: "S" },
      ...gsis.flatMap((g) => [
        { AttributeName: g.pk, AttributeType: "S" as const },
        { AttributeName: g.sk, AttributeType: "S" as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: "PK", KeyType: "HASH" },
      { AttributeName: "SK", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: gsis.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.pk, KeyType: "HASH" },
        { AttributeName: g.sk, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

/** The document client every adapter uses: plain JS values in and out, undefined attributes left out. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Creates the table if it does not exist (local emulator and tests; CDK creates it on AWS). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${tableName} did not become active`);
}
