/**
 * Console sessions. Signing in exchanges a token for a session cookie; the token itself is never
 * kept, in the page or in the browser's storage. The cookie is sealed (AES-256-GCM): it carries the
 * hash of the token, the expiry and a random nonce that is also the session's CSRF token. Every
 * request reads the token's record again (one strongly consistent read), so a revoked or expired
 * token ends its sessions at once, and signing out cannot be undone by replaying an old cookie after
 * the token is revoked.
 *
 * The key comes from a secret where several processes must open each other's cookies (AWS: a
 * Secrets Manager secret the web function reads at its start; NIANBAO_SESSION_KEY otherwise), or is
 * random per process (the local service: sessions end when it stops).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const SESSION_COOKIE = "nb_session";
/** a working day: a console left open overnight asks for the token again */
export const SESSION_SECONDS = 8 * 3600;

export interface Session {
  /** SHA-256 of the token (the tokens table's key), never the token */
  readonly tokenHash: string;
  /** epoch seconds */
  readonly expiresAt: number;
  /** the CSRF token of every form and request of this session */
  readonly csrf: string;
}

export class SessionKeyError extends Error {}

/**
 * The sealing key from a secret of at least 32 characters (its SHA-256: any generated password or
 * base64 string will do), or a random key for this process when there is none.
 */
export function sessionKeyFrom(secret: string | undefined): Buffer {
  if (secret === undefined || secret === "") return randomBytes(32);
  if (secret.length < 32) throw new SessionKeyError("the console's session secret (NIANBAO_SESSION_KEY) must be at least 32 characters");
  return createHash("sha256").update(secret, "utf8").digest();
}

export class SessionSealer {
  constructor(private readonly key: Buffer) {}

  /** A new session for a token hash, from now. */
  issue(tokenHash: string, now: Date, tokenExpiresAt?: string): Session {
    let expiresAt = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
    // a session never outlives its token
    if (tokenExpiresAt) expiresAt = Math.min(expiresAt, Math.floor(Date.parse(tokenExpiresAt) / 1000));
    return { tokenHash, expiresAt, csrf: randomBytes(18).toString("base64url") };
  }

  seal(session: Session): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify([session.tokenHash, session.expiresAt, session.csrf]), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The session in a cookie value, or undefined when it is forged, damaged or expired. */
  open(value: string | undefined, now: Date): Session | undefined {
    if (!value || value.length > 512) return undefined;
    const bytes = Buffer.from(value, "base64url");
    if (bytes.length < 29) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
      const [tokenHash, expiresAt, csrf] = JSON.parse(text) as [string, number, string];
      if (typeof tokenHash !== "string" || typeof expiresAt !== "number" || typeof csrf !== "string") return undefined;
      if (expiresAt * 1000 <= now.getTime()) return undefined;
      return { tokenHash, expiresAt, csrf };
    } catch {
      return undefined;
    }
  }
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
