/**
 * An AWS SDK request handler that hands each request to an HTTP request listener in this same
 * process: the local service's own DynamoDB client reaches the embedded dynalite without a socket.
 *
 * Why: a bulk job makes about nine DynamoDB requests per report. Over loopback each one is an HTTP
 * request written, parsed, verified by the gate (storage-gate.ts) and answered: about 0.95 ms of CPU,
 * against 0.45–0.6 ms handed over in process (npm run bench:gate, GetItem and PutItem). The gate still
 * stands in front of the port for every other client (the CLI, other processes); this process holds
 * the credentials it checks, so it gains nothing by checking itself. Requests stay signed: dynalite
 * insists on the header's form.
 *
 * The listener gets what dynalite reads of a request (method, url, headers, a body in one chunk) and
 * of a response (statusCode, setHeader, end).
 */
import { EventEmitter } from "node:events";
import type { RequestListener } from "node:http";
import type { DynamoRequestHandler } from "../store/config.js";

interface SdkRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string | string[] | null>;
  readonly headers: Record<string, string>;
  readonly body?: string | Uint8Array;
}

interface SdkResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

function urlOf(request: SdkRequest): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v ?? "");
  }
  const search = query.toString();
  return search ? `${request.path}?${search}` : request.path;
}

export function inProcessHandler(listener: RequestListener): DynamoRequestHandler {
  const handler = {
    metadata: { handlerProtocol: "in-process" },
    handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
        const req = Object.assign(new EventEmitter(), { method: request.method, url: urlOf(request), headers });
        const answer: Record<string, string> = {};
        const res = {
          statusCode: 200,
          setHeader(name: string, value: unknown) {
            answer[name.toLowerCase()] = String(value);
          },
          end(body?: string | Uint8Array) {
            resolve({ response: { statusCode: res.statusCode, headers: answer, body: typeof body === "string" ? Buffer.from(body) : (body ?? new Uint8Array()) } });
          },
        };
        try {
          listener(req as never, res as never);
        } catch (error) {
          reject(error);
          return;
        }
        // the body arrives once the listener is listening, as it would from a socket
        process.nextTick(() => {
          const body = request.body;
          // (a view, not Buffer.from(body): the SDK's JSON body answers valueOf() as a string, with a warning)
          if (body !== undefined && body.length > 0) req.emit("data", typeof body === "string" ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
          req.emit("end");
        });
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
  return handler as unknown as DynamoRequestHandler;
}
