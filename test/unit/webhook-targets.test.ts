/**
 * Where webhooks may go: the SSRF rules on IP literals and on what names resolve to (the system
 * resolver for "localhost"; a stub resolver only to make a public name resolve to a private address,
 * which no real DNS name here can be relied on to do), the deployer's allow list, https, and the
 * retry schedule's configuration.
 */
import { describe, expect, it } from "vitest";
import { retryScheduleFromEnv, DEFAULT_RETRY_SCHEDULE_MS, subscribed } from "../../functions/service/webhook-delivery.js";
import { NO_EXCEPTIONS, refusedAddress, resolveTarget, targetPolicy, TargetPolicyError, WebhookTargetError } from "../../functions/service/webhook-targets.js";

const resolvesTo = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("webhook targets", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.9", "private"],
    ["192.168.0.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["100.100.100.200", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["224.0.0.1", "multicast"],
    ["2002:a9fe:a9fe::", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    expect(refusedAddress(address, NO_EXCEPTIONS)).toContain(range);
  });

  it.each(["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "1.1.1.1"])("accepts the public address %s", (address) => {
    expect(refusedAddress(address, NO_EXCEPTIONS)).toBeUndefined();
  });

  it("refuses a host name that resolves to loopback (localhost, through the system resolver)", async () => {
    await expect(resolveTarget("https://localhost/hook", NO_EXCEPTIONS)).rejects.toThrow(/localhost resolves to .*loopback/);
  });

  it("refuses a public-looking name with one private address among its answers", async () => {
    await expect(resolveTarget("https://hooks.example.com/x", NO_EXCEPTIONS, resolvesTo("93.184.216.34", "10.0.0.7"))).rejects.toThrow(WebhookTargetError);
    const target = await resolveTarget("https://hooks.example.com/x", NO_EXCEPTIONS, resolvesTo("93.184.216.34"));
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4 });
  });

  it("requires https, refuses credentials and other schemes, and names that do not resolve", async () => {
    await expect(resolveTarget("http://93.184.216.34/x", NO_EXCEPTIONS)).rejects.toThrow(/https/);
    await expect(resolveTarget("https://user:pw@93.184.216.34/x", NO_EXCEPTIONS)).rejects.toThrow(/credentials/);
    await expect(resolveTarget("file:///etc/passwd", NO_EXCEPTIONS)).rejects.toThrow(/https/);
    await expect(resolveTarget("not a url", NO_EXCEPTIONS)).rejects.toThrow(/absolute/);
    await expect(resolveTarget("https://nothing.invalid/x", NO_EXCEPTIONS)).rejects.toThrow(/does not resolve/);
  });

  it("lets the deployer allow hosts and ranges, and plain http to them", async () => {
    const policy = targetPolicy("127.0.0.0/8, hooks.internal, ::1");
    expect((await resolveTarget("http://127.0.0.1:8080/x", policy)).address).toBe("127.0.0.1");
    expect((await resolveTarget("https://[::1]/x", policy)).address).toBe("::1");
    expect((await resolveTarget("http://hooks.internal/x", policy, resolvesTo("10.9.9.9"))).address).toBe("10.9.9.9");
    // 10.x is allowed only through the name, not for other names
    await expect(resolveTarget("https://other.example/x", policy, resolvesTo("10.9.9.9"))).rejects.toThrow(/private/);
    await expect(resolveTarget("http://169.254.169.254/", policy)).rejects.toThrow();
    expect(() => targetPolicy("10.0.0.0/40")).toThrow(TargetPolicyError);
    expect(() => targetPolicy("http://x")).toThrow(TargetPolicyError);
  });
});

describe("retry schedule", () => {
  it("defaults to a first retry within 30 s and a last attempt more than an hour after the first", () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS[0]).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0)).toBeGreaterThan(3_600_000);
    for (const delay of DEFAULT_RETRY_SCHEDULE_MS) expect(delay).toBeLessThanOrEqual(900_000); // SQS's longest delay
  });

  it("is configurable in seconds (fractions for tests); nonsense is refused", () => {
    expect(retryScheduleFromEnv("0.2, 1,30")).toEqual([200, 1000, 30_000]);
    expect(retryScheduleFromEnv("")).toBe(DEFAULT_RETRY_SCHEDULE_MS);
    expect(() => retryScheduleFromEnv("5,soon")).toThrow();
    expect(() => retryScheduleFromEnv("901")).toThrow();
  });
});

describe("who hears about an event", () => {
  const subscription = { id: "0123456789abcdef", url: "https://p.example/h", events: ["version.created" as const, "regeneration.finished" as const], scopes: ["raohe-*"], createdAt: "", createdBy: "", sealedSecret: "" };
  const base = { id: "evt_1", timestamp: "2026-01-01T00:00:00.000Z", data: {} };
  it("a report event within the scopes and of a subscribed type", () => {
    expect(subscribed(subscription, { ...base, type: "version.created", reportId: "raohe-2024" })).toBe(true);
    expect(subscribed(subscription, { ...base, type: "version.created", reportId: "yunxi-2024" })).toBe(false);
    expect(subscribed(subscription, { ...base, type: "version.withdrawn", reportId: "raohe-2024" })).toBe(false);
  });
  it("a bulk job only when the subscription covers all it could touch", () => {
    expect(subscribed(subscription, { ...base, type: "regeneration.finished", reach: { scopes: ["*"], reportIdPrefix: "raohe-x" } })).toBe(true);
    expect(subscribed(subscription, { ...base, type: "regeneration.finished", reach: { scopes: ["raohe-*"] } })).toBe(true);
    expect(subscribed(subscription, { ...base, type: "regeneration.finished", reach: { scopes: ["*"] } })).toBe(false);
    expect(subscribed(subscription, { ...base, type: "regeneration.finished", reach: { scopes: ["*"], reportIdPrefix: "r" } })).toBe(false);
  });
});
