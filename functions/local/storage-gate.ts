/**
 * The gate in front of each embedded emulator: its HTTP server answers only requests signed with
 * this installation's credentials (sigv4-verifier.ts). Everything else is refused as AWS would refuse
 * it — S3 with a 403 XML error, DynamoDB with a 400 JSON error — before the emulator sees it, and an
 * unsigned request is refused before its body is read.
 *
 * s3rver and dynalite stay unmodified: the gate takes the place of each server's request listener
 * and hands a verified request on. S3 signs its payload's hash in a header, so its body streams
 * straight through; DynamoDB signs the body itself, which is read (within the emulator's own 16 MiB
 * limit) and handed on as a fresh stream.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { SigV4Verifier, type Credentials, type Refusal, type SigningService } from "./sigv4-verifier.js";

/** dynalite's own ceiling on a request */
const MAX_DYNAMODB_BODY = 16 * 1024 * 1024;

const S3_REFUSALS: Readonly<Record<Refusal, { code: string; message: string }>> = {
  missing: { code: "AccessDenied", message: "Anonymous access is forbidden: sign requests with this installation's credentials." },
  malformed: { code: "AuthorizationQueryParametersError", message: "The signature cannot be read." },
  "unknown-key": { code: "InvalidAccessKeyId", message: "The access key is not this installation's." },
  expired: { code: "AccessDenied", message: "Request has expired." },
  skewed: { code: "RequestTimeTooSkewed", message: "The signing time is too far from the server's time." },
  mismatch: { code: "SignatureDoesNotMatch", message: "The request signature does not match." },
};

const DYNAMODB_REFUSALS: Readonly<Record<Refusal, { type: string; message: string }>> = {
  missing: { type: "MissingAuthenticationTokenException", message: "Request is missing Authentication Token" },
  malformed: { type: "IncompleteSignatureException", message: "The signature cannot be read." },
  "unknown-key": { type: "UnrecognizedClientException", message: "The security token included in the request is invalid." },
  expired: { type: "InvalidSignatureException", message: "Signature expired." },
  skewed: { type: "InvalidSignatureException", message: "Signature expired: the signing time is too far from the server's time." },
  mismatch: { type: "InvalidSignatureException", message: "The request signature we calculated does not match the signature you provided." },
};

function refuse(res: ServerResponse, service: SigningService, refusal: Refusal): void {
  // the connection may still carry an unread body: do not keep it
  res.setHeader("Connection", "close");
  if (service === "s3") {
    const { code, message } = S3_REFUSALS[refusal];
    res.writeHead(403, { "Content-Type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  } else {
    const { type, message } = DYNAMODB_REFUSALS[refusal];
    res.writeHead(400, { "Content-Type": "application/x-amz-json-1.0" });
    res.end(JSON.stringify({ __type: `com.amazon.coral.service#${type}`, message }));
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** A readable that replays a body already read, with the request's own line and headers. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  return Object.assign(Readable.from([body]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    socket: req.socket,
  }) as unknown as IncomingMessage;
}

/** Removes the signature from a verified S3 request: the emulator knows only its own dummy key. */
function withoutSignature(req: IncomingMessage): void {
  delete req.headers.authorization;
  const at = req.url?.indexOf("?") ?? -1;
  if (at < 0) return;
  const kept = req.url!.slice(at + 1).split("&").filter((pair) => !/^x-amz-(algorithm|credential|date|expires|signedheaders|signature|security-token|content-sha256)=/i.test(pair));
  req.url = kept.length ? `${req.url!.slice(0, at)}?${kept.join("&")}` : req.url!.slice(0, at);
}

/**
 * Puts the gate in front of a server: its current request listener (the emulator) only receives
 * requests signed with `credentials` for `service` in `region`.
 */
export function gateServer(server: Server, service: SigningService, credentials: Credentials, region: string): void {
  const [emulator, ...others] = server.listeners("request") as RequestListener[];
  if (!emulator || others.length > 0) throw new Error("the emulator's server must have exactly one request listener");
  server.removeAllListeners("request");
  const verifier = new SigV4Verifier(credentials, region, service);

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const line = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers };
    const pre = verifier.precheck(line);
    if (!pre.ok) return refuse(res, service, pre.refusal);
    void (async () => {
      if (service === "s3") {
        const verdict = await verifier.verify(line);
        if (!verdict.ok) return refuse(res, service, verdict.refusal);
        // A presigned link may only read: it is handed to citizens, who must not write or delete.
        if (verdict.presigned && req.method !== "GET" && req.method !== "HEAD") return refuse(res, service, "mismatch");
        withoutSignature(req);
        return emulator(req, res);
      }
      const body = await readBody(req, MAX_DYNAMODB_BODY);
      if (!body) return refuse(res, service, "malformed");
      const verdict = await verifier.verify({ ...line, body });
      if (!verdict.ok || verdict.presigned) return refuse(res, service, verdict.ok ? "malformed" : verdict.refusal);
      return emulator(replay(req, body), res);
    })().catch(() => {
      if (!res.headersSent) refuse(res, service, "malformed");
      else res.destroy();
    });
  });
}
