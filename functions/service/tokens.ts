/**
 * API tokens: random secrets shown once; only their SHA-256 is stored. A token has a role, a scope of
 * reportId glob patterns, optionally an expiry; it can be revoked. Every check reads the token's item
 * (strongly consistent), so a revocation holds from the next request on.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Role, TokenRecord, TokenStore } from "../store/ports.js";
import { recordAudit, type AuditDeps } from "./audit.js";
import { clock } from "./ports.js";
import { SCOPE_PATTERN, scopesCover } from "./scopes.js";

export { inScope, scopesCover, SCOPE_PATTERN } from "./scopes.js";

export const ROLES: readonly Role[] = ["portal", "admin"];
const TOKEN_PATTERN = /^nb_[A-Za-z0-9_-]{43}$/;
export const MAX_EXPIRY_DAYS = 3650;
const DAY_MS = 86_400_000;
/** lastUsedAt is written at most this often per token */
const USE_RECORD_INTERVAL_MS = 60_000;

export class InvalidScopeError extends Error {}
export class InvalidExpiryError extends Error {}
export class TokenNotFoundError extends Error {
  constructor(readonly tokenId: string) {
    super(`no token ${tokenId}`);
  }
}
/** The caller's own scope does not cover what it asked for. */
export class ScopeTooWideError extends Error {}

export interface TokenDeps extends AuditDeps {
  readonly tokens: TokenStore;
}

/** Who issues or revokes: an admin token (limited to its scope), or the operator's CLI (not limited). */
export interface Issuer {
  readonly actor: string;
  /** absent for the operator, who has the database itself */
  readonly scopes?: readonly string[];
}

/** A token as listed: never the secret nor its hash. */
export interface TokenView {
  readonly tokenId: string;
  readonly role: Role;
  readonly scopes: readonly string[];
  readonly label?: string;
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly expiresAt?: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function tokenView(record: TokenRecord): TokenView {
  const { hash: _hash, id, ...rest } = record;
  return { tokenId: id, ...rest };
}

export function checkScopes(scopes: readonly string[]): void {
  if (scopes.length === 0) throw new InvalidScopeError("a token needs at least one scope");
  for (const scope of scopes) {
    if (!SCOPE_PATTERN.test(scope)) throw new InvalidScopeError(`invalid scope ${JSON.stringify(scope)}: use a-z, 0-9, -, * and ?`);
  }
}

export async function createToken(
  deps: TokenDeps,
  input: { role: Role; scopes: readonly string[]; label?: string; expiresInDays?: number; issuer: Issuer },
): Promise<{ token: string; record: TokenRecord }> {
  checkScopes(input.scopes);
  if (input.expiresInDays !== undefined && (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > MAX_EXPIRY_DAYS)) {
    throw new InvalidExpiryError(`expiresInDays must be an integer from 1 to ${MAX_EXPIRY_DAYS}`);
  }
  const scopes = [...new Set(input.scopes)];
  if (input.issuer.scopes && !scopesCover(input.issuer.scopes, scopes)) {
    throw new ScopeTooWideError(`the scope ${scopes.join(" ")} is not within the issuer's own scope ${input.issuer.scopes.join(" ")}`);
  }
  const now = clock(deps);
  const token = `nb_${randomBytes(32).toString("base64url")}`;
  const hash = hashToken(token);
  const record: TokenRecord = {
    hash,
    id: hash.slice(0, 12),
    role: input.role,
    scopes,
    createdAt: now.toISOString(),
    createdBy: input.issuer.actor,
    ...(input.label ? { label: input.label } : {}),
    ...(input.expiresInDays !== undefined ? { expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS).toISOString() } : {}),
  };
  await deps.tokens.putToken(record);
  await recordAudit(deps, {
    actor: input.issuer.actor,
    action: "token.create",
    target: `token:${record.id}`,
    outcome: "success",
    detail: { role: record.role, scopes: record.scopes, ...(record.label ? { label: record.label } : {}), ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}) },
  });
  return { token, record };
}

export type Authentication =
  | { readonly ok: true; readonly token: TokenRecord }
  | { readonly ok: false; readonly reason: "unknown token" | "revoked token" | "expired token"; readonly token?: TokenRecord };

/**
 * Checks a presented secret: unknown, revoked and expired tokens are refused. Records the use at most
 * once a minute per token (a conditional write), so checking costs one read per request.
 */
export async function authenticate(deps: Pick<TokenDeps, "tokens" | "now">, secret: string): Promise<Authentication> {
  if (!TOKEN_PATTERN.test(secret)) return { ok: false, reason: "unknown token" };
  const token = await deps.tokens.getToken(hashToken(secret));
  if (!token) return { ok: false, reason: "unknown token" };
  if (token.revokedAt) return { ok: false, reason: "revoked token", token };
  const now = clock(deps);
  if (token.expiresAt && now.toISOString() >= token.expiresAt) return { ok: false, reason: "expired token", token };
  const notBefore = new Date(now.getTime() - USE_RECORD_INTERVAL_MS).toISOString();
  if (!token.lastUsedAt || token.lastUsedAt < notBefore) await deps.tokens.recordUse(token.hash, now.toISOString(), notBefore);
  return { ok: true, token };
}

/** The tokens an issuer may see: those within its scope (all of them for the operator). */
export async function listTokens(deps: TokenDeps, viewer: Issuer): Promise<TokenView[]> {
  const tokens = await deps.tokens.listTokens();
  return tokens
    .filter((token) => !viewer.scopes || scopesCover(viewer.scopes, token.scopes))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map(tokenView);
}

/** Revokes a token within the issuer's scope; revoking a revoked token changes nothing. */
export async function revokeToken(deps: TokenDeps, tokenId: string, issuer: Issuer): Promise<TokenView> {
  const token = /^[0-9a-f]{12}$/.test(tokenId) ? await deps.tokens.findToken(tokenId) : undefined;
  if (!token) throw new TokenNotFoundError(tokenId);
  if (issuer.scopes && !scopesCover(issuer.scopes, token.scopes)) throw new ScopeTooWideError(`token ${tokenId} is not within the issuer's scope`);
  const at = clock(deps).toISOString();
  await deps.tokens.revokeToken(token.hash, at);
  await recordAudit(deps, {
    actor: issuer.actor,
    action: "token.revoke",
    target: `token:${token.id}`,
    outcome: token.revokedAt ? "unchanged" : "success",
    detail: { role: token.role, scopes: token.scopes },
  });
  return tokenView({ ...token, revokedAt: token.revokedAt ?? at });
}

/** The actor recorded on versions and in the audit trail: role and the token's public id. */
export function actorOf(token: Pick<TokenRecord, "role" | "id">): string {
  return `${token.role}:${token.id}`;
}
