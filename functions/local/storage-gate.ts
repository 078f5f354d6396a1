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

/** How AWS words each refusal: S3's error code, DynamoDB's exception type, and the message. */
const REFUSALS: Readonly<Record<Refusal, { s3: string; dynamodb: string; message: string }>> = {
  missing: { s3: "AccessDenied", dynamodb: "MissingAuthenticationTokenException", message: "Anonymous access is forbidden: sign requests with this installation's credentials." },
  malformed: { s3: "AuthorizationQueryParametersError", dynamodb: "IncompleteSignatureException", message: "The signature cannot be read." },
  "unknown-key": { s3: "InvalidAccessKeyId", dynamodb: "UnrecognizedClientException", message: "The access key is not this installation's." },
  expired: { s3: "AccessDenied", dynamodb: "InvalidSignatureException", message: "Request has expired." },
  skewed: { s3: "RequestTimeTooSkewed", dynamodb: "InvalidSignatureException", message: "The signing time is too far from the server's time." },
  mismatch: { s3: "SignatureDoesNotMatch", dynamodb: "InvalidSignatureException", message: "The request signature does not match." },
};

function refuse(res: ServerResponse, service: SigningService, refusal: Refusal): void {
  const { message, ...codes } = REFUSALS[refusal];
  // the connection may still carry an unread body: do not keep it
  res.setHeader("Connection", "close");
  if (service === "s3") {
    res.writeHead(403, { "Content-Type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${codes.s3}</Code><Message>${message}</Message></Error>`);
  } else {
    res.writeHead(400, { "Content-Type": "application/x-amz-json-1.0" });
    res.end(JSON.stringify({ __type: `com.amazon.coral.service#${codes.dynamodb}`, message }));
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
 * requests signed with `credentials` for `service` in `region`. Returns that listener, for this
 * process's own clients to reach without the gate (in-process-http.ts).
 */
export function gateServer(server: Server, service: SigningService, credentials: Credentials, region: string): RequestListener {
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
  return emulator;
}
