/**
 * Least privilege, stated: every function's IAM statements exactly — actions, resources, conditions —
 * read from the synthesized template. A permission nobody listed here fails the test, and so does a
 * function nobody listed. A new function (a route with a new `fn`, infra/function-specs.ts) gets a
 * row: the failure message prints what the template grants, to be checked and copied.
 *
 * Every function also may write its own log group (and send traces where X-Ray exists): COMMON.
 */
import type { CfnElement } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { synthApp, type Synthesized } from "./synth-app.js";

const COMMON = ["logs:CreateLogStream logs:PutLogEvents → own log group"];
const XRAY = "xray:PutTelemetryRecords xray:PutTraceSegments → *";
const REPORT_OBJECTS = "s3:ListBucket → bucket if s3:prefix reports/*";
const REPORT_ITEMS = "if dynamodb:LeadingKeys REPORT#*";
const JOB_ITEMS = "if dynamodb:LeadingKeys JOB#*";
const RECEIVE = "sqs:DeleteMessage sqs:GetQueueAttributes sqs:ReceiveMessage";

/** What each function may do, beyond COMMON. */
/** the prior-year check: the agency's report of the year before, by the agency index */
const BY_AGENCY = "dynamodb:Query → metadata/index/GSI4";
const PUBLISH_ITEMS = `dynamodb:GetItem dynamodb:PutItem dynamodb:Query dynamodb:UpdateItem → metadata ${REPORT_ITEMS}`;
/** reports by year, publish date, reportId prefix or agency */
const REPORT_INDEXES = "dynamodb:Query → metadata/index/GSI1, metadata/index/GSI2, metadata/index/GSI3, metadata/index/GSI4";
/** the audit trail's indexes (by report, by actor, all) */
const AUDIT_INDEXES = "dynamodb:Query → metadata/index/GSI1, metadata/index/GSI2, metadata/index/GSI3";
/** every function behind an authenticated route audits (its refusals at least): appends, never reads or changes */
const AUDIT = "dynamodb:PutItem → metadata if dynamodb:LeadingKeys AUDIT#*";
/** a new version, a withdrawal, a finished job: an event on the stack's bus, nothing else of it */
const EVENTS = "events:PutEvents → event bus";
const WEBHOOK_ITEMS = "if dynamodb:LeadingKeys WEBHOOK#*";
/** the subscriptions' listing index */
const WEBHOOK_INDEX = "dynamodb:Query → metadata/index/GSI3";
const EXPECTED: Record<string, string[]> = {
  PublishFunction: ["s3:GetObject s3:PutObject → bucket/reports/*", REPORT_OBJECTS, PUBLISH_ITEMS, BY_AGENCY, AUDIT, EVENTS],
  PreviewFunction: [AUDIT],
  RegenerateFunction: ["s3:GetObject s3:PutObject → bucket/reports/*", REPORT_OBJECTS, PUBLISH_ITEMS, BY_AGENCY, AUDIT, EVENTS],
  // validate reads the previous year's report for the prior-year check, sources only, never writes
  ValidateFunction: ["s3:GetObject → bucket/reports/*/source/*", REPORT_OBJECTS, `dynamodb:GetItem dynamodb:Query → metadata ${REPORT_ITEMS}`, BY_AGENCY, AUDIT],
  MetadataFunction: ["s3:GetObject → bucket/reports/*", REPORT_OBJECTS, `dynamodb:GetItem dynamodb:Query → metadata ${REPORT_ITEMS}`, REPORT_INDEXES, AUDIT],
  // a download reads a report's versions and signs a link to a PDF or an OFD edition: no Scan, no write, no source
  DownloadFunction: ["s3:GetObject → bucket/reports/*/ofd/*, bucket/reports/*/pdf/*", `dynamodb:GetItem dynamodb:Query → metadata ${REPORT_ITEMS}`],
  JobsFunction: [`dynamodb:GetItem dynamodb:PutItem dynamodb:Query → metadata ${JOB_ITEMS}`, "sqs:SendMessage → regeneration queue", AUDIT],
  WithdrawFunction: [
    `dynamodb:GetItem dynamodb:Query dynamodb:UpdateItem → metadata ${REPORT_ITEMS}`,
    "s3:DeleteObject → bucket/reports/*",
    REPORT_OBJECTS,
    "s3:GetObject → bucket/reports/*/pdf/*",
    AUDIT,
    EVENTS,
  ],
  // the tokens table: nobody else's
  TokensFunction: ["dynamodb:PutItem dynamodb:UpdateItem → tokens", "dynamodb:Query → tokens/index/GSI3", AUDIT],
  AuditFunction: [AUDIT_INDEXES, AUDIT],
  AuthorizerFunction: ["dynamodb:GetItem dynamodb:UpdateItem → tokens"],
  // import reads the document it is sent and stores nothing (it audits its refusals, as every
  // authenticated route does): no storage, no queue
  ImportFunction: [AUDIT],
  WorkerFunction: [
    // receive (its event source) and send (the next plan page, the reports) merged into one statement
    `${RECEIVE} sqs:SendMessage → regeneration queue`,
    "s3:GetObject s3:PutObject → bucket/reports/*",
    REPORT_OBJECTS,
    PUBLISH_ITEMS,
    REPORT_INDEXES,
    `dynamodb:BatchGetItem dynamodb:GetItem dynamodb:PutItem dynamodb:UpdateItem → metadata ${JOB_ITEMS}`,
    AUDIT,
    EVENTS,
  ],
  DeadLettersFunction: [`${RECEIVE} → dead-letter queue`, `dynamodb:BatchGetItem dynamodb:GetItem dynamodb:PutItem dynamodb:UpdateItem → metadata ${JOB_ITEMS}`, AUDIT, EVENTS],
  // subscriptions only (deleting one marks it), secrets sealed with the key and never opened here
  WebhooksFunction: [`dynamodb:GetItem dynamodb:PutItem dynamodb:Query dynamodb:UpdateItem → metadata ${WEBHOOK_ITEMS}`, WEBHOOK_INDEX, "kms:Encrypt → webhook key", AUDIT],
  // reads reports and their sources (never PDFs), writes only under exports/
  ExportsFunction: [
    REPORT_INDEXES,
    `dynamodb:GetItem dynamodb:Query → metadata ${REPORT_ITEMS}`,
    "s3:GetObject → bucket/reports/*/source/*",
    REPORT_OBJECTS,
    "s3:AbortMultipartUpload s3:GetObject s3:PutObject → bucket/exports/*",
    AUDIT,
  ],
  // the delivery queue (drain, and retries sent back to it) and its dead letters; reads subscriptions, records deliveries, opens secrets
  WebhookDeliveriesFunction: [
    `${RECEIVE} → delivery queue, delivery dead-letter queue`,
    "sqs:SendMessage → delivery queue",
    `dynamodb:GetItem dynamodb:PutItem → metadata ${WEBHOOK_ITEMS}`,
    WEBHOOK_INDEX,
    "kms:Decrypt → webhook key",
  ],
  OrphanCleanupFunction: ["s3:DeleteObject → bucket/reports/*", REPORT_OBJECTS, `dynamodb:Query → metadata ${REPORT_ITEMS}`],
  // the console and the citizens' page: a session's token checked on every request (as the authoriser
  // does), the report page's versions and source, refused sign-ins audited; every console action is an
  // invocation of the API function that serves the route — nothing else of reports, jobs or tokens
  WebFunction: [
    "dynamodb:GetItem dynamodb:UpdateItem → tokens",
    `dynamodb:GetItem dynamodb:Query → metadata ${REPORT_ITEMS}`,
    "s3:GetObject → bucket/reports/*/source/*",
    REPORT_OBJECTS,
    AUDIT,
    "lambda:InvokeFunction → audit function, download function, import function, jobs function, metadata function, preview function, publish function, regenerate function, tokens function, validate function, withdraw function",
    "secretsmanager:DescribeSecret secretsmanager:GetSecretValue → console session key",
  ],
};

/** Names for the stack's resources in the statements above. */
function namesOf(s: Synthesized): Map<string, string> {
  const id = (construct: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const { storage, regeneration } = s.stack;
  return new Map([
    [id(storage.bucket), "bucket"],
    [id(storage.table), "metadata"],
    [id(storage.tokens), "tokens"],
    [id(regeneration.queue), "regeneration queue"],
    [id(regeneration.deadLetters), "dead-letter queue"],
    [id(s.stack.consoleSessionKey), "console session key"],
    ...Object.entries(s.stack.functions).map(([name, fn]) => [id(fn), `${name} function`] as [string, string]),
    [id(s.stack.events.bus), "event bus"],
    [id(s.stack.events.deliveries), "delivery queue"],
    [id(s.stack.events.deliveryDeadLetters), "delivery dead-letter queue"],
    [id(s.stack.events.webhookKey), "webhook key"],
  ]);
}

/** "<actions> → <resources> [if <condition>]", with the stack's resources by name. */
function describeStatement(statement: Record<string, any>, names: Map<string, string>, ownLogGroup: string): string {
  const resource = (value: unknown): string => {
    if (typeof value === "string") return value;
    const v = value as Record<string, any>;
    if (v["Fn::GetAtt"]) {
      const [logicalId] = v["Fn::GetAtt"] as [string];
      return logicalId === ownLogGroup ? "own log group" : (names.get(logicalId) ?? `<${logicalId}>`);
    }
    if (v.Ref) return names.get(v.Ref) ?? `<${v.Ref}>`;
    if (v["Fn::Join"]) return (v["Fn::Join"][1] as unknown[]).map(resource).join("");
    return JSON.stringify(v);
  };
  const actions = [statement.Action].flat().sort().join(" ");
  const resources = [statement.Resource].flat().map(resource).join(", ");
  const condition = statement.Condition
    ? ` if ${Object.values(statement.Condition as Record<string, Record<string, unknown>>)
        .flatMap((c) => Object.entries(c).map(([key, value]) => `${key} ${[value].flat().join(",")}`))
        .join(" and ")}`
    : "";
  expect(statement.Effect).toBe("Allow");
  return `${actions} → ${resources}${condition}`;
}

/** Every function's statements, by function name (logical id without its hash). */
function grantsOf(s: Synthesized): Map<string, string[]> {
  const names = namesOf(s);
  const result = new Map<string, string[]>();
  for (const [id, fn] of s.of("AWS::Lambda::Function")) {
    const roleId = fn.Properties.Role["Fn::GetAtt"][0] as string;
    const role = s.resources[roleId]!;
    expect(role.Properties.ManagedPolicyArns, `${id} has managed policies`).toBeUndefined();
    const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
    const statements = [
      ...s.of("AWS::IAM::Policy").filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }])),
      ...((role.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => ["inline", { Properties: p }] as const),
    ].flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Record<string, any>[] }).Statement);
    result.set(id.replace(/[A-F0-9]{8}$/, ""), statements.map((st) => describeStatement(st, names, logGroupId)).sort());
  }
  return result;
}

describe.each([
  ["a commercial region", "ap-southeast-1", true],
  ["the China (Beijing) region", "cn-north-1", false],
])("least privilege in %s", (_name, region, xray) => {
  let synthesized: Synthesized;
  beforeAll(() => {
    synthesized = synthApp({ region });
  }, 120_000);

  it("grants every function exactly its listed statements, and lists every function", () => {
    const actual = grantsOf(synthesized);
    const expected = new Map(Object.entries(EXPECTED).map(([fn, statements]) => [fn, [...COMMON, ...(xray ? [XRAY] : []), ...statements].sort()]));
    for (const [fn, statements] of actual) {
      expect(expected.has(fn), `${fn} is not in EXPECTED; the template grants it:\n${statements.join("\n")}`).toBe(true);
      expect(statements, fn).toEqual(expected.get(fn));
    }
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  });

  it("keeps tokens out of reach of everything but the authoriser, the token routes and the console's sessions: no other role names the tokens table", () => {
    const tokensId = synthesized.stack.getLogicalId(synthesized.stack.storage.tokens.node.defaultChild as CfnElement);
    for (const [id, policy] of synthesized.of("AWS::IAM::Policy")) {
      if (!JSON.stringify(policy.Properties.PolicyDocument).includes(tokensId)) continue;
      // the web function checks a console session's token as the authoriser checks a bearer's
      expect(id).toMatch(/^(Authorizer|Tokens|Web)FunctionRole/);
    }
  });

  it("never grants Scan, wildcards of actions, or access to another account's resources", () => {
    const all = JSON.stringify(synthesized.of("AWS::IAM::Policy").map(([, p]) => p.Properties.PolicyDocument));
    expect(all).not.toMatch(/dynamodb:Scan|dynamodb:\*|s3:\*|sqs:\*|"\*:\*"|dynamodb:BatchWriteItem|dynamodb:DeleteItem/);
  });
});
