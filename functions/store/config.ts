/**
 * Storage configuration from the environment. The same adapters talk to AWS in production (no
 * endpoints: the SDK's defaults and the function's role) and to the embedded s3rver and dynalite
 * locally (endpoints on loopback, fixed local credentials).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { DynamoAuditStore } from "./dynamo-audit-store.js";
import { DynamoJobStore } from "./dynamo-job-store.js";
import { DynamoReportStore } from "./dynamo-report-store.js";
import { DynamoTokenStore } from "./dynamo-token-store.js";
import { DynamoWebhookStore } from "./dynamo-webhook-store.js";
import type { StorePorts } from "./ports.js";
import { S3DocumentStore } from "./s3-document-store.js";
import { ensureTable } from "./table.js";

export const LINK_EXPIRY = { defaultSeconds: 600, maxSeconds: 3600 } as const;

export interface StoreConfig {
  readonly bucket: string;
  readonly table: string;
  /** the tokens' own table on AWS (only the authoriser and the token routes may reach it); locally the same table */
  readonly tokenTable?: string;
  readonly region: string;
  /** loopback endpoints of the embedded emulators; absent on AWS */
  readonly s3Endpoint?: string;
  readonly dynamoEndpoint?: string;
  /** static credentials for the emulators; absent on AWS (the default provider chain) */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  readonly linkExpirySeconds: number;
  /** days a bulk job's items are kept (DynamoDB TTL); absent: kept */
  readonly jobRetentionDays?: number;
  /** days an audit record is kept (DynamoDB TTL); absent: kept */
  readonly auditRetentionDays?: number;
}

export class ConfigError extends Error {}

export function linkExpiry(value: string | undefined): number {
  if (value === undefined || value === "") return LINK_EXPIRY.defaultSeconds;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > LINK_EXPIRY.maxSeconds) {
    throw new ConfigError(`NIANBAO_LINK_EXPIRY_SECONDS must be an integer from 1 to ${LINK_EXPIRY.maxSeconds}, not ${value}`);
  }
  return seconds;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const bucket = env.NIANBAO_BUCKET;
  const table = env.NIANBAO_TABLE;
  if (!bucket || !table) throw new ConfigError("NIANBAO_BUCKET and NIANBAO_TABLE must be set");
  return {
    bucket,
    table,
    ...(env.NIANBAO_TOKEN_TABLE ? { tokenTable: env.NIANBAO_TOKEN_TABLE } : {}),
    region: env.AWS_REGION ?? "us-east-1",
    ...(env.NIANBAO_S3_ENDPOINT ? { s3Endpoint: env.NIANBAO_S3_ENDPOINT } : {}),
    ...(env.NIANBAO_DYNAMODB_ENDPOINT ? { dynamoEndpoint: env.NIANBAO_DYNAMODB_ENDPOINT } : {}),
    ...(env.NIANBAO_S3_ENDPOINT || env.NIANBAO_DYNAMODB_ENDPOINT
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "S3RVER", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "S3RVER" } }
      : {}),
    linkExpirySeconds: linkExpiry(env.NIANBAO_LINK_EXPIRY_SECONDS),
    ...retention("NIANBAO_JOB_RETENTION_DAYS", env, (days) => ({ jobRetentionDays: days })),
    ...retention("NIANBAO_AUDIT_RETENTION_DAYS", env, (days) => ({ auditRetentionDays: days })),
  };
}

/** A retention in days from the environment (unset or empty: items are kept). */
function retention<T>(name: string, env: NodeJS.ProcessEnv, into: (days: number) => T): T | Record<string, never> {
  const raw = env[name];
  if (raw === undefined || raw === "") return {};
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new ConfigError(`${name} must be a whole number of days (1 or more), not ${raw}`);
  return into(days);
}

export function s3Client(config: StoreConfig, transport?: S3Transport): S3Client {
  const client = new S3Client({
    region: config.region,
    // Checksums only where S3 requires them: the emulators corrupt or reject streamed uploads otherwise.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...transport,
  });
  if (config.s3Endpoint) {
    // The s3rver fork lists a bucket only at "/bucket", not "/bucket/".
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { path?: string; query?: Record<string, unknown> };
        if (request.query && "list-type" in request.query && request.path?.endsWith("/")) request.path = request.path.slice(0, -1);
        return next(args);
      },
      { step: "build", name: "nianbaoLocalListPath" },
    );
  }
  return client;
}

/**
 * How requests reach the stores when not as signed HTTP: the local service's own clients hand them
 * to the embedded dynalite and s3rver in this process (local/in-process-http.ts), with a handler and
 * a signer of their own. Signed links still name the endpoint, and are signed as ever.
 */
export type DynamoTransport = Required<Pick<DynamoDBClientConfig, "requestHandler" | "signer">>;
export type S3Transport = Required<Pick<S3ClientConfig, "requestHandler" | "signer">>;

export function dynamoClient(config: StoreConfig, transport?: DynamoTransport): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
    ...transport,
  });
}

/** The adapters of every store port, over one S3 client and one DynamoDB client. */
export interface Stores extends StorePorts {
  readonly documents: S3DocumentStore;
  readonly reports: DynamoReportStore;
  readonly tokens: DynamoTokenStore;
  readonly jobs: DynamoJobStore;
  readonly audit: DynamoAuditStore;
  readonly webhooks: DynamoWebhookStore;
  readonly dynamo: DynamoDBClient;
  readonly config: StoreConfig;
  /** Creates the tables if they do not exist (local emulator and tests; CDK creates them on AWS). */
  ensureTables(): Promise<void>;
}

export function createStores(config: StoreConfig, transport: { dynamo?: DynamoTransport; s3?: S3Transport } = {}): Stores {
  const dynamo = dynamoClient(config, transport.dynamo);
  const tokenTable = config.tokenTable ?? config.table;
  const reports = new DynamoReportStore(dynamo, config.table);
  return {
    documents: new S3DocumentStore(s3Client(config, transport.s3), config.bucket),
    reports,
    tokens: new DynamoTokenStore(dynamo, tokenTable),
    jobs: new DynamoJobStore(dynamo, config.table, config.jobRetentionDays ? { retentionDays: config.jobRetentionDays } : {}),
    audit: new DynamoAuditStore(dynamo, config.table, config.auditRetentionDays ? { retentionDays: config.auditRetentionDays } : {}),
    webhooks: new DynamoWebhookStore(dynamo, config.table),
    dynamo,
    config,
    async ensureTables() {
      for (const table of new Set([config.table, tokenTable])) await ensureTable(dynamo, table);
      await reports.upgrade();
    },
  };
}
