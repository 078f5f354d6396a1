/** The Nianbao stack: storage, the functions, the HTTP API, the regeneration queue, alarms. */
import { CfnElement, CfnOutput, Duration, Stack, Validations, type StackProps } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionName } from "../functions/http/routes.js";
import { Api } from "./constructs/api.js";
import { FunctionFactory } from "./constructs/functions.js";
import { Storage } from "./constructs/storage.js";

export interface NianbaoSettings {
  readonly deletionProtection: boolean;
  readonly linkExpirySeconds: number;
  readonly bodyLimitBytes: number;
  readonly heavyMemoryMb: number;
  readonly workerConcurrency: number;
  readonly throttleRate: number;
  readonly throttleBurst: number;
  readonly officialFontsDir?: string;
}

export const DEFAULT_SETTINGS: NianbaoSettings = {
  deletionProtection: true,
  linkExpirySeconds: 600,
  bodyLimitBytes: 1024 * 1024,
  heavyMemoryMb: 2048,
  workerConcurrency: 10,
  throttleRate: 50,
  throttleBurst: 100,
};

/** API Gateway gives an integration at most 30 s; the rendering API functions stay under it. */
export const HEAVY_API_TIMEOUT = Duration.seconds(28);
export const WORKER_TIMEOUT = Duration.minutes(2);
export const MAX_ATTEMPTS = 3;

export class NianbaoStack extends Stack {
  readonly storage: Storage;
  readonly api: Api;
  readonly queue: Queue;
  readonly deadLetters: Queue;
  readonly functions: Record<FunctionName | "worker" | "authorizer", NodejsFunction>;

  constructor(scope: Construct, id: string, settings: NianbaoSettings, props?: StackProps) {
    super(scope, id, props);
    if (settings.heavyMemoryMb < 1536) throw new Error("heavyMemoryMb must be at least 1536 (Chromium)");
    if (settings.linkExpirySeconds < 1 || settings.linkExpirySeconds > 3600) throw new Error("linkExpirySeconds must be 1..3600");

    this.storage = new Storage(this, "Storage", { deletionProtection: settings.deletionProtection, noncurrentVersionDays: 90 });
    const { bucket, table } = this.storage;

    this.deadLetters = new Queue(this, "RegenerationDeadLetters", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({ id: "AwsSolutions-SQS3", reason: "This queue is the dead-letter queue of the regeneration queue." });
    this.queue = new Queue(this, "Regenerations", {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // six times the worker's timeout, as Lambda's SQS integration recommends
      visibilityTimeout: Duration.seconds(WORKER_TIMEOUT.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: MAX_ATTEMPTS },
    });

    const factory = new FunctionFactory(this, "Functions", settings.officialFontsDir ? { officialFontsDir: settings.officialFontsDir } : {});
    const common = {
      NIANBAO_BUCKET: bucket.bucketName,
      NIANBAO_TABLE: table.tableName,
      NIANBAO_LINK_EXPIRY_SECONDS: String(settings.linkExpirySeconds),
      NIANBAO_BODY_LIMIT_BYTES: String(settings.bodyLimitBytes),
    };
    const heavyApi = (fn: FunctionName, description: string) =>
      factory.create(`${fn[0]!.toUpperCase()}${fn.slice(1)}Function`, {
        entry: "functions/handlers/api-heavy.ts",
        heavy: true,
        memoryMb: settings.heavyMemoryMb,
        timeout: HEAVY_API_TIMEOUT,
        environment: { ...common, NIANBAO_FUNCTION: fn },
        description,
      });
    const lightApi = (fn: FunctionName, description: string, extra: Record<string, string> = {}) =>
      factory.create(`${fn[0]!.toUpperCase()}${fn.slice(1)}Function`, {
        entry: "functions/handlers/api-light.ts",
        heavy: false,
        memoryMb: 256,
        timeout: Duration.seconds(10),
        environment: { ...common, NIANBAO_FUNCTION: fn, ...extra },
        description,
      });

    this.functions = {
      publish: heavyApi("publish", "PUT /reports/{reportId}: validate, render, store a version"),
      preview: heavyApi("preview", "POST /preview: render a draft, store nothing"),
      regenerate: heavyApi("regenerate", "POST /reports/{reportId}/regenerate"),
      validate: lightApi("validate", "POST /validate"),
      metadata: lightApi("metadata", "GET /reports/{reportId}[/versions[/{n}[/source]]]"),
      download: lightApi("download", "GET /d/{reportId}[/{n}]: redirect to a signed link; /health; /openapi.json"),
      jobs: lightApi("jobs", "POST /regenerations, GET /regenerations/{jobId}", { NIANBAO_QUEUE_URL: this.queue.queueUrl }),
      worker: factory.create("WorkerFunction", {
        entry: "functions/handlers/worker.ts",
        heavy: true,
        memoryMb: settings.heavyMemoryMb,
        timeout: WORKER_TIMEOUT,
        environment: { ...common, NIANBAO_QUEUE_URL: this.queue.queueUrl, NIANBAO_MAX_ATTEMPTS: String(MAX_ATTEMPTS) },
        description: "Bulk regeneration worker (SQS)",
      }),
      authorizer: factory.create("AuthorizerFunction", {
        entry: "functions/handlers/authorizer.ts",
        heavy: false,
        memoryMb: 256,
        timeout: Duration.seconds(5),
        environment: { ...common },
        description: "API token authorizer (hashed tokens)",
      }),
    };
    const f = this.functions;
    f.worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true }));
    // reserved concurrency bounds how hard a bulk regeneration hits Chromium, DynamoDB and S3
    (f.worker.node.defaultChild as { reservedConcurrentExecutions?: number }).reservedConcurrentExecutions = settings.workerConcurrency;

    // Least privilege, function by function.
    const objects = bucket.arnForObjects("reports/*");
    const s3 = (fn: IFunction, actions: string[], resources: string[]) =>
      fn.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
    // ListBucket on the reports/ prefix lets a HEAD or GET of a missing key answer 404, not 403.
    const listReports = new PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn], conditions: { StringLike: { "s3:prefix": ["reports/*"] } } });
    for (const fn of [f.publish, f.regenerate, f.worker]) {
      s3(fn, ["s3:GetObject", "s3:PutObject"], [objects]);
      fn.addToRolePolicy(listReports);
      table.grantReadWriteData(fn);
    }
    for (const fn of [f.metadata]) {
      s3(fn, ["s3:GetObject"], [objects]);
      fn.addToRolePolicy(listReports);
      table.grantReadData(fn);
    }
    s3(f.download, ["s3:GetObject"], [bucket.arnForObjects("reports/*/pdf/*")]);
    table.grantReadData(f.download);
    // validate reads the previous year's stored source for the prior-year check, and nothing else
    s3(f.validate, ["s3:GetObject"], [bucket.arnForObjects("reports/*/source/*")]);
    table.grantReadData(f.validate);
    table.grantReadWriteData(f.jobs);
    this.queue.grantSendMessages(f.jobs);
    this.queue.grantSendMessages(f.worker);
    f.authorizer.addToRolePolicy(new PolicyStatement({ actions: ["dynamodb:GetItem"], resources: [table.tableArn] }));
    // preview touches no storage at all

    const arnOf = (resource: Construct) => `<${this.getLogicalId(resource.node.defaultChild as CfnElement)}.Arn>`;
    const reports: [string, string] = [`${arnOf(bucket)}/reports/*`, "Report objects have content-addressed keys (their SHA-256), unknown in advance; the grant covers only this bucket's reports/ prefix."];
    const sources: [string, string] = [`${arnOf(bucket)}/reports/*/source/*`, "The prior-year check reads the previous year's stored report source (reports/<id>/source/<sha256>.json), and only sources."];
    const pdfs: [string, string] = [`${arnOf(bucket)}/reports/*/pdf/*`, "Citizens' downloads sign GET links to any report's PDFs, and only those (reports/<id>/pdf/<sha256>.pdf)."];
    const indexes: [string, string] = [`${arnOf(table)}/index/*`, "The metadata table's own global secondary indexes (by year, edition, reportId shard, agency), queried for listings, bulk regeneration and the prior-year check."];
    const wildcards: [NodejsFunction, [string, string][]][] = [
      [f.publish, [reports, indexes]],
      [f.regenerate, [reports, indexes]],
      [f.worker, [reports, indexes]],
      [f.metadata, [reports, indexes]],
      [f.download, [pdfs, indexes]],
      [f.jobs, [indexes]],
      [f.validate, [sources, indexes]],
    ];
    for (const [fn, findings] of wildcards) {
      for (const [resource, reason] of findings) Validations.of(fn).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
    }

    this.api = new Api(this, "Api", {
      functions: f,
      authorizer: f.authorizer,
      throttle: { rateLimit: settings.throttleRate, burstLimit: settings.throttleBurst },
    });

    // Alarms: any function error, anything dead-lettered, slow renders.
    for (const [name, fn] of Object.entries(f)) {
      new Alarm(this, `${name}Errors`, {
        alarmDescription: `${name} function errors`,
        metric: fn.metricErrors({ period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    new Alarm(this, "DeadLetters", {
      alarmDescription: "Reports whose regeneration failed every attempt",
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, "SlowRenders", {
      alarmDescription: "p95 render duration above 10 s",
      metric: new Metric({ namespace: "Nianbao", metricName: "RenderDuration", dimensionsMap: { service: "nianbao" }, statistic: "p95", period: Duration.minutes(5) }),
      threshold: 10_000,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the HTTP API" });
    new CfnOutput(this, "BucketName", { value: bucket.bucketName, description: "Document bucket (private)" });
    new CfnOutput(this, "TableName", { value: table.tableName, description: "Metadata table (for nianbao token create)" });
    new CfnOutput(this, "QueueUrl", { value: this.queue.queueUrl, description: "Bulk-regeneration queue" });
  }
}
