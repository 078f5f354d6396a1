/** Webhook subscriptions, for admins: each within the admin's own scope; the secret shown once. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { actorOf, SCOPE_PATTERN } from "../../service/tokens.js";
import { NO_EXCEPTIONS } from "../../service/webhook-targets.js";
import { createSubscription, deleteSubscription, listDeliveries, listSubscriptions, SECRET_PATTERN } from "../../service/webhooks.js";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../../store/ports.js";
import { json, jsonBody, limitParam, queryParams, type ApiContext, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

const bodyCheck = new Ajv2020({ allErrors: false, strict: true }).compile({
  type: "object",
  additionalProperties: false,
  required: ["url", "events", "scopes"],
  properties: {
    url: { type: "string", minLength: 1, maxLength: 2048 },
    events: { type: "array", minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length, items: { enum: WEBHOOK_EVENT_TYPES } },
    scopes: { type: "array", minItems: 1, maxItems: 20, items: { type: "string", pattern: SCOPE_PATTERN.source } },
    secret: { type: "string", pattern: SECRET_PATTERN.source },
  },
});

const viewerOf = (c: ApiContext) => {
  const principal = c.get("principal");
  return { actor: actorOf(principal), scopes: principal.scopes };
};

const idParam = (c: ApiContext) => c.req.param("id" as never) as string;

export const webhookRoutes: RouteHandlers = {
  async createWebhook(c, s) {
    const body = await jsonBody(c, s);
    if (!bodyCheck(body)) {
      throw new ApiError(
        400,
        "invalid_webhook",
        `请求体须为 { url, events: [${WEBHOOK_EVENT_TYPES.join(" | ")}…], scopes: [模式…], secret?: "whsec_<base64>" }`,
      );
    }
    const input = body as { url: string; events: WebhookEventType[]; scopes: string[]; secret?: string };
    const { subscription, secret } = await createSubscription(s.deps, { ...input, issuer: viewerOf(c), policy: s.webhookPolicy ?? NO_EXCEPTIONS });
    return json(c, { ...subscription, secret }, 201, { Location: `/webhooks/${subscription.id}` });
  },
  async listWebhooks(c, s) {
    return json(c, { items: await listSubscriptions(s.deps, viewerOf(c)) }, 200);
  },
  async deleteWebhook(c, s) {
    await deleteSubscription(s.deps, idParam(c), viewerOf(c));
    return c.body(null, 204);
  },
  async listWebhookDeliveries(c, s) {
    queryParams(c, ["limit"]);
    return json(c, { items: await listDeliveries(s.deps, idParam(c), viewerOf(c), limitParam(c, 50)) }, 200);
  },
};
