/**
 * Verifies AWS Signature Version 4 on requests to the embedded emulators, which check none (s3rver
 * answers unsigned requests, dynalite accepts any key): the request is signed again with this
 * installation's secret by @smithy/signature-v4 — the SDK's own signer — and the signatures are
 * compared. Both forms are accepted: the Authorization header (SDK calls) and the query string
 * (presigned download links, with their expiry).
 */
import { createHash, createHmac, timingSafeEqual, type BinaryLike, type Hash, type Hmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export type SigningService = "s3" | "dynamodb";

export interface IncomingSigned {
  readonly method: string;
  /** the request target as sent: path and query, percent-encoded */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** the body, for services that sign it (DynamoDB); S3 signs its declared hash instead */
  readonly body?: Uint8Array;
}

export type Refusal =
  | "missing" // no signature at all
  | "malformed" // a signature that cannot be read
  | "unknown-key" // signed with another access key, region or service
  | "expired" // a presigned link past its expiry
  | "skewed" // a signing time too far from now
  | "mismatch"; // the signature is not ours

export type Verdict = { readonly ok: true; readonly presigned: boolean } | { readonly ok: false; readonly refusal: Refusal };

/** How far a header-signed request's time may be from the clock (as AWS allows). */
const MAX_SKEW_MS = 15 * 60 * 1000;
/** SigV4's own ceiling on a presigned link's lifetime. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const ALGORITHM = "AWS4-HMAC-SHA256";
/** Query parameters that carry a presigned signature, rather than being signed by it. */
const PRESIGN_PARAMS = new Set(["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-expires", "x-amz-signedheaders", "x-amz-signature", "x-amz-security-token"]);

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): BinaryLike {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** SHA-256 and HMAC-SHA256 from node:crypto, in the shape the signer expects. */
export class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** "20250320T123456Z" → the instant, or undefined. */
function amzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? "");
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

interface Claimed {
  readonly presigned: boolean;
  readonly credential: string;
  readonly date: string;
  readonly signedHeaders: string;
  readonly signature: string;
  readonly expires?: number;
}

function claimedSignature(headers: IncomingHttpHeaders, query: Map<string, string[]>): Claimed | Refusal {
  const authorization = header(headers, "authorization");
  const inQuery = (name: string) => [...query].find(([key]) => key.toLowerCase() === name)?.[1][0];
  const queryAlgorithm = inQuery("x-amz-algorithm");
  if (authorization === undefined && queryAlgorithm === undefined) return "missing";
  if (authorization !== undefined && queryAlgorithm !== undefined) return "malformed";
  if (authorization !== undefined) {
    const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization.trim());
    if (!m) return "malformed";
    const date = header(headers, "x-amz-date");
    if (!date) return "malformed";
    return { presigned: false, credential: m[1]!, signedHeaders: m[2]!, signature: m[3]!, date };
  }
  const [credential, date, signedHeaders, signature, expires] = ["x-amz-credential", "x-amz-date", "x-amz-signedheaders", "x-amz-signature", "x-amz-expires"].map(inQuery);
  if (queryAlgorithm !== ALGORITHM || !credential || !date || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) return "malformed";
  if (!/^\d{1,6}$/.test(expires ?? "") || Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_SECONDS) return "malformed";
  return { presigned: true, credential, date, signedHeaders, signature, expires: Number(expires) };
}

/** The raw query as name → values, decoded (the signer encodes them again canonically). */
function parseQuery(search: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  for (const pair of search.split("&")) {
    if (pair === "") continue;
    const at = pair.indexOf("=");
    const [rawName, rawValue] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
    const name = decodeURIComponent(rawName);
    query.set(name, [...(query.get(name) ?? []), decodeURIComponent(rawValue)]);
  }
  return query;
}

export class SigV4Verifier {
  private readonly signer: SignatureV4;

  constructor(
    private readonly credentials: Credentials,
    private readonly region: string,
    private readonly service: SigningService,
    private readonly now: () => number = Date.now,
  ) {
    this.signer = new SignatureV4({
      credentials,
      region,
      service,
      sha256: Sha256,
      // S3 signs the path as sent (already encoded); other services encode it once more
      uriEscapePath: service !== "s3",
      applyChecksum: false,
    });
  }

  /**
   * What can be checked before the body is read: a signature is there, names this installation's
   * key, region and service, and is in time. Cheap, so an unsigned request is refused unread.
   */
  precheck(request: Omit<IncomingSigned, "body">): Verdict {
    const at = request.url.indexOf("?");
    const claimed = claimedSignature(request.headers, parseQuery(at < 0 ? "" : request.url.slice(at + 1)));
    if (typeof claimed === "string") return { ok: false, refusal: claimed };
    const [keyId, day, region, service, terminator, ...rest] = claimed.credential.split("/");
    const signedAt = amzDate(claimed.date);
    if (!signedAt || rest.length > 0 || terminator !== "aws4_request" || day !== claimed.date.slice(0, 8)) return { ok: false, refusal: "malformed" };
    if (!sameText(keyId ?? "", this.credentials.accessKeyId) || region !== this.region || service !== this.service) return { ok: false, refusal: "unknown-key" };
    const now = this.now();
    if (claimed.presigned) {
      if (signedAt.getTime() - now > MAX_SKEW_MS) return { ok: false, refusal: "skewed" };
      if (now > signedAt.getTime() + claimed.expires! * 1000) return { ok: false, refusal: "expired" };
    } else if (Math.abs(now - signedAt.getTime()) > MAX_SKEW_MS) {
      return { ok: false, refusal: "skewed" };
    }
    return { ok: true, presigned: claimed.presigned };
  }

  /** The full check: the precheck, then the signature computed again with the secret. */
  async verify(request: IncomingSigned): Promise<Verdict> {
    const pre = this.precheck(request);
    if (!pre.ok) return pre;
    const at = request.url.indexOf("?");
    const path = at < 0 ? request.url : request.url.slice(0, at);
    const query = parseQuery(at < 0 ? "" : request.url.slice(at + 1));
    const claimed = claimedSignature(request.headers, query) as Claimed;
    const names = claimed.signedHeaders.split(";");
    if (!names.includes("host")) return { ok: false, refusal: "malformed" };
    if (request.body) {
      // A declared payload hash is what gets signed: it must be the hash of the body that came.
      const declared = header(request.headers, "x-amz-content-sha256");
      if (declared !== undefined && declared !== createHash("sha256").update(request.body).digest("hex")) return { ok: false, refusal: "mismatch" };
    }
    const headers: Record<string, string> = {};
    for (const name of names) {
      const value = header(request.headers, name);
      if (value === undefined) return { ok: false, refusal: "mismatch" };
      headers[name] = value;
    }
    const signedQuery: Record<string, string | string[]> = {};
    for (const [name, values] of query) {
      if (claimed.presigned && PRESIGN_PARAMS.has(name.toLowerCase())) continue;
      signedQuery[name] = values.length === 1 ? values[0]! : values;
    }
    if (claimed.presigned) {
      // A presigned S3 link declares its payload as a hoisted header: restore it, so the signer
      // both hashes with it and hoists it back into the query where the link carries it.
      const declared = Object.keys(signedQuery).find((name) => name.toLowerCase() === "x-amz-content-sha256");
      if (declared) {
        headers[declared] = signedQuery[declared] as string;
        delete signedQuery[declared];
      }
    }
    const host = headers.host!;
    const unsigned = {
      method: request.method,
      protocol: "http:",
      hostname: host.replace(/:\d+$/, ""),
      path,
      query: signedQuery,
      headers,
      ...(request.body ? { body: request.body } : {}),
    };
    const signingDate = amzDate(claimed.date)!;
    let expected: string | undefined;
    let expectedHeaders: string | undefined;
    if (claimed.presigned) {
      const signed = await this.signer.presign(unsigned, { signingDate, expiresIn: claimed.expires!, signableHeaders: new Set(names) });
      expected = signed.query?.["X-Amz-Signature"] as string | undefined;
      expectedHeaders = signed.query?.["X-Amz-SignedHeaders"] as string | undefined;
    } else {
      const signed = await this.signer.sign(unsigned, { signingDate, signableHeaders: new Set(names) });
      const m = /SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ""));
      expectedHeaders = m?.[1];
      expected = m?.[2];
    }
    if (!expected || expectedHeaders !== claimed.signedHeaders || !sameText(expected, claimed.signature)) return { ok: false, refusal: "mismatch" };
    return { ok: true, presigned: claimed.presigned };
  }
}
