/**
 * Events on AWS: each one put on the stack's EventBridge bus (source "nianbao", detail-type the event
 * type, detail the event). PutEvents answers in tens of milliseconds; the deliveries happen in the
 * delivery function, from the queue a rule of the stack feeds.
 */
import { PutEventsCommand, type EventBridgeClient } from "@aws-sdk/client-eventbridge";
import type { EventSink, ServiceEvent } from "../service/events.js";

export const EVENT_SOURCE = "nianbao";

export class EventBridgeSink implements EventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async emit(event: ServiceEvent): Promise<void> {
    const result = await this.client.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: this.busName, Source: EVENT_SOURCE, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(event.timestamp)}],
      }),
    );
    if (result.FailedEntryCount) throw new Error(`EventBridge refused the event: ${result.Entries?.[0]?.ErrorCode ?? "unknown"}`);
  }
}

/** The service event inside an EventBridge event (as the rule delivers it to SQS), or undefined. */
export function serviceEventOf(body: unknown): ServiceEvent | undefined {
  const envelope = body as { source?: unknown; detail?: ServiceEvent };
  if (envelope?.source !== EVENT_SOURCE || typeof envelope.detail !== "object" || envelope.detail === null) return undefined;
  const event = envelope.detail;
  return typeof event.id === "string" && typeof event.type === "string" && typeof event.timestamp === "string" ? event : undefined;
}
