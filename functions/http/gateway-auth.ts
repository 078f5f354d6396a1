/**
 * What the API Gateway authorizer decides about a request's token, in the shape it passes to the
 * function (`requestContext.authorizer.lambda`). The Lambda authorizer and the local server both
 * decide here, before the request's body is read; the app then enforces role and scope per route.
 * An unknown token is "authenticated: false" (the app answers 401), not a denial.
 */
import { verifyToken } from "../service/tokens.js";
import type { MetadataStore } from "../store/ports.js";

export type AuthorizerContext =
  | { readonly authenticated: "true"; readonly role: string; readonly tokenId: string; readonly scopes: string }
  | { readonly authenticated: "false" };

export async function authorizerContext(metadata: MetadataStore, authorization: string | undefined): Promise<AuthorizerContext> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const token = match ? await verifyToken(metadata, match[1]!) : undefined;
  if (!token) return { authenticated: "false" };
  return { authenticated: "true", role: token.role, tokenId: token.id, scopes: token.scopes.join(",") };
}
