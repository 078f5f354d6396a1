/**
 * Events and webhooks in the template: the stack's EventBridge bus, a rule sending the service's
 * events to the delivery queue (and nothing else: deployers add their own rules), the delivery queue
 * with its dead-letter queue both drained by the delivery function, the KMS key that seals webhook
 * secrets, and where the functions learn of them. Least privilege of each function: least-privilege.test.ts.
 */
import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { EVENT_SOURCE } from "../../functions/queue/eventbridge-sink.js";
import { WEBHOOK_DELIVERY } from "../../infra/constructs/events.js";
import { synthApp, type Synthesized } from "./synth-app.js";

let s: Synthesized;
const ref = (construct: { node: { defaultChild?: unknown } }) => s.stack.getLogicalId(construct.node.defaultChild as never);
beforeAll(() => {
  s = synthApp({ region: "ap-southeast-1", webhookAllowedHosts: "10.20.0.0/16" });
}, 120_000);

describe("events and webhooks on AWS", () => {
  it("has an event bus of its own, and one rule that sends the service's events to the delivery queue", () => {
    expect(s.of("AWS::Events::EventBus")).toHaveLength(1);
    s.template.hasResourceProperties("AWS::Events::Rule", {
      EventBusName: { Ref: ref(s.stack.events.bus) },
      EventPattern: { source: [EVENT_SOURCE] },
      Targets: [Match.objectLike({ Arn: { "Fn::GetAtt": [ref(s.stack.events.deliveries), "Arn"] } })],
    });
    // only that rule may send to the queue
    s.template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [{ Ref: ref(s.stack.events.deliveries) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Principal: { Service: "events.amazonaws.com" },
            Condition: { ArnEquals: { "aws:SourceArn": { "Fn::GetAtt": [Match.stringLikeRegexp("^EventsToDeliveries"), "Arn"] } } },
          }),
        ]),
      },
    });
  });

  it("has a delivery queue with a dead-letter queue, both drained by the delivery function", () => {
    const deliveries = s.resources[ref(s.stack.events.deliveries)]!;
    expect(deliveries.Properties.RedrivePolicy).toEqual({
      deadLetterTargetArn: { "Fn::GetAtt": [ref(s.stack.events.deliveryDeadLetters), "Arn"] },
      maxReceiveCount: WEBHOOK_DELIVERY.maxReceives,
    });
    expect(deliveries.Properties.SqsManagedSseEnabled).toBe(true);
    // a message is invisible while a batch of attempts (each at most 10 s) may still run
    expect(deliveries.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * WEBHOOK_DELIVERY.timeoutSeconds);
    const [fnId, fn] = s.fn("WebhookDeliveriesFunction");
    for (const queue of [s.stack.events.deliveries, s.stack.events.deliveryDeadLetters]) {
      s.template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionName: { Ref: fnId },
        EventSourceArn: { "Fn::GetAtt": [ref(queue), "Arn"] },
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    }
    expect(fn.Properties.Layers).toBeUndefined(); // no Chromium
    expect(fn.Properties.Timeout).toBe(WEBHOOK_DELIVERY.timeoutSeconds);
    const env = fn.Properties.Environment.Variables;
    expect(env.NIANBAO_DELIVERY_QUEUE_URL).toEqual({ Ref: ref(s.stack.events.deliveries) });
    expect(env.NIANBAO_DELIVERY_QUEUE_ARN).toEqual({ "Fn::GetAtt": [ref(s.stack.events.deliveries), "Arn"] });
    expect(env.NIANBAO_WEBHOOK_KEY_ID).toEqual({ "Fn::GetAtt": [ref(s.stack.events.webhookKey), "Arn"] });
    expect(env.NIANBAO_WEBHOOK_ALLOWED_HOSTS).toBe("10.20.0.0/16");
  });

  it("seals webhook secrets with a rotating KMS key", () => {
    s.template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true, Description: "Seals webhook signing secrets at rest" });
  });

  it("tells exactly the functions that emit events where the bus is", () => {
    const withBus = s
      .of("AWS::Lambda::Function")
      .filter(([, fn]) => fn.Properties.Environment?.Variables?.NIANBAO_EVENT_BUS)
      .map(([id]) => id.replace(/Function[A-F0-9]{8}$/, ""))
      .sort();
    expect(withBus).toEqual(["DeadLetters", "Publish", "Regenerate", "Withdraw", "Worker"]);
    const [, publish] = s.fn("PublishFunction");
    expect(publish.Properties.Environment.Variables.NIANBAO_EVENT_BUS).toEqual({ Ref: ref(s.stack.events.bus) });
  });

  it("expires table exports after a day", () => {
    const bucket = s.resources[ref(s.stack.storage.bucket)]!;
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Prefix: "exports/", ExpirationInDays: 1, Status: "Enabled" }));
  });
});
