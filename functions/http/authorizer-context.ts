/**
 * What the API Gateway authorizer decides about a request's token, in the shape it passes to the
 * function (`requestContext.authorizer.lambda`, read by auth.ts). The Lambda authorizer and the local
 * server both decide here, before the request's body is read; the app then enforces role and scope
 * per route. A refused token (unknown, revoked, expired) is "authenticated: false" with the reason,
 * and for a known token its id and role (the app answers 401 and audits the refusal), not a denial.
 * A module of its own, so that the authorizer function bundles no more than token verification.
 */
import { authenticate, type TokenDeps } from "../service/tokens.js";

export type AuthorizerContext =
  | { readonly authenticated: "true"; readonly role: string; readonly tokenId: string; readonly scopes: string }
  | { readonly authenticated: "false"; readonly reason: string; readonly tokenId?: string; readonly role?: string };

export async function authorizerContext(deps: Pick<TokenDeps, "tokens" | "now">, authorization: string | undefined): Promise<AuthorizerContext> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  // API Gateway answers a request without the header itself; the local gateway says why here
  if (!match) return { authenticated: "false", reason: authorization ? "malformed authorization header" : "no token" };
  const result = await authenticate(deps, match[1]!);
  if (!result.ok) return { authenticated: "false", reason: result.reason, ...(result.token ? { tokenId: result.token.id, role: result.token.role } : {}) };
  const token = result.token;
  return { authenticated: "true", role: token.role, tokenId: token.id, scopes: token.scopes.join(",") };
}
