/**
 * What a function may touch, in the domain's words. A function's spec lists its grants
 * (infra/function-specs.ts); each grant here becomes IAM statements with exact actions on exact
 * resources, so a reader of the template finds every permission, and a grant nothing uses is a
 * test failure (test/infra/least-privilege.test.ts).
 *
 * Items of different aggregates share the metadata table; grants on it carry a
 * dynamodb:LeadingKeys condition on the aggregate's partition-key prefix, so a function that may
 * write jobs cannot write a report's versions. Tokens have a table of their own: only the
 * authoriser and the token routes can reach them.
 */
import { Stack, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Effect, PolicyStatement, type IGrantable } from "aws-cdk-lib/aws-iam";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IConstruct } from "constructs";
import { EXPORT_PREFIX, OBJECT_PREFIX } from "../../functions/store/keys.js";
import { AUDIT_INDEX, GSI, keys, REPORT_INDEX, TOKEN_INDEX, WEBHOOK_INDEX, type Index } from "../../functions/store/table.js";

/** The partition-key prefix of each aggregate in the metadata table ("REPORT#", "JOB#", "AUDIT#", "WEBHOOK#"). */
const KEY_PREFIX = { report: keys.report("").PK, job: keys.job("").PK, audit: keys.audit("").PK, webhook: keys.webhook("").PK } as const;

export type Grant =
  /** sign download links to any report's PDFs, and only those */
  | "documents:read-pdf"
  /** sign download links to any report's OFD editions, and only those */
  | "documents:read-ofd"
  /** read report objects (sources, PDFs) */
  | "documents:read"
  /** read stored report sources only (the prior-year check of POST /validate) */
  | "documents:read-sources"
  /** store new report objects (content-addressed, never overwritten) and read them back */
  | "documents:write"
  /** list and delete report objects (orphan cleanup, purge) */
  | "documents:delete"
  /** a report's summary and versions, by key */
  | "reports:read"
  /** a report's versions, newest first (nothing else) */
  | "reports:versions"
  /** a new version of a report and its summary (after reading the latest) */
  | "reports:publish"
  /** mark a version withdrawn (and purged), reading it and its siblings */
  | "reports:withdraw"
  /** reports by year, edition or reportId prefix (the metadata table's indexes) */
  | "reports:list"
  /** find the same agency's report of the year before (the prior-year check; its source: documents:read-sources) */
  | "reports:prior-year"
  /** create a bulk regeneration job */
  | "jobs:start"
  /** a job's status and failures */
  | "jobs:read"
  /** count a job's pages and reports as they settle */
  | "jobs:progress"
  /** look a token up by the hash of its secret, and note its use */
  | "tokens:verify"
  /** issue, list and revoke tokens */
  | "tokens:manage"
  /** append audit entries (never change or read them) */
  | "audit:append"
  /** read the audit trail (the metadata table's indexes) */
  | "audit:read"
  /** put messages on the regeneration queue */
  | "regenerations:send"
  /** what Lambda's SQS event source needs to drain the regeneration queue for the function */
  | "regenerations:receive"
  /** the same for the dead-letter queue */
  | "dead-letters:receive"
  /** put events on the stack's event bus */
  | "events:put"
  /** create, list and delete (mark deleted) webhook subscriptions, and read their deliveries */
  | "webhooks:manage"
  /** read subscriptions and record their deliveries */
  | "webhooks:deliver"
  /** seal a webhook secret (KMS Encrypt only) */
  | "webhook-secrets:seal"
  /** open a webhook secret to sign a delivery (KMS Decrypt only) */
  | "webhook-secrets:open"
  /** put messages on the webhook delivery queue (fan-out, retries) */
  | "deliveries:send"
  /** drain the webhook delivery queue */
  | "deliveries:receive"
  /** drain the webhook delivery dead-letter queue */
  | "delivery-dead-letters:receive"
  /** write table exports under exports/ and sign links to them */
  | "exports:write";

export interface AccessResources {
  readonly bucket: IBucket;
  readonly metadata: ITable;
  readonly tokens: ITable;
  readonly regenerations: IQueue;
  readonly deadLetters: IQueue;
  readonly events: IEventBus;
  readonly deliveries: IQueue;
  readonly deliveryDeadLetters: IQueue;
  readonly webhookKey: IKey;
}

/** The execution-role permissions Lambda's SQS event source documents (the queues use SSE-SQS: no KMS). */
const RECEIVE = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];

/** The IAM statements of one grant, and why each wildcard in them is needed (for cdk-nag). */
export function statementsOf(grant: Grant, r: AccessResources): { statements: PolicyStatement[]; wildcards: [string, string][] } {
  const objects = r.bucket.arnForObjects(`${OBJECT_PREFIX}*`);
  const objectsWhy: [string, string] = [
    arnToken(r.bucket, `/${OBJECT_PREFIX}*`),
    "Report objects have content-addressed keys (their SHA-256), unknown in advance; the grant covers only this bucket's reports/ prefix.",
  ];
  // ListBucket on the reports/ prefix makes a HEAD or GET of a missing key answer 404, not 403,
  // and lets the orphan cleanup list a report's objects.
  const listReports = allow(["s3:ListBucket"], [r.bucket.bucketArn], { StringLike: { "s3:prefix": [`${OBJECT_PREFIX}*`] } });
  const onObjects = (actions: string[]) => ({ statements: [allow(actions, [objects]), listReports], wildcards: [objectsWhy] });
  const items = (actions: string[], prefix: string) => ({
    statements: [allow(actions, [r.metadata.tableArn], { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${prefix}*`] } })],
    wildcards: [],
  });

  switch (grant) {
    case "documents:read-pdf":
      return {
        statements: [allow(["s3:GetObject"], [r.bucket.arnForObjects(`${OBJECT_PREFIX}*/pdf/*`)])],
        wildcards: [[arnToken(r.bucket, `/${OBJECT_PREFIX}*/pdf/*`), "Citizens' downloads sign GET links to any report's PDFs, and only those (reports/<id>/pdf/<sha256>.pdf)."]],
      };
    case "documents:read-ofd":
      return {
        statements: [allow(["s3:GetObject"], [r.bucket.arnForObjects(`${OBJECT_PREFIX}*/ofd/*`)])],
        wildcards: [[arnToken(r.bucket, `/${OBJECT_PREFIX}*/ofd/*`), "Citizens' downloads sign GET links to any report's OFD editions, and only those (reports/<id>/ofd/<sha256>.ofd)."]],
      };
    case "documents:read":
      return onObjects(["s3:GetObject"]);
    case "documents:read-sources":
      return {
        statements: [allow(["s3:GetObject"], [r.bucket.arnForObjects(`${OBJECT_PREFIX}*/source/*`)]), listReports],
        wildcards: [[arnToken(r.bucket, `/${OBJECT_PREFIX}*/source/*`), "The prior-year check reads the previous year's stored report source (reports/<id>/source/<sha256>.json), and only sources."]],
      };
    case "documents:write":
      return onObjects(["s3:GetObject", "s3:PutObject"]);
    case "documents:delete":
      return onObjects(["s3:DeleteObject"]);
    case "reports:read":
      return items(["dynamodb:GetItem", "dynamodb:Query"], KEY_PREFIX.report);
    case "reports:versions":
      return items(["dynamodb:Query"], KEY_PREFIX.report);
    case "reports:publish":
      return items(["dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"], KEY_PREFIX.report);
    case "reports:withdraw":
      return items(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"], KEY_PREFIX.report);
    // Index queries: an index's partition keys are not the table's, so no LeadingKeys condition on them.
    case "reports:list":
      return { statements: [allow(["dynamodb:Query"], Object.values(GSI).map((index) => indexArn(r.metadata, index)))], wildcards: [] };
    case "audit:read":
      return { statements: [allow(["dynamodb:Query"], [...new Set(Object.values(AUDIT_INDEX))].map((index) => indexArn(r.metadata, index)))], wildcards: [] };
    case "audit:append":
      return items(["dynamodb:PutItem"], KEY_PREFIX.audit);
    case "reports:prior-year":
      return {
        statements: [...items(["dynamodb:GetItem", "dynamodb:Query"], KEY_PREFIX.report).statements, allow(["dynamodb:Query"], [indexArn(r.metadata, REPORT_INDEX.byAgency)])],
        wildcards: [],
      };
    case "jobs:start":
      return items(["dynamodb:PutItem"], KEY_PREFIX.job);
    case "jobs:read":
      return items(["dynamodb:GetItem", "dynamodb:Query"], KEY_PREFIX.job);
    case "jobs:progress":
      // BatchGetItem: a report's message reads its job and the report's outcome in one request
      return items(["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], KEY_PREFIX.job);
    case "tokens:verify":
      return { statements: [allow(["dynamodb:GetItem", "dynamodb:UpdateItem"], [r.tokens.tableArn])], wildcards: [] };
    case "tokens:manage":
      return {
        statements: [allow(["dynamodb:PutItem", "dynamodb:UpdateItem"], [r.tokens.tableArn]), allow(["dynamodb:Query"], [indexArn(r.tokens, TOKEN_INDEX.all)])],
        wildcards: [],
      };
    case "regenerations:send":
      // SendMessageBatch is authorised by sqs:SendMessage
      return { statements: [allow(["sqs:SendMessage"], [r.regenerations.queueArn])], wildcards: [] };
    case "regenerations:receive":
      return { statements: [allow(RECEIVE, [r.regenerations.queueArn])], wildcards: [] };
    case "dead-letters:receive":
      return { statements: [allow(RECEIVE, [r.deadLetters.queueArn])], wildcards: [] };
    case "events:put":
      return { statements: [allow(["events:PutEvents"], [r.events.eventBusArn])], wildcards: [] };
    case "webhooks:manage":
      return {
        statements: [...items(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"], KEY_PREFIX.webhook).statements, allow(["dynamodb:Query"], [indexArn(r.metadata, WEBHOOK_INDEX.all)])],
        wildcards: [],
      };
    case "webhooks:deliver":
      return {
        statements: [...items(["dynamodb:GetItem", "dynamodb:PutItem"], KEY_PREFIX.webhook).statements, allow(["dynamodb:Query"], [indexArn(r.metadata, WEBHOOK_INDEX.all)])],
        wildcards: [],
      };
    case "webhook-secrets:seal":
      return { statements: [allow(["kms:Encrypt"], [r.webhookKey.keyArn])], wildcards: [] };
    case "webhook-secrets:open":
      return { statements: [allow(["kms:Decrypt"], [r.webhookKey.keyArn])], wildcards: [] };
    case "deliveries:send":
      return { statements: [allow(["sqs:SendMessage"], [r.deliveries.queueArn])], wildcards: [] };
    case "deliveries:receive":
      return { statements: [allow(RECEIVE, [r.deliveries.queueArn])], wildcards: [] };
    case "delivery-dead-letters:receive":
      return { statements: [allow(RECEIVE, [r.deliveryDeadLetters.queueArn])], wildcards: [] };
    case "exports:write":
      // a multipart upload needs AbortMultipartUpload to clean up after a failed part
      return {
        statements: [allow(["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], [r.bucket.arnForObjects(`${EXPORT_PREFIX}*`)])],
        wildcards: [[arnToken(r.bucket, `/${EXPORT_PREFIX}*`), "Exports are written under random keys (exports/<uuid>.csv|xlsx), unknown in advance; only this prefix."]],
      };
  }
}

function indexArn(table: ITable, index: Index): string {
  return `${table.tableArn}/index/${index.name}`;
}

function allow(actions: string[], resources: string[], conditions?: Record<string, unknown>): PolicyStatement {
  return new PolicyStatement({ effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) });
}

/** Gives a function's role its grants, and acknowledges the wildcards they need with their reasons. */
export function grantAll(role: IGrantable & IConstruct, grants: readonly Grant[], resources: AccessResources): void {
  const acknowledged = new Set<string>();
  for (const grant of grants) {
    const { statements, wildcards } = statementsOf(grant, resources);
    for (const statement of statements) role.grantPrincipal.addToPrincipalPolicy(statement);
    for (const [resource, reason] of wildcards) {
      if (acknowledged.has(resource)) continue;
      acknowledged.add(resource);
      Validations.of(role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }
  }
}

/** How cdk-nag names a resource ARN in its findings: <LogicalId.Arn>/suffix. */
function arnToken(resource: IConstruct, suffix: string): string {
  const element = resource.node.defaultChild as { logicalId?: string } & IConstruct;
  return `<${Stack.of(resource).getLogicalId(element as never)}.Arn>${suffix}`;
}
