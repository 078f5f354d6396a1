/**
 * API tokens: random secrets shown once; only their SHA-256 is stored. A token has a role and a
 * scope of reportId glob patterns.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Role, TokenRecord, TokenStore } from "../store/ports.js";

export const ROLES: readonly Role[] = ["portal", "admin"];
/** a scope pattern: reportId characters plus * (any run) and ? (one character) */
export const SCOPE_PATTERN = /^[a-z0-9*?-]{1,64}$/;
const TOKEN_PATTERN = /^nb_[A-Za-z0-9_-]{43}$/;

export class InvalidScopeError extends Error {}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function createToken(
  tokens: TokenStore,
  input: { role: Role; scopes: readonly string[]; label?: string; now?: Date },
): Promise<{ token: string; record: TokenRecord }> {
  if (input.scopes.length === 0) throw new InvalidScopeError("a token needs at least one scope");
  for (const scope of input.scopes) {
    if (!SCOPE_PATTERN.test(scope)) throw new InvalidScopeError(`invalid scope ${JSON.stringify(scope)}: use a-z, 0-9, -, * and ?`);
  }
  const token = `nb_${randomBytes(32).toString("base64url")}`;
  const hash = hashToken(token);
  const record: TokenRecord = {
    hash,
    id: hash.slice(0, 12),
    role: input.role,
    scopes: [...new Set(input.scopes)],
    createdAt: (input.now ?? new Date()).toISOString(),
    ...(input.label ? { label: input.label } : {}),
  };
  await tokens.putToken(record);
  return { token, record };
}

/** The token's record, or undefined for a malformed or unknown token. */
export async function verifyToken(tokens: TokenStore, token: string): Promise<TokenRecord | undefined> {
  if (!TOKEN_PATTERN.test(token)) return undefined;
  return tokens.getToken(hashToken(token));
}

const globCache = new Map<string, RegExp>();

export function scopeMatches(scope: string, reportId: string): boolean {
  let pattern = globCache.get(scope);
  if (!pattern) {
    pattern = new RegExp(`^${scope.replace(/[-]/g, "\\-").replace(/\*/g, "[a-z0-9-]*").replace(/\?/g, "[a-z0-9-]")}$`);
    globCache.set(scope, pattern);
  }
  return pattern.test(reportId);
}

export function inScope(scopes: readonly string[], reportId: string): boolean {
  return scopes.some((scope) => scopeMatches(scope, reportId));
}

/** The actor recorded on versions: role and the token's public id. */
export function actorOf(token: Pick<TokenRecord, "role" | "id">): string {
  return `${token.role}:${token.id}`;
}
