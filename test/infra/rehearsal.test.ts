/**
 * Deployment rehearsal without an account: the app synthesized for a commercial region and for
 * cn-north-1 with cdk.json's context (all of the CDK's recommended feature flags), cdk-nag's
 * AwsSolutions pack with zero unacknowledged findings, and each promise of the stack checked in the
 * template: alarms that reach someone, a bulk pipeline that cannot hang, least privilege (the full
 * table is least-privilege.test.ts), Powertools' settings, housekeeping, edge and domains. A third
 * synth checks what the deployer's settings change.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { Match } from "aws-cdk-lib/assertions";
import semver from "semver";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";
import { GSI, TOKEN_INDEX, tableDefinition } from "../../functions/store/table.js";
import { buildApp } from "../../infra/app.js";
import { NODE_MAJOR } from "../../infra/constructs/functions.js";
import { REGENERATION } from "../../infra/constructs/regeneration.js";
import { parseSettings } from "../../infra/settings.js";
import { CDK_JSON, synthApp, type Synthesized } from "./synth-app.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RECOMMENDED_FLAGS = JSON.parse(readFileSync(join(ROOT, "node_modules/aws-cdk-lib/recommended-feature-flags.json"), "utf8")) as Record<string, unknown>;

const ref = (s: Synthesized, construct: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(construct.node.defaultChild as never);

describe.each([
  ["a commercial region", "ap-southeast-1", "aws"],
  ["the China (Beijing) region", "cn-north-1", "aws-cn"],
])("rehearsal in %s", (_name, region, partition) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthApp({ region }); // throws on any unacknowledged cdk-nag finding
  }, 120_000);

  it("synthesizes for its region and partition with zero unacknowledged cdk-nag findings", () => {
    expect(s.stack.region).toBe(region);
    expect(s.stack.targetPartition).toBe(partition);
    const report = JSON.parse(readFileSync(join(s.outdir, "validation-report.json"), "utf8")) as { pluginReports: { violations: unknown[] }[] };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    // partition literals (feature flag enablePartitionLiterals): ARNs name the right partition
    expect(JSON.stringify(s.template.toJSON())).toContain(`arn:${partition}:`);
    expect(JSON.stringify(s.template.toJSON())).not.toMatch(new RegExp(`arn:(?!${partition}:)aws[-a-z]*:`));
  });

  describe("1. alarms reach someone", () => {
    it("makes a KMS-encrypted topic (rotating key CloudWatch may use) the action of every alarm, firing and recovering", () => {
      const topic = ref(s, s.stack.alerts.topic);
      const key = ref(s, s.stack.alerts.key);
      s.template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: { "Fn::GetAtt": [key, "Arn"] } });
      s.template.hasResourceProperties("AWS::KMS::Key", {
        EnableKeyRotation: true,
        KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"] })]) },
      });
      const alarms = s.of("AWS::CloudWatch::Alarm");
      expect(alarms.length).toBeGreaterThanOrEqual(Object.keys(s.stack.functions).length + 5);
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topic }]);
        expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topic }]);
      }
      // an error alarm per function, and the pipeline's own
      const errorAlarms = alarms.filter(([, a]) => a.Properties.MetricName === "Errors").map(([, a]) => a.Properties.Dimensions[0].Value.Ref);
      expect(errorAlarms.sort()).toEqual(s.of("AWS::Lambda::Function").map(([id]) => id).sort());
      const metrics = alarms.map(([, a]) => a.Properties.MetricName);
      expect(metrics).toEqual(expect.arrayContaining(["DeadLetteredReport", "ApproximateAgeOfOldestMessage", "RenderDuration", "5xx"]));
      expect(s.of("AWS::SNS::Subscription")).toHaveLength(0); // no e-mail unless asked for
    });

    it("draws a dashboard of renders, render p95, errors, 4xx/5xx, queue depth and age, dead letters and bulk progress", () => {
      const dashboards = s.of("AWS::CloudWatch::Dashboard");
      expect(dashboards).toHaveLength(1);
      const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
      for (const expected of ["RenderDuration", "p95", "Errors", "4xx", "5xx", "ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage", "DeadLetteredReport", "BulkReportSucceeded", "BulkReportFailed", "ColdStart"]) {
        expect(body, expected).toContain(expected);
      }
    });
  });

  describe("2. the bulk pipeline cannot hang or lose a report", () => {
    it("reserves no concurrency anywhere; the worker's event source caps it instead", () => {
      for (const [id, fn] of s.of("AWS::Lambda::Function")) expect(fn.Properties.ReservedConcurrentExecutions, id).toBeUndefined();
      const [worker] = s.fn("WorkerFunction");
      s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: worker },
        EventSourceArn: { "Fn::GetAtt": [ref(s, s.stack.regeneration.queue), "Arn"] },
        BatchSize: REGENERATION.batchSize,
        ScalingConfig: { MaximumConcurrency: 10 },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    });

    it("wires the dead-letter queue to its consumer, which only counts", () => {
      const [consumer, fn] = s.fn("DeadLettersFunction");
      s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: consumer },
        EventSourceArn: { "Fn::GetAtt": [ref(s, s.stack.regeneration.deadLetters), "Arn"] },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
      expect(fn.Properties.Layers).toBeUndefined();
      expect(fn.Properties.Environment.Variables.NIANBAO_MAX_ATTEMPTS).toBe(String(REGENERATION.maxAttempts));
      expect(s.of("AWS::Lambda::EventSourceMapping")).toHaveLength(2);
    });

    it("keeps visibility timeouts consistent with the functions' timeouts and the batch size", () => {
      const [, worker] = s.fn("WorkerFunction");
      const [, consumer] = s.fn("DeadLettersFunction");
      const queue = s.resources[ref(s, s.stack.regeneration.queue)]!.Properties;
      const deadLetters = s.resources[ref(s, s.stack.regeneration.deadLetters)]!.Properties;
      // a whole batch fits in one invocation
      expect(worker.Properties.Timeout).toBeGreaterThanOrEqual(REGENERATION.batchSize * REGENERATION.reportBudgetSeconds);
      // Lambda's SQS integration: visibility at least six times the function's timeout
      expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
      expect(deadLetters.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer.Properties.Timeout);
      expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [ref(s, s.stack.regeneration.deadLetters), "Arn"] }, maxReceiveCount: REGENERATION.maxAttempts });
      // a backlog never expires unseen
      expect(queue.MessageRetentionPeriod).toBe(14 * 86400);
      expect(deadLetters.MessageRetentionPeriod).toBe(14 * 86400);
      for (const q of [queue, deadLetters]) expect(q.SqsManagedSseEnabled).toBe(true);
    });
  });

  describe("3. least privilege and the CDK's recommended defaults", () => {
    it("sets every feature flag the installed aws-cdk-lib recommends, as it recommends", () => {
      expect(Object.keys(RECOMMENDED_FLAGS).length).toBeGreaterThan(80);
      for (const [flag, value] of Object.entries(RECOMMENDED_FLAGS)) expect(CDK_JSON.context[flag], flag).toEqual(value);
    });

    it("keeps tokens in a table of their own, with recovery and deletion protection", () => {
      const tables = s.of("AWS::DynamoDB::Table");
      expect(tables.map(([id]) => id).sort()).toEqual([ref(s, s.stack.storage.table), ref(s, s.stack.storage.tokens)].sort());
      for (const [, table] of tables) {
        expect(table.Properties).toMatchObject({ BillingMode: "PAY_PER_REQUEST", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: true });
        expect(table.DeletionPolicy).toBe("Retain");
      }
      for (const [id, fn] of s.of("AWS::Lambda::Function")) {
        expect(fn.Properties.Environment.Variables.NIANBAO_TOKEN_TABLE, id).toEqual({ Ref: ref(s, s.stack.storage.tokens) });
      }
    });

    it("gives each table the indexes its stores query: the metadata table tableDefinition's, the tokens table its listing index", () => {
      const indexes = (table: { node: { defaultChild?: unknown } }) =>
        (s.resources[ref(s, table)]!.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: { AttributeName: string }[] }[]).map(
          (index) => `${index.IndexName} ${index.KeySchema.map((k) => k.AttributeName).join(" ")}`,
        );
      const own = (tableDefinition("t").GlobalSecondaryIndexes ?? []).map((index) => `${index.IndexName} ${index.KeySchema!.map((k) => k.AttributeName).join(" ")}`);
      expect(indexes(s.stack.storage.table).sort()).toEqual(own.sort());
      expect(own).toHaveLength(Object.keys(GSI).length);
      expect(indexes(s.stack.storage.tokens)).toEqual([`${TOKEN_INDEX.all.name} ${TOKEN_INDEX.all.pk} ${TOKEN_INDEX.all.sk}`]);
    });

    it("keeps both buckets private, SSL only, encrypted, without ACLs (bucket owner enforced)", () => {
      const buckets = s.of("AWS::S3::Bucket");
      expect(buckets).toHaveLength(2);
      for (const [id, bucket] of buckets) {
        expect(bucket.Properties.OwnershipControls, id).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
        expect(bucket.Properties.AccessControl, id).toBeUndefined();
        expect(bucket.Properties.PublicAccessBlockConfiguration, id).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
        expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm, id).toBe("AES256");
      }
      s.template.hasResourceProperties("AWS::S3::Bucket", {
        VersioningConfiguration: { Status: "Enabled" },
        LoggingConfiguration: { DestinationBucketName: { Ref: ref(s, s.stack.storage.logBucket) }, LogFilePrefix: "documents/" },
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]) },
      });
      // server access logs arrive under a bucket policy for the logging service, not an ACL
      s.template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: ref(s, s.stack.storage.logBucket) },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" })]) },
      });
      for (const [, policy] of s.of("AWS::S3::BucketPolicy")) expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      expect(JSON.stringify(s.template.toJSON())).not.toMatch(/PublicRead|"Principal":"\*","Effect":"Allow"/);
    });
  });

  describe("4. Powertools on every function", () => {
    it("gives every function the service name, the metrics namespace and JSON logs; traces where X-Ray exists", () => {
      for (const [id, fn] of s.of("AWS::Lambda::Function")) {
        expect(fn.Properties.Environment.Variables, id).toMatchObject({ POWERTOOLS_SERVICE_NAME: "nianbao", POWERTOOLS_METRICS_NAMESPACE: "Nianbao" });
        expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: "JSON" });
        if (partition === "aws-cn") {
          // X-Ray is not integrated with Lambda in the China regions
          expect(fn.Properties.TracingConfig?.Mode ?? "PassThrough", id).toBe("PassThrough");
          expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, id).toBe("false");
        } else {
          expect(fn.Properties.TracingConfig, id).toEqual({ Mode: "Active" });
          expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED, id).toBeUndefined();
        }
      }
      if (partition === "aws-cn") expect(JSON.stringify(s.of("AWS::IAM::Policy"))).not.toContain("xray:");
    });
  });

  describe("5. housekeeping", () => {
    it("expires items that carry a TTL in the metadata table", () => {
      s.template.hasResourceProperties("AWS::DynamoDB::Table", { TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true } });
    });

    it("runs the orphan cleanup daily, on a rule", () => {
      const [cleanup, fn] = s.fn("OrphanCleanupFunction");
      s.template.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: "cron(17 3 * * ? *)",
        State: "ENABLED",
        Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [cleanup, "Arn"] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) })],
      });
      s.template.hasResourceProperties("AWS::Lambda::Permission", { FunctionName: { "Fn::GetAtt": [cleanup, "Arn"] }, Principal: "events.amazonaws.com" });
      expect(fn.Properties.Environment.Variables.NIANBAO_ORPHAN_GRACE_HOURS).toBe("24");
    });

    it("retains data under deletion protection, and empties no bucket then", () => {
      expect(s.of("Custom::S3AutoDeleteObjects")).toHaveLength(0);
      for (const [id, bucket] of s.of("AWS::S3::Bucket")) expect(bucket.DeletionPolicy, id).toBe("Retain");
    });

    it(`runs every function on Node.js ${NODE_MAJOR}, the one Node version of the project`, () => {
      for (const [id, fn] of s.of("AWS::Lambda::Function")) expect(fn.Properties.Runtime, id).toBe(`nodejs${NODE_MAJOR}.x`);
      const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
      expect(pkg.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^${NODE_MAJOR}\\.`));
      // engines states what the dependencies declare (test/unit/engines.test.ts); it must hold the runtime's Node
      expect(semver.satisfies(`${NODE_MAJOR}.0.0`, pkg.engines.node), pkg.engines.node).toBe(true);
      expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(`Node.js ${NODE_MAJOR}`);
    });
  });

  describe("6. edge", () => {
    it("has exactly the routes of the service, the authorizer on every non-public one, revocation within 60 s", () => {
      const routes = s.of("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties);
      // a row carried by another row's gateway route ("/d/{reportId}.ofd" by "/d/{reportId}") has none of its own
      const gateway = ROUTES.filter((r) => r.gatewayPath === undefined);
      for (const carried of ROUTES.filter((r) => r.gatewayPath !== undefined)) {
        const carrier = gateway.find((r) => r.method === carried.method && r.path === carried.gatewayPath);
        expect(carrier?.fn, carried.path).toBe(carried.fn);
        expect(carrier?.access, carried.path).toEqual(carried.access);
      }
      expect(routes.map((r) => r.RouteKey).sort()).toEqual(gateway.map((r) => `${r.method} ${r.path}`).sort());
      for (const route of gateway) {
        const found = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)!;
        expect(found.AuthorizationType, found.RouteKey).toBe(route.access === "public" ? "NONE" : "CUSTOM");
      }
      s.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
        AuthorizerType: "REQUEST",
        EnableSimpleResponses: true,
        IdentitySource: ["$request.header.Authorization"],
        AuthorizerResultTtlInSeconds: 60,
      });
    });

    it("throttles the public routes apart from the callers' routes, and writes access logs", () => {
      const stage = s.of("AWS::ApiGatewayV2::Stage")[0]?.[1];
      expect(stage!.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
      const publicRoutes = ROUTES.filter((r) => r.access === "public" && r.gatewayPath === undefined).map((r) => `${r.method} ${r.path}`);
      expect(publicRoutes).toEqual(expect.arrayContaining(["GET /d/{reportId}", "GET /d/{reportId}/{n}"]));
      expect(Object.keys(stage!.Properties.RouteSettings).sort()).toEqual(publicRoutes.sort());
      for (const key of publicRoutes) expect(stage!.Properties.RouteSettings[key]).toEqual({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
      expect(stage!.Properties.AccessLogSettings).toMatchObject({ Format: expect.stringContaining("requestId") });
      // the route settings name routes that must exist before the stage is updated
      for (const [id, route] of s.of("AWS::ApiGatewayV2::Route")) {
        if (publicRoutes.includes(route.Properties.RouteKey)) expect(s.resources[s.of("AWS::ApiGatewayV2::Stage")[0]![0]]!.DependsOn, id).toContain(id);
      }
      expect(s.of("AWS::ApiGatewayV2::DomainName")).toHaveLength(0);
      // without a domain, lasting links are built from the address a request came to
      for (const [id, fn] of s.of("AWS::Lambda::Function")) expect(fn.Properties.Environment.Variables.NIANBAO_PUBLIC_BASE_URL, id).toBeUndefined();
    });
  });
});

describe("the deployer's settings", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthApp({
      region: "cn-northwest-1",
      deletionProtection: false,
      alarmEmail: "ops@example.gov.cn",
      domainName: "nianbao.example.gov.cn",
      certificateArn: "arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab",
      workerConcurrency: 25,
      publicThrottleRate: 300,
      jobRetentionDays: 30,
      auditRetentionDays: 400,
    });
  }, 120_000);

  it("subscribes the alarm e-mail", () => {
    s.template.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.gov.cn", TopicArn: { Ref: ref(s, s.stack.alerts.topic) } });
  });

  it("without deletion protection lets cdk destroy remove everything: buckets emptied first, tables unprotected", () => {
    for (const [id, bucket] of s.of("AWS::S3::Bucket")) expect(bucket.DeletionPolicy, id).toBe("Delete");
    const autoDelete = s.of("Custom::S3AutoDeleteObjects").map(([, r]) => r.Properties.BucketName.Ref).sort();
    expect(autoDelete).toEqual([ref(s, s.stack.storage.bucket), ref(s, s.stack.storage.logBucket)].sort());
    for (const [id, table] of s.of("AWS::DynamoDB::Table")) {
      expect(table.Properties.DeletionProtectionEnabled, id).toBe(false);
      expect(table.DeletionPolicy, id).toBe("Delete");
    }
    for (const type of ["AWS::Logs::LogGroup", "AWS::KMS::Key", "AWS::Lambda::LayerVersion"]) {
      for (const [id, resource] of s.of(type)) expect(resource.DeletionPolicy, id).toBe("Delete");
    }
  });

  it("caps the worker at the configured concurrency, throttles as configured, and expires jobs and audit records after their retention", () => {
    s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", { ScalingConfig: { MaximumConcurrency: 25 } });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", { RouteSettings: Match.objectLike({ "GET /d/{reportId}": { ThrottlingRateLimit: 300, ThrottlingBurstLimit: 400 } }) });
    const [, worker] = s.fn("WorkerFunction");
    expect(worker.Properties.Environment.Variables.NIANBAO_JOB_RETENTION_DAYS).toBe("30");
    // every function that appends audit entries writes them with the retention's TTL
    for (const name of ["PublishFunction", "TokensFunction", "AuditFunction", "DeadLettersFunction"]) {
      expect(s.fn(name)[1].Properties.Environment.Variables.NIANBAO_AUDIT_RETENTION_DAYS, name).toBe("400");
    }
  });

  it("serves the API on the custom domain only", () => {
    s.template.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "nianbao.example.gov.cn",
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: "arn:aws-cn:acm:cn-northwest-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab", EndpointType: "REGIONAL" })],
    });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", { DomainName: { Ref: Match.anyValue() }, Stage: Match.anyValue() });
    s.template.hasResourceProperties("AWS::ApiGatewayV2::Api", { DisableExecuteApiEndpoint: true });
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.ApiUrl!.Value).toBe("https://nianbao.example.gov.cn/");
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["ApiDomainTarget", "AlarmTopicArn", "TokenTableName"]));
    // the lasting links (/r, /d) a version carries name the domain, whatever address a request came to
    // (the project's functions: not the bucket-emptying custom resource's)
    const ours = s.of("AWS::Lambda::Function").filter(([, fn]) => fn.Properties.Environment?.Variables?.NIANBAO_TABLE);
    expect(ours).toHaveLength(Object.keys(s.stack.functions).length);
    for (const [id, fn] of ours) expect(fn.Properties.Environment.Variables.NIANBAO_PUBLIC_BASE_URL, id).toBe("https://nianbao.example.gov.cn");
  });

  it("refuses settings that would make a broken stack, with a sentence", () => {
    const context = (values: Record<string, unknown>) => (key: string) => values[key];
    expect(() => parseSettings(context({ workerConcurrency: 1 }))).toThrow(/workerConcurrency must be an integer from 2 to 1000/);
    expect(() => parseSettings(context({ domainName: "nianbao.example.gov.cn" }))).toThrow(/both -c domainName=… and -c certificateArn=…/);
    expect(() => parseSettings(context({ alarmEmail: "not-an-address" }))).toThrow(/not an e-mail address/);
    expect(() => parseSettings(context({ deletionProtection: "no" }))).toThrow(/true or false/);
    expect(() => parseSettings(context({ jobRetentionDays: 2 }))).toThrow(/jobRetentionDays must be an integer from 7/);
    expect(parseSettings(context({ workerConcurrency: "40", deletionProtection: "false" }))).toMatchObject({ workerConcurrency: 40, deletionProtection: false });
  });
});

describe("cdk-nag", () => {
  it("runs on every synth: a careless bucket fails it", async () => {
    const { Bucket } = await import("aws-cdk-lib/aws-s3");
    const app = new App({ context: { ...CDK_JSON.context, "aws:cdk:bundling-stacks": [] } });
    new Bucket(buildApp(app).stack, "Careless");
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});
