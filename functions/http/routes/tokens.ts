/** Tokens: admins issue, list and revoke them, each within its own scope. */
import { Ajv2020 } from "ajv/dist/2020.js";
import { createToken, listTokens, MAX_EXPIRY_DAYS, revokeToken, ROLES, SCOPE_PATTERN, tokenView, actorOf } from "../../service/tokens.js";
import type { Role } from "../../store/ports.js";
import { json, jsonBody, type ApiContext, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

const bodyCheck = new Ajv2020({ allErrors: false, strict: true }).compile({
  type: "object",
  additionalProperties: false,
  required: ["role", "scopes", "label"],
  properties: {
    role: { enum: ROLES },
    scopes: { type: "array", minItems: 1, maxItems: 20, items: { type: "string", pattern: SCOPE_PATTERN.source } },
    label: { type: "string", minLength: 1, maxLength: 100, pattern: "\\S" },
    expiresInDays: { type: "integer", minimum: 1, maximum: MAX_EXPIRY_DAYS },
  },
});

const issuerOf = (c: ApiContext) => {
  const principal = c.get("principal");
  return { actor: actorOf(principal), scopes: principal.scopes };
};

export const tokenRoutes: RouteHandlers = {
  async createToken(c, s) {
    const body = await jsonBody(c, s);
    if (!bodyCheck(body)) {
      throw new ApiError(400, "invalid_token_request", `请求体须为 { role: "portal"|"admin", scopes: [模式…], label: 说明, expiresInDays?: 1–${MAX_EXPIRY_DAYS} }`);
    }
    const input = body as { role: Role; scopes: string[]; label: string; expiresInDays?: number };
    const { token, record } = await createToken(s.deps, { ...input, issuer: issuerOf(c) });
    const view = tokenView(record);
    return json(c, { tokenId: view.tokenId, token, role: view.role, scopes: view.scopes, label: view.label, createdAt: view.createdAt, ...(view.expiresAt ? { expiresAt: view.expiresAt } : {}) }, 201, {
      Location: `/tokens/${record.id}`,
    });
  },
  async listTokens(c, s) {
    return json(c, { items: await listTokens(s.deps, issuerOf(c)) }, 200);
  },
  async revokeToken(c, s) {
    await revokeToken(s.deps, c.req.param("tokenId" as never) as string, issuerOf(c));
    return c.body(null, 204);
  },
};
