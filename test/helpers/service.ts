/** The local service for end-to-end tests: real HTTP on loopback, embedded storage, real Chromium. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalService, type LocalService, type LocalServiceOptions } from "../../functions/local/server.js";
import { createToken } from "../../functions/service/tokens.js";
import type { Role } from "../../functions/store/ports.js";

export interface TestService extends LocalService {
  readonly dataDir: string;
  token(role: Role, scopes: string[]): Promise<string>;
  call(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string | Uint8Array; redirect?: "manual" | "follow" }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestService(options: Partial<LocalServiceOptions> & { dataDir?: string } = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "nianbao-e2e-"));
  // without an OFD edition unless a test asks for one (test/e2e/ofd-api.test.ts): converting every
  // publish would only slow the suites about other things
  const service = await startLocalService({ port: 0, inMemoryTables: !options.dataDir, ofd: null, ...options, dataDir });
  return {
    ...service,
    dataDir,
    async token(role, scopes) {
      return (await createToken(service.deps, { role, scopes, issuer: { actor: "test" } })).token;
    },
    call(method, path, { token, body, raw, redirect = "manual" } = {}) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
      if (payload !== undefined) headers["content-type"] = "application/json";
      return fetch(`${service.url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload as BodyInit } : {}), redirect });
    },
    async close() {
      await service.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** An error body as the API promises it: code, message, diagnostics, and nothing internal. */
export async function errorOf(response: Response): Promise<{ error: { code: string; message: string }; diagnostics: unknown[] }> {
  const text = await response.text();
  if (/\n\s+at |node_modules|\.ts:\d|Exception|ConditionalCheck|TypeError|ReferenceError/.test(text)) throw new Error(`error body leaks internals: ${text}`);
  const body = JSON.parse(text);
  if (typeof body?.error?.code !== "string" || typeof body?.error?.message !== "string" || !Array.isArray(body.diagnostics)) {
    throw new Error(`not an error body: ${text}`);
  }
  return body;
}
