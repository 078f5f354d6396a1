/**
 * What the API Gateway authorizer decides about a request's token, in the shape it passes to the
 * function (`requestContext.authorizer.lambda`, read by auth.ts). The Lambda authorizer and the local
 * server both decide here, before the request's body is read; the app then enforces role and scope
 * per route. An unknown token is "authenticated: false" (the app answers 401), not a denial. A module
 * of its own, so that the authorizer function bundles no more than token verification.
 */
import { verifyToken } from "../service/tokens.js";
import type { TokenStore } from "../store/ports.js";

export type AuthorizerContext =
  | { readonly authenticated: "true"; readonly role: string; readonly tokenId: string; readonly scopes: string }
  | { readonly authenticated: "false" };

export async function authorizerContext(tokens: TokenStore, authorization: string | undefined): Promise<AuthorizerContext> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const token = match ? await verifyToken(tokens, match[1]!) : undefined;
  if (!token) return { authenticated: "false" };
  return { authenticated: "true", role: token.role, tokenId: token.id, scopes: token.scopes.join(",") };
}
