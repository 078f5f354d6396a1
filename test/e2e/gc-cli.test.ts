/**
 * `nianbao gc` as an operator runs it: a real child process on a local data folder, its help, its
 * exit codes, a dry run that lists, and a run that deletes only what is orphaned and old enough.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators } from "../../functions/local/emulators.js";
import { createStores } from "../../functions/store/config.js";
import { runCli } from "../helpers/cli.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-gc-"));
const OLD = "reports/gc-failed/pdf/old.pdf";
const YOUNG = "reports/gc-failed/source/young.json";

/** Ages every file under a directory (s3rver reports an object's file time as its LastModified). */
function age(dir: string, seconds: number, only?: (path: string) => boolean): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) age(path, seconds, only);
    else if (!only || only(path)) {
      const when = new Date(statSync(path).mtimeMs - seconds * 1000);
      utimesSync(path, when, when);
    }
  }
}

beforeAll(async () => {
  const emulators = await startEmulators({ dataDir });
  const stores = createStores(emulators.config);
  await stores.ensureTables();
  await stores.documents.put(OLD, new Uint8Array([1, 2, 3]), { contentType: "application/pdf" });
  await stores.documents.put(YOUNG, new Uint8Array([4]), { contentType: "application/json" });
  await emulators.stop();
  age(join(dataDir, "s3"), 48 * 3600, (path) => path.includes("old.pdf"));
}, 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("nianbao gc", () => {
  it("explains itself with --help (exit 0) and refuses bad usage (exit 2)", async () => {
    const help = await runCli(["gc", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("nianbao gc [--data .data] [--older-than-hours 24] [--dry-run]");
    expect(help.stdout).toMatch(/退出码/);
    const bad = await runCli(["gc", "--older-than-hours", "0", "--data", dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--older-than-hours/);
    expect((await runCli(["gc", "--no-such-option"])).code).toBe(2);
    expect((await runCli(["--help"])).stdout).toMatch(/nianbao gc/);
  }, 120_000);

  it("lists old orphans on a dry run, then deletes them and leaves young objects alone", async () => {
    const dry = await runCli(["gc", "--data", dataDir, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout.trim().split("\n")).toEqual([OLD]);
    expect(dry.stderr).toMatch(/发现 1 个孤立对象.*--dry-run：未删除/);

    const run = await runCli(["gc", "--data", dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(OLD);
    expect(run.stderr).toMatch(/已删除 1 个孤立对象/);

    const again = await runCli(["gc", "--data", dataDir, "--older-than-hours", "1"]);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe("");
    expect(again.stderr).toMatch(/已删除 0 个孤立对象（检查了 1 份报告的 1 个对象/);
  }, 120_000);
});
