/**
 * The command line as an operator meets it: every command answers --help with exit 0, and
 * `token create|list|revoke` work on a local data directory with the exit codes of the contract.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-cli-token-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("--help", () => {
  it("every command answers --help (and -h) with its usage and exit 0", async () => {
    const main = await runCli(["--help"]);
    expect(main.code).toBe(0);
    const commands = [...main.stdout.matchAll(/^ {2}nianbao ([\w-]+)/gm)].map((m) => m[1]!);
    expect(new Set(commands)).toEqual(new Set(["validate", "render", "serve", "token", "gc", "check-layout"]));
    const calls = [...new Set(commands)].map((c) => [c, "--help"]).concat([["token", "create", "--help"], ["token", "revoke", "-h"], ["validate", "-h"]]);
    const results = await Promise.all(calls.map((args) => runCli(args)));
    for (const [i, args] of calls.entries()) {
      const result = results[i]!;
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stdout, args.join(" ")).toContain(`nianbao ${args[0]}`);
      expect(result.stderr, args.join(" ")).not.toMatch(/ERR_PARSE_ARGS|TypeError|at /);
    }
  }, 120_000);
});

describe("nianbao token", () => {
  it("creates, lists and revokes tokens in a local data directory", async () => {
    const created = await runCli(["token", "create", "--role", "portal", "--scope", "raohe-*", "--scope", "yunxi-county-2024", "--label", "县门户", "--expires-in-days", "90", "--data", dataDir]);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^nb_[A-Za-z0-9_-]{43}$/);
    const id = /令牌 ([0-9a-f]{12})/.exec(created.stderr)![1]!;
    expect(created.stderr).toContain("范围：raohe-* yunxi-county-2024");
    expect(created.stderr).toContain("到期：");

    const listed = await runCli(["token", "list", "--data", dataDir]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${id}  portal  有效  范围：raohe-* yunxi-county-2024`);
    expect(listed.stdout).toContain("县门户");
    expect(listed.stdout).not.toContain(secret);

    const revoked = await runCli(["token", "revoke", id, "--data", dataDir]);
    expect(revoked.code, revoked.stderr).toBe(0);
    const json = JSON.parse((await runCli(["token", "list", "--json", "--data", dataDir])).stdout);
    expect(json.items).toHaveLength(1);
    expect(json.items[0]).toMatchObject({ tokenId: id, role: "portal", label: "县门户", createdBy: expect.stringMatching(/^cli:/) });
    expect(json.items[0].revokedAt).toBeDefined();
  }, 120_000);

  it("exits 1 for an unknown token id and 2 for bad usage", async () => {
    expect((await runCli(["token", "revoke", "0123456789ab", "--data", dataDir])).code).toBe(1);
    // (usage errors need no storage, so these may run side by side)
    const calls = [
      ["token"],
      ["token", "rotate"],
      ["token", "revoke", "--data", dataDir],
      ["token", "create", "--role", "root", "--scope", "*", "--data", dataDir],
      ["token", "create", "--role", "admin", "--data", dataDir],
      ["token", "list", "--bogus"],
    ];
    const results = await Promise.all(calls.map((args) => runCli(args)));
    // these two reach the store's checks, one at a time (one process per data directory)
    for (const args of [
      ["token", "create", "--role", "admin", "--scope", "Bad_Scope", "--data", dataDir],
      ["token", "create", "--role", "admin", "--scope", "*", "--expires-in-days", "0", "--data", dataDir],
    ]) {
      calls.push(args);
      results.push(await runCli(args));
    }
    for (const [i, args] of calls.entries()) {
      const result = results[i]!;
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr, args.join(" ")).toContain("用法");
    }

    // the deployed tokens table alone: a create or revoke there would go unaudited, so it is refused
    const { NIANBAO_TABLE: _metadata, ...env } = process.env;
    const tokensOnly = await runCli(["token", "list"], { env: { ...env, NIANBAO_TOKEN_TABLE: "nianbao-tokens" } });
    expect(tokensOnly.code, tokensOnly.stderr).toBe(2);
    expect(tokensOnly.stderr).toMatch(/NIANBAO_TOKEN_TABLE.*NIANBAO_TABLE/);
  }, 120_000);
});
