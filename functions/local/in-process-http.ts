/**
 * AWS SDK request handlers that hand each request to an HTTP request listener in this same process:
 * the local service's own clients reach the embedded dynalite and s3rver without a socket.
 *
 * Why: a bulk job makes about nine DynamoDB requests and one S3 request per report. Over loopback
 * each one is an HTTP request written, parsed, verified by the gate (storage-gate.ts) and answered:
 * about 0.95 ms of CPU for a DynamoDB item, against 0.35–0.6 ms handed over in process (npm run
 * bench:gate). The gate still stands in front of the ports for every other client (the CLI, other
 * processes, a citizen's signed link); this process holds the credentials it checks, so it gains
 * nothing by checking itself. Nor does anything behind the handlers check a signature, so these
 * clients do not compute one (SigV4's hashes of every body, and HMACs): dynalite gets a header of
 * the form it insists on, s3rver none (it admits what the gate has let through unsigned).
 *
 * The listener gets a request as a readable stream with what Node's has and the emulators read
 * (method, url, headers, the socket's address), and a response as a writable stream with the
 * header methods of Node's ServerResponse. The SDK gets the answer once its head is written, with
 * the body streaming behind it (an object read from S3 is not buffered twice).
 */
import type { RequestListener } from "node:http";
import { PassThrough, Readable, Writable } from "node:stream";
import type { DynamoTransport, S3Transport } from "../store/config.js";

interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array | Readable;
}

interface SdkResponse {
  readonly statusCode: number;
  readonly reason?: string;
  readonly headers: Record<string, string>;
  readonly body: Readable;
}

type HeaderValue = string | number | readonly string[];

/** The DynamoDB client configuration that hands its requests to this listener (dynalite's). */
export function inProcessDynamo(listener: RequestListener): DynamoTransport {
  return { requestHandler: inProcessHandler(listener) as DynamoTransport["requestHandler"], signer: formalSigner };
}

/** The S3 client configuration that hands its requests to this listener (s3rver's). */
export function inProcessS3(listener: RequestListener): S3Transport {
  return { requestHandler: inProcessHandler(listener) as S3Transport["requestHandler"], signer: unsigned };
}

/**
 * What dynalite reads of a signature: an Authorization header with a credential, signed headers and
 * a signature, and a date. Nothing is verified in process (see above).
 */
const formalSigner = {
  async sign<R extends { headers: Record<string, string> }>(request: R): Promise<R> {
    request.headers.authorization = "AWS4-HMAC-SHA256 Credential=in-process/20000101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=none";
    request.headers["x-amz-date"] = "20000101T000000Z";
    return request;
  },
};

/** s3rver checks a signature only when there is one, and only against its own dummy key. */
const unsigned = {
  async sign<R>(request: R): Promise<R> {
    return request;
  },
};

function urlOf(request: SdkRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v ?? "");
  }
  const search = query.toString();
  return search ? `${request.path}?${search}` : request.path;
}

/** What a listener writes its answer to: the parts of Node's ServerResponse that Koa and dynalite use. */
class InProcessResponse extends Writable {
  statusCode = 200;
  statusMessage = "";
  headersSent = false;
  readonly body = new PassThrough();
  /** no socket: Koa then takes the response as writable until it has ended */
  readonly socket = null;
  private readonly fields = new Map<string, { name: string; value: HeaderValue }>();

  constructor(private readonly onHead: (response: InProcessResponse) => void) {
    super();
  }

  /** as an OutgoingMessage's (on-finished, which Koa uses, tells a response by it) */
  get finished(): boolean {
    return this.writableEnded;
  }

  setHeader(name: string, value: HeaderValue): this {
    if (this.headersSent) throw new Error(`cannot set ${name}: the head is written`);
    this.fields.set(name.toLowerCase(), { name, value });
    return this;
  }
  getHeader(name: string): HeaderValue | undefined {
    return this.fields.get(name.toLowerCase())?.value;
  }
  hasHeader(name: string): boolean {
    return this.fields.has(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.fields.delete(name.toLowerCase());
  }
  getHeaderNames(): string[] {
    return [...this.fields.keys()];
  }
  getHeaders(): Record<string, HeaderValue> {
    return Object.fromEntries([...this.fields].map(([key, { value }]) => [key, value]));
  }
  writeHead(statusCode: number, reason?: string | Record<string, HeaderValue>, headers?: Record<string, HeaderValue>): this {
    this.statusCode = statusCode;
    if (typeof reason === "string") this.statusMessage = reason;
    for (const [name, value] of Object.entries((typeof reason === "object" ? reason : headers) ?? {})) this.setHeader(name, value);
    this.sendHead();
    return this;
  }
  flushHeaders(): void {
    this.sendHead();
  }

  /** the head as the SDK reads it: one string per header */
  headerRecord(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, { value }] of this.fields) out[key] = Array.isArray(value) ? value.join(", ") : String(value);
    return out;
  }

  private sendHead(): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.onHead(this);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.sendHead();
    if (this.body.write(chunk)) done();
    else this.body.once("drain", () => done());
  }

  override _final(done: (error?: Error | null) => void): void {
    this.sendHead();
    this.body.end();
    done();
  }

  /** (a finished response destroys itself: its body stays for the SDK to read) */
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.writableFinished) this.body.destroy(error ?? new Error("the response was cut off before its end"));
    done(error);
  }
}

function inProcessHandler(listener: RequestListener): unknown {
  return {
    metadata: { handlerProtocol: "in-process" },
    handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
        // the address a socket on loopback would have (Koa reads it for s3rver's events)
        const socket = { remoteAddress: "127.0.0.1", encrypted: false, readable: true, writable: true };
        const req = Object.assign(new PassThrough(), {
          method: request.method,
          url: urlOf(request),
          headers,
          httpVersion: "1.1",
          httpVersionMajor: 1,
          httpVersionMinor: 1,
          socket,
          connection: socket,
        });
        const res = new InProcessResponse((head) =>
          resolve({ response: { statusCode: head.statusCode, reason: head.statusMessage, headers: head.headerRecord(), body: head.body } }),
        );
        res.on("error", reject);
        try {
          listener(req as never, res as never);
        } catch (error) {
          reject(error);
          return;
        }
        const body = request.body;
        if (body instanceof Readable) {
          body.on("error", (error) => req.destroy(error));
          body.pipe(req);
        } else if (body !== undefined && body.length > 0) {
          // (a view, not Buffer.from(body): the SDK's JSON body answers valueOf() as a string, with a warning)
          req.end(typeof body === "string" ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
        } else {
          req.end();
        }
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}
