/**
 * Assertions on the synthesized CloudFormation (aws-cdk-lib/assertions), with bundling skipped:
 * the security properties, which functions carry Chromium, the routes, the queue, the alarms, and
 * cdk-nag's AwsSolutions pack passing.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";
import { buildApp } from "../../infra/app.js";

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "nianbao-cdk-")), context: { "aws:cdk:bundling-stacks": [], ...context } });
  const { stack } = buildApp(app);
  const assembly = app.synth(); // cdk-nag runs here: an unacknowledged finding makes this throw
  return { stack, template: Template.fromStack(stack), assembly };
}

let template: Template;
let stack: ReturnType<typeof synth>["stack"];
beforeAll(() => {
  ({ template, stack } = synth());
}, 120_000);

type Resource = { Properties: Record<string, unknown> };
const resources = (type: string) => Object.entries(template.findResources(type)) as [string, Resource][];
const fnByDescription = (start: string) => resources("AWS::Lambda::Function").find(([, r]) => String(r.Properties.Description ?? "").startsWith(start))!;

describe("storage", () => {
  it("keeps the document bucket private, SSL only, encrypted, versioned, access-logged, with a noncurrent-version lifecycle", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      VersioningConfiguration: { Status: "Enabled" },
      LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: "documents/" },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]) },
    });
    for (const [, policy] of resources("AWS::S3::BucketPolicy")) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
    expect(resources("AWS::S3::BucketPolicy")).toHaveLength(2);
    expect(JSON.stringify(template.toJSON())).not.toMatch(/PublicRead|"Principal":"\*","Effect":"Allow"/);
  });

  it("makes the table on-demand with point-in-time recovery and deletion protection (configurable)", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: "GSI1" }), Match.objectLike({ IndexName: "GSI3" })]),
    });
    synth({ deletionProtection: false }).template.hasResourceProperties("AWS::DynamoDB::Table", { DeletionProtectionEnabled: false });
  });
});

describe("functions", () => {
  const heavy = ["PUT /reports", "POST /preview", "POST /reports/{reportId}/regenerate", "Bulk regeneration worker"];
  const light = ["POST /validate", "GET /reports/{reportId}[", "GET /d/", "POST /regenerations", "API token authorizer"];

  it("gives the Chromium layer, ≥ 1536 MB and the bin directory only to the functions that render", () => {
    const layer = Object.keys(template.findResources("AWS::Lambda::LayerVersion"));
    expect(layer).toHaveLength(1);
    for (const description of heavy) {
      const [, fn] = fnByDescription(description);
      expect(fn.Properties.Layers, description).toEqual([{ Ref: layer[0] }]);
      expect(Number(fn.Properties.MemorySize)).toBeGreaterThanOrEqual(1536);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NIANBAO_CHROMIUM_BIN_DIR).toBe("/opt");
    }
    for (const description of light) {
      const [, fn] = fnByDescription(description);
      expect(fn.Properties.Layers, description).toBeUndefined();
      expect(fn.Properties.MemorySize).toBe(256);
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.NIANBAO_CHROMIUM_BIN_DIR).toBeUndefined();
    }
  });

  it("runs every function on nodejs24.x with tracing, under API Gateway's 30 s for the API ones", () => {
    const functions = resources("AWS::Lambda::Function").filter(([, r]) => r.Properties.Description);
    expect(functions).toHaveLength(9);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe("nodejs24.x");
      expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
      if (!String(fn.Properties.Description).startsWith("Bulk")) expect(Number(fn.Properties.Timeout)).toBeLessThan(30);
    }
    expect(Number(fnByDescription("Bulk regeneration worker")[1].Properties.Timeout)).toBe(120);
  });

  it("grants each function only what it uses", () => {
    const policyOf = (description: string) => {
      const [id] = fnByDescription(description);
      const role = (template.toJSON().Resources[id].Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
      const policies = resources("AWS::IAM::Policy").filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role));
      return JSON.stringify(policies.map(([, p]) => p.Properties.PolicyDocument));
    };
    const download = policyOf("GET /d/");
    expect(download).toContain("s3:GetObject");
    expect(download).toContain("/reports/*/pdf/*");
    expect(download).not.toMatch(/s3:PutObject|dynamodb:PutItem|dynamodb:UpdateItem|sqs:/);
    expect(policyOf("POST /preview")).not.toMatch(/s3:|dynamodb:|sqs:/);
    // the prior-year check: read the previous year's stored source, never write
    const validate = policyOf("POST /validate");
    expect(validate).toContain("/reports/*/source/*");
    expect(validate).toContain("dynamodb:Query");
    expect(validate).not.toMatch(/s3:PutObject|\/pdf\/|dynamodb:PutItem|dynamodb:UpdateItem|sqs:/);
    const authorizer = policyOf("API token authorizer");
    expect(authorizer).toContain("dynamodb:GetItem");
    expect(authorizer).not.toMatch(/s3:|dynamodb:Query|dynamodb:PutItem|sqs:/);
    expect(policyOf("GET /reports/{reportId}[")).not.toMatch(/s3:PutObject|dynamodb:PutItem/);
    expect(policyOf("PUT /reports")).toMatch(/s3:PutObject/);
    expect(policyOf("POST /regenerations")).toMatch(/sqs:SendMessage/);
    expect(policyOf("POST /regenerations")).not.toMatch(/s3:/);
  });
});

describe("the regeneration queue", () => {
  it("is encrypted, SSL only, with a dead-letter queue after 3 attempts and partial batch failures", () => {
    template.hasResourceProperties("AWS::SQS::Queue", { SqsManagedSseEnabled: true, RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() } });
    expect(resources("AWS::SQS::Queue")).toHaveLength(2);
    for (const [, queue] of resources("AWS::SQS::Queue")) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    for (const [, policy] of resources("AWS::SQS::QueuePolicy")) expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    expect(resources("AWS::SQS::QueuePolicy")).toHaveLength(2);
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", { FunctionResponseTypes: ["ReportBatchItemFailures"], BatchSize: 5 });
  });

  it("bounds the worker's concurrency, configurably", () => {
    expect(fnByDescription("Bulk regeneration worker")[1].Properties.ReservedConcurrentExecutions).toBe(10);
    const other = synth({ workerConcurrency: 25 }).template;
    const worker = Object.values(other.findResources("AWS::Lambda::Function")).find((r) => String(r.Properties.Description).startsWith("Bulk"))!;
    expect(worker.Properties.ReservedConcurrentExecutions).toBe(25);
  });
});

describe("the HTTP API", () => {
  it("has exactly the routes of the service, the authorizer on every non-public one", () => {
    const routes = resources("AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    for (const route of ROUTES) {
      const found = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`)!;
      expect(found.AuthorizationType, found.RouteKey as string).toBe(route.access === "public" ? "NONE" : "CUSTOM");
    }
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "REQUEST",
      EnableSimpleResponses: true,
      IdentitySource: ["$request.header.Authorization"],
      AuthorizerPayloadFormatVersion: "2.0",
    });
  });

  it("throttles and writes access logs", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
    });
  });
});

describe("cdk-nag", () => {
  it("runs AwsSolutions on every synth: the stack passes, and a careless bucket fails it", async () => {
    const { Bucket } = await import("aws-cdk-lib/aws-s3");
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "nianbao-cdk-")), context: { "aws:cdk:bundling-stacks": [] } });
    new Bucket(buildApp(app).stack, "Careless");
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });
});

describe("alarms and outputs", () => {
  it("alarms on every function's errors, the dead-letter queue and render duration; outputs the API URL and the bucket", () => {
    const alarms = resources("AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    expect(alarms.filter((a) => a.MetricName === "Errors")).toHaveLength(9);
    expect(alarms.some((a) => a.MetricName === "ApproximateNumberOfMessagesVisible")).toBe(true);
    expect(alarms.some((a) => a.MetricName === "RenderDuration" && a.Namespace === "Nianbao")).toBe(true);
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["ApiUrl", "BucketName"]));
    expect(stack.stackName).toBe("Nianbao");
  });
});
