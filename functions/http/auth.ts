/** Authentication: who the caller is, from the API Gateway authorizer's verdict or from the token. */
import { actorOf, authenticate } from "../service/tokens.js";
import type { Role } from "../store/ports.js";
import type { ApiContext, AppServices, Principal } from "./context.js";
import { Refusal } from "./errors.js";

const MESSAGES: Readonly<Record<string, string>> = {
  "unknown token": "令牌无效",
  "revoked token": "令牌已撤销",
  "expired token": "令牌已过期",
  // the local gateway's verdicts on a request without a usable header (API Gateway answers those itself)
  "no token": "需要 Authorization: Bearer <token>",
  "malformed authorization header": "需要 Authorization: Bearer <token>",
};

export async function principalOf(c: ApiContext, services: AppServices): Promise<Principal> {
  // Behind API Gateway the Lambda authorizer has already checked the token and passes its verdict.
  // It admits refused tokens with authenticated "false", so that they get the API's 401, not
  // API Gateway's 403 for a denied request.
  const context = c.env?.event?.requestContext?.authorizer?.lambda;
  if (context && context.authenticated === "false") {
    const reason = typeof context.reason === "string" && MESSAGES[context.reason] ? context.reason : "unknown token";
    const actor = typeof context.tokenId === "string" && typeof context.role === "string" ? `${context.role}:${context.tokenId}` : undefined;
    throw new Refusal(401, MESSAGES[reason]!, reason, actor);
  }
  if (context && context.authenticated === "true" && typeof context.role === "string" && typeof context.tokenId === "string") {
    return { id: context.tokenId, role: context.role as Role, scopes: String(context.scopes ?? "").split(",").filter(Boolean) };
  }
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new Refusal(401, "需要 Authorization: Bearer <token>", header ? "malformed authorization header" : "no token");
  const result = await authenticate(services.deps, match[1]!);
  if (!result.ok) throw new Refusal(401, MESSAGES[result.reason]!, result.reason, result.token ? actorOf(result.token) : undefined);
  return { id: result.token.id, role: result.token.role, scopes: result.token.scopes };
}
