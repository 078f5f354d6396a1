/**
 * openapi.json as standard tools read it: Redocly's linter finds no error, and openapi-typescript
 * generates types from which a typed client (openapi-fetch) type-checks. Both run from
 * devDependencies, offline.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOCUMENT = join(ROOT, "openapi.json");
// under node_modules, so that the client resolves openapi-fetch from the project
mkdirSync(join(ROOT, "node_modules/.cache"), { recursive: true });
const work = mkdtempSync(join(ROOT, "node_modules/.cache/nianbao-openapi-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("Redocly lint", () => {
  it("reports no error in openapi.json", async () => {
    const report = join(work, "lint.json");
    const result = await run(join(ROOT, "node_modules/.bin/redocly"), ["lint", DOCUMENT, "--format=json", "--max-problems=1000"], {
      REDOCLY_TELEMETRY: "off",
      REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
    });
    writeFileSync(report, result.stdout);
    const problems = (JSON.parse(result.stdout) as { problems: { severity: string; ruleId: string; message: string }[] }).problems;
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(result.code).toBe(0);
  }, 120_000);
});

describe("openapi-typescript", () => {
  it("generates types from which a typed client of every resource type-checks", async () => {
    const ast = await openapiTS(new URL(`file://${DOCUMENT}`));
    writeFileSync(join(work, "api.d.ts"), astToString(ast));
    writeFileSync(
      join(work, "client.ts"),
      `import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

const client = createClient<paths>({ baseUrl: "http://127.0.0.1:3000", headers: { Authorization: "Bearer nb_x" } });
type Report = components["schemas"]["Report"];

export async function tour(report: Report) {
  const published = await client.PUT("/reports/{reportId}", { params: { path: { reportId: "yunxi-county-2024" } }, body: report });
  const link: string | undefined = published.data?.links.version;
  const withdrawn = await client.POST("/reports/{reportId}/versions/{n}/withdraw", {
    params: { path: { reportId: "yunxi-county-2024", n: 1 } },
    body: { reason: "数字有误", purge: true },
  });
  const purgedAt: string | undefined = withdrawn.data?.withdrawn?.purgedAt;
  const list = await client.GET("/reports", { params: { query: { year: 2024, edition: "2021", prefix: "yunxi-", limit: 20 } } });
  const titles: string[] = list.data?.items.map((r) => r.title) ?? [];
  const token = await client.POST("/tokens", { body: { role: "portal", scopes: ["yunxi-*"], label: "云溪县门户", expiresInDays: 365 } });
  const secret: string | undefined = token.data?.token;
  await client.DELETE("/tokens/{tokenId}", { params: { path: { tokenId: "0123456789ab" } } });
  const trail = await client.GET("/audit", { params: { query: { action: "withdraw", since: "2025-01-01T00:00:00Z" } } });
  const actors: string[] = trail.data?.items.map((e) => e.actor) ?? [];
  const job = await client.GET("/regenerations/{jobId}", { params: { path: { jobId: "00000000-0000-4000-8000-000000000000" } } });
  const failed: number | undefined = job.data?.failed;
  // @ts-expect-error a token request needs its scopes
  await client.POST("/tokens", { body: { role: "portal", label: "x" } });
  // @ts-expect-error "owner" is not a role
  await client.POST("/tokens", { body: { role: "owner", scopes: ["*"], label: "x" } });
  // @ts-expect-error not an action of the audit trail
  await client.GET("/audit", { params: { query: { action: "delete" } } });
  return { link, purgedAt, titles, secret, actors, failed };
}
`,
    );
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false, lib: ["ES2022", "DOM"], types: [] },
        files: ["client.ts", "api.d.ts"],
      }),
    );
    const result = await run(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(work, "tsconfig.json")]);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
    // the generated types are of this document, not something looser
    expect(readFileSync(join(work, "api.d.ts"), "utf8")).toContain('"/reports/{reportId}/versions/{n}/withdraw"');
  }, 120_000);
});
