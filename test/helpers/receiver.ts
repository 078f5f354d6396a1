/** A webhook receiver on loopback for tests: records every request; can be told to fail the next ones. */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
  readonly answered: number;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** answer the next n requests with this status */
  failNext(n: number, status?: number): void;
  /** resolves with the first request matching `accept`, within `timeoutMs` */
  waitFor(accept: (r: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const waiters: { accept: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answered = failures.left > 0 ? (failures.left--, failures.status) : 204;
      const entry: Received = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: performance.now(), answered };
      received.push(entry);
      res.writeHead(answered).end();
      for (const waiter of waiters.filter((w) => w.accept(entry))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(entry);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n, status = 500) {
      failures = { left: n, status };
    },
    waitFor(accept, timeoutMs = 15_000) {
      const found = received.find(accept);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { accept, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no matching webhook within ${timeoutMs} ms (received ${received.length})`));
          }
        }, timeoutMs).unref();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
