/**
 * One webhook attempt over HTTP: POST to the checked address (the connection's DNS lookup answers
 * with it, so TLS and the Host header still name the URL's host), at most 10 s for the whole answer,
 * redirects not followed (a 3xx is a failed attempt), the answer's body read and dropped up to 64 KiB.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { ResolvedTarget } from "./webhook-targets.js";

export const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 64 * 1024;

export type AttemptResult = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly error: string };

export function postWebhook(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<AttemptResult> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      target.url,
      {
        method: "POST",
        lookup: pinned,
        headers: { ...headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "User-Agent": "nianbao-webhooks" },
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) settle({ ok: true, status });
          else if (status >= 300 && status < 400) settle({ ok: false, error: `HTTP ${status} (redirects are not followed)` });
          else settle({ ok: false, error: `HTTP ${status}` });
        };
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      settle({ ok: false, error: `no answer within ${timeoutMs / 1000} s` });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) => settle({ ok: false, error: error.code ?? error.message }));
    req.end(body);
  });
}
