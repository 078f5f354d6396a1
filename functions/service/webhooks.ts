/**
 * Webhook subscriptions: an admin names a URL, the events and the reports (scope patterns) a portal
 * wants to hear about — never wider than the admin's own scope. The secret that signs the deliveries
 * is shown once, at creation; it is kept sealed (secret-box.ts), never listed.
 */
import { randomBytes } from "node:crypto";
import { WEBHOOK_EVENT_TYPES, type DeliveryRecord, type WebhookEventType, type WebhookStore, type WebhookSubscription } from "../store/ports.js";
import { recordAudit, type AuditDeps } from "./audit.js";
import { clock } from "./ports.js";
import { scopesCover } from "./scopes.js";
import type { SecretBox } from "./secret-box.js";
import { checkScopes, type Issuer } from "./tokens.js";
import { resolveTarget, type Resolver, type TargetPolicy } from "./webhook-targets.js";

export interface WebhookDeps extends AuditDeps {
  readonly webhooks: WebhookStore;
  readonly secrets?: SecretBox;
}

/** `whsec_` and the base64 of 24 to 64 random bytes (the Standard Webhooks secret format). */
export const SECRET_PATTERN = /^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/;
export const SUBSCRIPTION_ID_PATTERN = /^[0-9a-f]{16}$/;

export class InvalidWebhookError extends Error {}
/** The subscription's scopes are not within the caller's own. */
export class WebhookOutOfScopeError extends Error {}
export class SubscriptionNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`no webhook subscription ${id}`);
  }
}

/** A subscription as listed: never its secret. */
export type SubscriptionView = Omit<WebhookSubscription, "sealedSecret">;

export function subscriptionView(subscription: WebhookSubscription): SubscriptionView {
  const { sealedSecret: _sealed, ...view } = subscription;
  return view;
}

export async function createSubscription(
  deps: WebhookDeps,
  input: { url: string; events: readonly WebhookEventType[]; scopes: readonly string[]; secret?: string; issuer: Issuer; policy: TargetPolicy; resolve?: Resolver },
): Promise<{ subscription: SubscriptionView; secret: string }> {
  if (!deps.secrets) throw new Error("webhook secrets cannot be sealed here (no secret box configured)");
  checkScopes(input.scopes);
  const events = [...new Set(input.events)];
  if (events.length === 0 || events.some((e) => !WEBHOOK_EVENT_TYPES.includes(e))) throw new InvalidWebhookError(`events must be some of ${WEBHOOK_EVENT_TYPES.join(", ")}`);
  if (input.secret !== undefined && !SECRET_PATTERN.test(input.secret)) throw new InvalidWebhookError("secret must be whsec_ followed by the base64 of 24 to 64 bytes");
  const scopes = [...new Set(input.scopes)];
  if (input.issuer.scopes && !scopesCover(input.issuer.scopes, scopes)) {
    throw new WebhookOutOfScopeError(`the scope ${scopes.join(" ")} is not within the issuer's own scope ${input.issuer.scopes.join(" ")}`);
  }
  const { url } = await resolveTarget(input.url, input.policy, input.resolve);
  const id = randomBytes(8).toString("hex");
  const secret = input.secret ?? `whsec_${randomBytes(32).toString("base64")}`;
  const subscription: WebhookSubscription = {
    id,
    url: url.href,
    events,
    scopes,
    createdAt: clock(deps).toISOString(),
    createdBy: input.issuer.actor,
    sealedSecret: await deps.secrets.seal(secret, id),
  };
  await deps.webhooks.putSubscription(subscription);
  await recordAudit(deps, { actor: input.issuer.actor, action: "webhook.create", target: `webhook:${id}`, outcome: "success", detail: { url: subscription.url, events, scopes } });
  return { subscription: subscriptionView(subscription), secret };
}

/** The subscriptions within the viewer's scope, oldest first. */
export async function listSubscriptions(deps: WebhookDeps, viewer: Issuer): Promise<SubscriptionView[]> {
  const all = await deps.webhooks.listSubscriptions();
  return all.filter((s) => !viewer.scopes || scopesCover(viewer.scopes, s.scopes)).map(subscriptionView);
}

async function subscriptionFor(deps: WebhookDeps, id: string, viewer: Issuer): Promise<WebhookSubscription> {
  const subscription = SUBSCRIPTION_ID_PATTERN.test(id) ? await deps.webhooks.getSubscription(id) : undefined;
  if (!subscription) throw new SubscriptionNotFoundError(id);
  if (viewer.scopes && !scopesCover(viewer.scopes, subscription.scopes)) throw new WebhookOutOfScopeError(`webhook ${id} is not within the caller's scope`);
  return subscription;
}

export async function deleteSubscription(deps: WebhookDeps, id: string, viewer: Issuer): Promise<void> {
  const subscription = await subscriptionFor(deps, id, viewer);
  if (!(await deps.webhooks.deleteSubscription(id, clock(deps).toISOString()))) throw new SubscriptionNotFoundError(id);
  await recordAudit(deps, { actor: viewer.actor, action: "webhook.delete", target: `webhook:${id}`, outcome: "success", detail: { url: subscription.url } });
}

export interface DeliveryView {
  readonly id: string;
  readonly event: WebhookEventType;
  readonly at: string;
  readonly attempts: number;
  readonly status: DeliveryRecord["status"];
  readonly lastError?: string;
}

export async function listDeliveries(deps: WebhookDeps, id: string, viewer: Issuer, limit: number): Promise<DeliveryView[]> {
  await subscriptionFor(deps, id, viewer);
  const deliveries = await deps.webhooks.listDeliveries(id, limit);
  return deliveries.map((d) => ({ id: d.id, event: d.event, at: d.at, attempts: d.attempts, status: d.status, ...(d.lastError ? { lastError: d.lastError } : {}) }));
}
