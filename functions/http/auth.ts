/** Authentication: who the caller is, from the API Gateway authorizer's verdict or from the token. */
import { verifyToken } from "../service/tokens.js";
import type { Role } from "../store/ports.js";
import type { ApiContext, AppServices, Principal } from "./context.js";
import { ApiError } from "./errors.js";

export async function principalOf(c: ApiContext, services: AppServices): Promise<Principal> {
  // Behind API Gateway the Lambda authorizer has already checked the token and passes its verdict.
  // It admits unknown tokens with authenticated "false", so that they get the API's 401, not
  // API Gateway's 403 for a denied request.
  const context = c.env?.event?.requestContext?.authorizer?.lambda;
  if (context && context.authenticated === "false") throw new ApiError(401, "unauthenticated", "令牌无效");
  if (context && context.authenticated === "true" && typeof context.role === "string" && typeof context.tokenId === "string") {
    return { id: context.tokenId, role: context.role as Role, scopes: String(context.scopes ?? "").split(",").filter(Boolean) };
  }
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, "unauthenticated", "需要 Authorization: Bearer <token>");
  const token = await verifyToken(services.deps.tokens, match[1]!);
  if (!token) throw new ApiError(401, "unauthenticated", "令牌无效");
  return { id: token.id, role: token.role, scopes: token.scopes };
}
