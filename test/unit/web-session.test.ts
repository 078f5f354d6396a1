/** Console sessions: sealed, tamper-evident, expiring, never outliving their token. */
import { describe, expect, it } from "vitest";
import { csrfMatches, SESSION_SECONDS, SessionKeyError, sessionKeyFrom, SessionSealer } from "../../functions/web/session.js";

const hash = "a".repeat(64);
const now = new Date("2026-03-01T08:00:00Z");

describe("session cookies", () => {
  const sealer = new SessionSealer(sessionKeyFrom("x".repeat(40)));

  it("opens what it sealed, and only until it expires", () => {
    const session = sealer.issue(hash, now);
    expect(session.expiresAt).toBe(now.getTime() / 1000 + SESSION_SECONDS);
    const cookie = sealer.seal(session);
    expect(cookie).not.toContain(hash);
    expect(sealer.open(cookie, now)).toEqual(session);
    expect(sealer.open(cookie, new Date(now.getTime() + SESSION_SECONDS * 1000 - 1))).toEqual(session);
    expect(sealer.open(cookie, new Date(now.getTime() + SESSION_SECONDS * 1000))).toBeUndefined();
  });

  it("ends a session when its token expires, if that comes first", () => {
    const session = sealer.issue(hash, now, "2026-03-01T09:00:00Z");
    expect(session.expiresAt).toBe(Date.parse("2026-03-01T09:00:00Z") / 1000);
  });

  it("refuses a cookie changed in any byte, sealed with another key, or not a cookie at all", () => {
    const cookie = sealer.seal(sealer.issue(hash, now));
    const bytes = Buffer.from(cookie, "base64url");
    for (let i = 0; i < bytes.length; i += 7) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 1;
      expect(sealer.open(changed.toString("base64url"), now), `byte ${i}`).toBeUndefined();
    }
    expect(new SessionSealer(sessionKeyFrom("y".repeat(40))).open(cookie, now)).toBeUndefined();
    for (const value of [undefined, "", "abc", "x".repeat(600)]) expect(sealer.open(value, now)).toBeUndefined();
  });

  it("gives every session its own CSRF token, compared exactly", () => {
    const a = sealer.issue(hash, now);
    const b = sealer.issue(hash, now);
    expect(a.csrf).not.toBe(b.csrf);
    expect(csrfMatches(a, a.csrf)).toBe(true);
    expect(csrfMatches(a, b.csrf)).toBe(false);
    expect(csrfMatches(a, undefined)).toBe(false);
    expect(csrfMatches(a, `${a.csrf}x`)).toBe(false);
  });

  it("derives the key from a secret of 32 characters or more, or makes a random one", () => {
    expect(() => sessionKeyFrom("short")).toThrow(SessionKeyError);
    expect(sessionKeyFrom("z".repeat(32))).toEqual(sessionKeyFrom("z".repeat(32)));
    expect(sessionKeyFrom(undefined)).not.toEqual(sessionKeyFrom(undefined));
  });
});
