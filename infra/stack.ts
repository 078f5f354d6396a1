/**
 * The Nianbao stack: storage, the functions (from infra/function-specs.ts), the HTTP API, the
 * regeneration pipeline, housekeeping, alarms that notify a topic, and a dashboard.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { ComparisonOperator } from "aws-cdk-lib/aws-cloudwatch";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { RegionInfo } from "aws-cdk-lib/region-info";
import type { Construct } from "constructs";
import { FUNCTION_NAMES, type FunctionName } from "../functions/http/routes.js";
import { METRIC } from "../functions/handlers/metric-names.js";
import { Alerts } from "./constructs/alerts.js";
import { Api } from "./constructs/api.js";
import { ServiceDashboard, serviceMetric } from "./constructs/dashboard.js";
import { FunctionFactory } from "./constructs/functions.js";
import { Events } from "./constructs/events.js";
import { Housekeeping } from "./constructs/housekeeping.js";
import { REGENERATION, Regeneration } from "./constructs/regeneration.js";
import { Storage } from "./constructs/storage.js";
import { API_FUNCTIONS, BACKGROUND_FUNCTIONS, renders, routesOf, type BackgroundFunctionName, type FunctionSpec } from "./function-specs.js";
import type { NianbaoSettings } from "./settings.js";

/** API Gateway gives an integration at most 30 s; the rendering API functions stay under it. */
export const HEAVY_API_TIMEOUT = Duration.seconds(28);
export const LIGHT_TIMEOUT = Duration.seconds(10);
export const LIGHT_MEMORY_MB = 256;

export class NianbaoStack extends Stack {
  readonly storage: Storage;
  readonly regeneration: Regeneration;
  readonly events: Events;
  readonly alerts: Alerts;
  readonly api: Api;
  readonly functions: Readonly<Record<FunctionName | BackgroundFunctionName, NodejsFunction>>;
  /** the partition the stack is synthesized for (an environment-agnostic stack counts as "aws") */
  readonly targetPartition: string;
  /** seals the console's session cookies (read by the web function at its start) */
  readonly consoleSessionKey: Secret;

  constructor(scope: Construct, id: string, settings: NianbaoSettings, props?: StackProps) {
    super(scope, id, props);
    this.targetPartition = Token.isUnresolved(this.region) ? "aws" : (RegionInfo.get(this.region).partition ?? "aws");
    const removalPolicy = settings.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.storage = new Storage(this, "Storage", { deletionProtection: settings.deletionProtection, noncurrentVersionDays: 90 });
    this.regeneration = new Regeneration(this, "Regeneration");
    const { bucket, table, tokens } = this.storage;
    const { queue, deadLetters } = this.regeneration;
    this.events = new Events(this, "Events", { removalPolicy });
    const { bus, deliveries, deliveryDeadLetters, webhookKey } = this.events;

    const factory = new FunctionFactory(this, "Functions", {
      access: { bucket, metadata: table, tokens, regenerations: queue, deadLetters, events: bus, deliveries, deliveryDeadLetters, webhookKey },
      tracing: this.targetPartition !== "aws-cn",
      removalPolicy,
      ...(settings.officialFontsDir ? { officialFontsDir: settings.officialFontsDir } : {}),
    });
    const common: Record<string, string> = {
      NIANBAO_BUCKET: bucket.bucketName,
      NIANBAO_TABLE: table.tableName,
      NIANBAO_TOKEN_TABLE: tokens.tableName,
      NIANBAO_LINK_EXPIRY_SECONDS: String(settings.linkExpirySeconds),
      NIANBAO_BODY_LIMIT_BYTES: String(settings.bodyLimitBytes),
      NIANBAO_MAX_ATTEMPTS: String(REGENERATION.maxAttempts),
      // lasting links (/r, /d) name the custom domain when there is one
      ...(settings.domainName ? { NIANBAO_PUBLIC_BASE_URL: `https://${settings.domainName}` } : {}),
      ...(settings.jobRetentionDays ? { NIANBAO_JOB_RETENTION_DAYS: String(settings.jobRetentionDays) } : {}),
      ...(settings.auditRetentionDays ? { NIANBAO_AUDIT_RETENTION_DAYS: String(settings.auditRetentionDays) } : {}),
    };
    const environmentOf = (spec: FunctionSpec, extra: Record<string, string> = {}) => ({
      ...common,
      ...(spec.grants.includes("regenerations:send") ? { NIANBAO_QUEUE_URL: queue.queueUrl } : {}),
      ...spec.environment,
      ...(spec.grants.includes("events:put") ? { NIANBAO_EVENT_BUS: bus.eventBusName } : {}),
      ...(spec.grants.includes("deliveries:send") ? { NIANBAO_DELIVERY_QUEUE_URL: deliveries.queueUrl } : {}),
      ...(spec.grants.includes("deliveries:receive") ? { NIANBAO_DELIVERY_QUEUE_ARN: deliveries.queueArn } : {}),
      ...(spec.grants.some((g) => g === "webhook-secrets:seal" || g === "webhook-secrets:open") ? { NIANBAO_WEBHOOK_KEY_ID: webhookKey.keyArn } : {}),
      ...(settings.webhookAllowedHosts && (spec.grants.includes("webhooks:manage") || spec.grants.includes("webhooks:deliver")) ? { NIANBAO_WEBHOOK_ALLOWED_HOSTS: settings.webhookAllowedHosts } : {}),
      ...extra,
    });
    const memoryOf = (spec: FunctionSpec, rendering: boolean) => spec.memoryMb ?? (rendering ? settings.heavyMemoryMb : LIGHT_MEMORY_MB);

    const api = {} as Record<FunctionName, NodejsFunction>;
    for (const name of FUNCTION_NAMES) {
      const spec = API_FUNCTIONS[name];
      const rendering = renders(name);
      api[name] = factory.create(`${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: spec.entry ?? (rendering ? "api-heavy.ts" : "api-light.ts"),
        renders: rendering,
        ...(spec.assets ? { assets: spec.assets } : {}),
        memoryMb: memoryOf(spec, rendering),
        timeout: spec.timeoutSeconds ? Duration.seconds(spec.timeoutSeconds) : rendering ? HEAVY_API_TIMEOUT : LIGHT_TIMEOUT,
        environment: environmentOf(spec, { NIANBAO_FUNCTION: name }),
        description: `${name}: ${routesOf(name)}`,
        grants: spec.grants,
      });
    }
    this.consoleSessionKey = this.connectConsole(api);
    const background = {} as Record<BackgroundFunctionName, NodejsFunction>;
    for (const [name, spec] of Object.entries(BACKGROUND_FUNCTIONS) as [BackgroundFunctionName, (typeof BACKGROUND_FUNCTIONS)[BackgroundFunctionName]][]) {
      background[name] = factory.create(`${name[0]!.toUpperCase()}${name.slice(1)}Function`, {
        entry: spec.entry,
        renders: spec.renders,
        ...(spec.assets ? { assets: spec.assets } : {}),
        memoryMb: memoryOf(spec, spec.renders),
        timeout: Duration.seconds(spec.timeoutSeconds ?? LIGHT_TIMEOUT.toSeconds()),
        environment: environmentOf(spec, name === "orphanCleanup" ? { NIANBAO_ORPHAN_GRACE_HOURS: String(settings.orphanGraceHours) } : {}),
        description: spec.description,
        grants: spec.grants,
      });
    }
    this.functions = { ...api, ...background };

    this.regeneration.connectWorker(background.worker, settings.workerConcurrency);
    this.regeneration.connectDeadLetterConsumer(background.deadLetters);
    this.events.connectDeliveryFunction(background.webhookDeliveries);
    new Housekeeping(this, "Housekeeping", { orphanCleanup: background.orphanCleanup });

    this.api = new Api(this, "Api", {
      functions: api,
      authorizer: background.authorizer,
      callersThrottle: { rateLimit: settings.throttleRate, burstLimit: settings.throttleBurst },
      publicThrottle: { rateLimit: settings.publicThrottleRate, burstLimit: settings.publicThrottleBurst },
      ...(settings.domainName && settings.certificateArn ? { domain: { name: settings.domainName, certificateArn: settings.certificateArn } } : {}),
      removalPolicy,
    });

    this.alerts = new Alerts(this, "Alerts", { ...(settings.alarmEmail ? { email: settings.alarmEmail } : {}), removalPolicy });
    this.alarms();
    new ServiceDashboard(this, "Dashboard", { functions: this.functions, httpApi: this.api.httpApi, queue, deadLetters });

    new CfnOutput(this, "ApiUrl", { value: this.api.url, description: "Base URL of the HTTP API" });
    if (this.api.domain) {
      new CfnOutput(this, "ApiDomainTarget", {
        value: this.api.domain.regionalDomainName,
        description: `Point ${settings.domainName} at this name (CNAME, or a Route 53 alias)`,
      });
    }
    new CfnOutput(this, "BucketName", { value: bucket.bucketName, description: "Document bucket (private)" });
    new CfnOutput(this, "TableName", { value: table.tableName, description: "Metadata table" });
    new CfnOutput(this, "TokenTableName", { value: tokens.tableName, description: "Tokens table (for nianbao token create)" });
    new CfnOutput(this, "EventBusName", { value: bus.eventBusName, description: "Nianbao events (source nianbao): add rules to route them anywhere" });
    new CfnOutput(this, "QueueUrl", { value: queue.queueUrl, description: "Bulk-regeneration queue" });
    new CfnOutput(this, "AlarmTopicArn", { value: this.alerts.topic.topicArn, description: "Every alarm notifies this topic: subscribe people, SMS or a chat relay" });
  }

  /**
   * The console (the web function) acts by invoking the API function that serves each route, as the
   * signed-in token: it may invoke exactly those functions, and read the key that seals its sessions.
   */
  private connectConsole(api: Record<FunctionName, NodejsFunction>): Secret {
    const key = new Secret(this, "ConsoleSessionKey", {
      description: "Seals the web console's session cookies; replacing it signs everyone out",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(key).acknowledge({
      id: "AwsSolutions-SMG4",
      reason: "The key only seals console session cookies (8 hours at most); rotating it means signing everyone out, done by replacing the secret, not by a rotation Lambda.",
    });
    const web = api.web;
    key.grantRead(web);
    web.addEnvironment("NIANBAO_SESSION_SECRET_ARN", key.secretArn);
    // every API function but its own and those of routes the console has no page for (webhooks, exports)
    const targets = FUNCTION_NAMES.filter((name) => !(["web", "webhooks", "exports"] as FunctionName[]).includes(name));
    // the functions themselves (unqualified ARNs), not their versions or aliases (grantInvoke adds ":*")
    web.addToRolePolicy(new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: targets.map((name) => api[name].functionArn) }));
    web.addEnvironment("NIANBAO_API_FUNCTIONS", Stack.of(this).toJsonString(Object.fromEntries(targets.map((name) => [name, api[name].functionName]))));
    return key;
  }

  private alarms(): void {
    const { queue, deadLetters } = this.regeneration;
    const period = Duration.minutes(5);
    for (const [name, fn] of Object.entries(this.functions)) {
      this.alerts.alarm(`${name}Errors`, { description: `${name} function errors`, metric: fn.metricErrors({ period }), threshold: 1 });
    }
    this.alerts.alarm("DeadLetteredReports", {
      description: "Reports of a bulk job that failed every attempt without being recorded by the worker (recorded failed by the dead-letter consumer)",
      metric: serviceMetric(METRIC.deadLetteredReport),
      threshold: 1,
    });
    this.alerts.alarm("DeadLettersWaiting", {
      description: "The dead-letter consumer is not draining the dead-letter queue: bulk jobs cannot finish",
      metric: deadLetters.metricApproximateAgeOfOldestMessage({ period }),
      threshold: 15 * 60,
    });
    this.alerts.alarm("RegenerationBacklog", {
      description: "The oldest bulk-regeneration message has waited more than 3 hours",
      metric: queue.metricApproximateAgeOfOldestMessage({ period }),
      threshold: 3 * 3600,
    });
    this.alerts.alarm("SlowRenders", {
      description: "p95 render duration above 10 s for 15 minutes",
      metric: serviceMetric(METRIC.renderDuration, "p95"),
      threshold: 10_000,
      evaluationPeriods: 3,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.alerts.alarm("ApiServerErrors", {
      description: "The API answered 5xx (function errors, timeouts, throttled integrations)",
      metric: this.api.httpApi.metricServerError({ period }),
      threshold: 5,
    });
  }
}
