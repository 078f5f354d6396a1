/**
 * Webhooks through real HTTP: a receiver on loopback (allowed by configuration, as a deployer would
 * allow an internal portal) gets a signed version.created seconds after a publish, verified with the
 * standardwebhooks package; a failed answer is retried with the same webhook-id; reports outside the
 * subscription's scopes are not delivered; private and metadata addresses are refused.
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keys } from "../../functions/store/table.js";
import { example } from "../helpers/examples.js";
import { startReceiver, type Receiver } from "../helpers/receiver.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { documentClient } from "../../functions/store/table.js";

let service: TestService;
let receiver: Receiver;
let admin: string;
let portal: string;
beforeAll(async () => {
  receiver = await startReceiver();
  // retries after 0.3 s and 0.3 s: the schedule is configurable, so a test need not wait an hour
  service = await startTestService({ webhooks: { allowedHosts: "127.0.0.1", retryScheduleMs: [300, 300] } });
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["*"]);
});
afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

async function subscribe(body: Record<string, unknown>, token = admin) {
  return service.call("POST", "/webhooks", { token, body });
}

function variant(n: number) {
  const report = example("yunxi2021");
  report.otherMatters = [`（一）第${n}稿。`];
  return report;
}

const typeOf = (r: { body: string }) => JSON.parse(r.body) as { type: string; timestamp: string; data: Record<string, any> };

describe("webhook subscriptions", () => {
  it("delivers a signed version.created within seconds of a publish, verifiable with standardwebhooks", async () => {
    const created = await subscribe({ url: `${receiver.url}/created`, events: ["version.created", "version.withdrawn"], scopes: ["hook-*"] });
    expect(created.status).toBe(201);
    const subscription = await created.json();
    expect(subscription).toMatchObject({ url: `${receiver.url}/created`, events: ["version.created", "version.withdrawn"], scopes: ["hook-*"] });
    expect(subscription.secret).toMatch(/^whsec_/);

    const published = await service.call("PUT", "/reports/hook-yunxi", { token: portal, body: variant(1) });
    expect(published.status).toBe(201);
    const publishedAt = performance.now();
    const delivery = await receiver.waitFor((r) => r.path === "/created" && typeOf(r).data.reportId === "hook-yunxi", 10_000);
    expect(delivery.at - publishedAt).toBeLessThan(10_000);

    // the receiver's five lines: the package verifies signature and timestamp, and parses the body
    const payload = new Webhook(subscription.secret).verify(delivery.body, delivery.headers as Record<string, string>) as ReturnType<typeof typeOf>;
    expect(payload.type).toBe("version.created");
    expect(payload.data).toMatchObject({ reportId: "hook-yunxi", version: 1, trigger: "publish", links: { page: `${service.url}/r/hook-yunxi`, latest: `${service.url}/d/hook-yunxi`, version: `${service.url}/d/hook-yunxi/1` } });
    expect(payload.data.pdf.url).toBeUndefined(); // the 10-minute link is not what a portal should keep
    expect(delivery.headers["webhook-id"]).toMatch(/^msg_/);
    expect(delivery.headers["webhook-signature"]).toMatch(/^v1,/);
    // a tampered body does not verify
    expect(() => new Webhook(subscription.secret).verify(delivery.body.replace("hook-yunxi", "hook-other"), delivery.headers as Record<string, string>)).toThrow();

    // withdrawal is an event too
    expect((await service.call("POST", "/reports/hook-yunxi/versions/1/withdraw", { token: admin, body: { reason: "数字有误" } })).status).toBe(200);
    const withdrawn = await receiver.waitFor((r) => r.path === "/created" && typeOf(r).type === "version.withdrawn");
    expect(typeOf(withdrawn).data).toMatchObject({ reportId: "hook-yunxi", version: 1, withdrawn: { reason: "数字有误" } });

    const deliveries = await (await service.call("GET", `/webhooks/${subscription.id}/deliveries`, { token: admin })).json();
    expect(deliveries.items.map((d: any) => [d.event, d.status, d.attempts])).toEqual([
      ["version.withdrawn", "succeeded", 1],
      ["version.created", "succeeded", 1],
    ]);
  });

  it("retries a delivery answered 500 with the same webhook-id, and records the attempts", async () => {
    const subscription = await (await subscribe({ url: `${receiver.url}/retry`, events: ["version.created"], scopes: ["retry-*"] })).json();
    receiver.failNext(1, 500);
    expect((await service.call("PUT", "/reports/retry-yunxi", { token: portal, body: variant(2) })).status).toBe(201);
    await receiver.waitFor((r) => r.path === "/retry" && r.answered === 204);
    const attempts = receiver.received.filter((r) => r.path === "/retry");
    expect(attempts.map((a) => a.answered)).toEqual([500, 204]);
    expect(attempts[1]!.headers["webhook-id"]).toBe(attempts[0]!.headers["webhook-id"]);
    expect(attempts[1]!.body).toBe(attempts[0]!.body);
    new Webhook(subscription.secret).verify(attempts[1]!.body, attempts[1]!.headers as Record<string, string>);
    await service.webhooks.idle();
    const [delivery] = (await (await service.call("GET", `/webhooks/${subscription.id}/deliveries`, { token: admin })).json()).items;
    expect(delivery).toMatchObject({ id: attempts[0]!.headers["webhook-id"], event: "version.created", attempts: 2, status: "succeeded" });
  });

  it("records a delivery failed after the last scheduled attempt", async () => {
    const subscription = await (await subscribe({ url: `${receiver.url}/down`, events: ["version.created"], scopes: ["down-*"] })).json();
    receiver.failNext(3, 503);
    expect((await service.call("PUT", "/reports/down-yunxi", { token: portal, body: variant(3) })).status).toBe(201);
    await receiver.waitFor((r) => r.path === "/down" && receiver.received.filter((x) => x.path === "/down").length === 3);
    await service.webhooks.idle();
    const [delivery] = (await (await service.call("GET", `/webhooks/${subscription.id}/deliveries`, { token: admin })).json()).items;
    expect(delivery).toMatchObject({ attempts: 3, status: "failed", lastError: "HTTP 503" });
  });

  it("delivers nothing about a report outside the subscription's scopes", async () => {
    await subscribe({ url: `${receiver.url}/scoped`, events: ["version.created"], scopes: ["scoped-*"] });
    expect((await service.call("PUT", "/reports/elsewhere-yunxi", { token: portal, body: variant(4) })).status).toBe(201);
    expect((await service.call("PUT", "/reports/scoped-yunxi", { token: portal, body: variant(5) })).status).toBe(201);
    await receiver.waitFor((r) => r.path === "/scoped");
    await service.webhooks.idle();
    const scoped = receiver.received.filter((r) => r.path === "/scoped").map((r) => typeOf(r).data.reportId);
    expect(scoped).toEqual(["scoped-yunxi"]);
  });

  it("refuses loopback, private, link-local and metadata addresses, and plain http, with 422", async () => {
    for (const url of ["https://169.254.169.254/latest/meta-data", "https://10.0.0.8/hook", "https://[::1]/hook", "https://192.168.1.20/hook", "https://[fd00:ec2::254]/", "https://[::ffff:10.1.2.3]/", "http://example.com/hook"]) {
      const response = await subscribe({ url, events: ["version.created"], scopes: ["*"] });
      expect(response.status, url).toBe(422);
      expect((await errorOf(response)).error.code).toBe("webhook_target_refused");
    }
    const listed = await (await service.call("GET", "/webhooks", { token: admin })).json();
    expect(listed.items.some((s: any) => /169\.254|10\.0\.0\.8|::1/.test(s.url))).toBe(false);
  });

  it("checks bodies and scopes: 400 for a bad body, 403 beyond the admin's scope or for a portal", async () => {
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["report.deleted"], scopes: ["*"] })).status).toBe(400);
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["version.created"], scopes: [] })).status).toBe(400);
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["version.created"], scopes: ["*"], secret: "hunter2" })).status).toBe(400);
    const narrow = await service.token("admin", ["narrow-*"]);
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["version.created"], scopes: ["*"] }, narrow)).status).toBe(403);
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["version.created"], scopes: ["narrow-a*"] }, narrow)).status).toBe(201);
    expect((await subscribe({ url: `${receiver.url}/x`, events: ["version.created"], scopes: ["*"] }, portal)).status).toBe(403);
    // the narrow admin sees only its own subscriptions
    const seen = await (await service.call("GET", "/webhooks", { token: narrow })).json();
    expect(seen.items.map((s: any) => s.scopes)).toEqual([["narrow-a*"]]);
  });

  it("keeps the secret sealed: never listed, not stored in clear, shown once; a given secret is used", async () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const created = await (await subscribe({ url: `${receiver.url}/sealed`, events: ["version.created"], scopes: ["sealed-*"], secret })).json();
    expect(created.secret).toBe(secret);
    const listed = await (await service.call("GET", "/webhooks", { token: admin })).text();
    expect(listed).not.toContain("whsec_");
    expect(listed).not.toContain("sealedSecret");
    const { Item } = await documentClient(service.stores.dynamo).send(new GetCommand({ TableName: service.stores.config.table, Key: keys.webhook(created.id) }));
    expect(JSON.stringify(Item)).not.toContain(secret.slice(6));
    expect(Item!.sealedSecret).toMatch(/^v1\./);

    expect((await service.call("PUT", "/reports/sealed-yunxi", { token: portal, body: variant(6) })).status).toBe(201);
    const delivery = await receiver.waitFor((r) => r.path === "/sealed");
    expect(() => new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).not.toThrow();
  });

  it("deletes a subscription (204, audited); its deliveries are then 404", async () => {
    const subscription = await (await subscribe({ url: `${receiver.url}/gone`, events: ["regeneration.finished"], scopes: ["gone-*"] })).json();
    expect((await service.call("DELETE", `/webhooks/${subscription.id}`, { token: admin })).status).toBe(204);
    expect((await service.call("DELETE", `/webhooks/${subscription.id}`, { token: admin })).status).toBe(404);
    expect((await service.call("GET", `/webhooks/${subscription.id}/deliveries`, { token: admin })).status).toBe(404);
    const audit = await (await service.call("GET", "/audit?action=webhook.delete", { token: admin })).json();
    expect(audit.items[0]).toMatchObject({ action: "webhook.delete", target: `webhook:${subscription.id}`, outcome: "success" });
    const created = await (await service.call("GET", "/audit?action=webhook.create", { token: admin })).json();
    expect(JSON.stringify(created)).not.toContain("whsec_");
  });

  it("tells a subscription covering a bulk job when the job finishes", async () => {
    await subscribe({ url: `${receiver.url}/jobs`, events: ["regeneration.finished"], scopes: ["bulk-*"] });
    expect((await service.call("PUT", "/reports/bulk-yunxi", { token: portal, body: variant(7) })).status).toBe(201);
    const started = await service.call("POST", "/regenerations", { token: admin, body: { reportIdPrefix: "bulk-" } });
    expect(started.status).toBe(202);
    const { jobId } = await started.json();
    const finished = await receiver.waitFor((r) => r.path === "/jobs", 30_000);
    expect(typeOf(finished)).toMatchObject({ type: "regeneration.finished", data: { jobId, status: "finished", total: 1 } });
  });
});
