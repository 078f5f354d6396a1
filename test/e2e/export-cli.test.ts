/**
 * `nianbao export` as an operator runs it, a real child process on a data folder the local service
 * filled: every report's cells as CSV (or XLSX by the file's extension), filters, and the exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { example } from "../helpers/examples.js";
import { startTestService } from "../helpers/service.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-export-cli-"));
const out = mkdtempSync(join(tmpdir(), "nianbao-export-out-"));
beforeAll(async () => {
  const service = await startTestService({ dataDir });
  const admin = await service.token("admin", ["*"]);
  for (const [id, name] of [["cli-yunxi", "yunxi2021"], ["cli-raohe", "raohe2019"]] as const) {
    expect((await service.call("PUT", `/reports/${id}`, { token: admin, body: example(name) })).status).toBe(201);
  }
  await service.close();
}, 120_000);
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

describe("nianbao export", () => {
  it("writes every report's cells as CSV, and only the filtered ones with --prefix", async () => {
    const all = await runCli(["export", "--data", dataDir, "-o", join(out, "all.csv")]);
    expect(all.code, all.stderr).toBe(0);
    const rows: string[][] = parse(readFileSync(join(out, "all.csv"), "utf8").replace(/^\uFEFF/, ""));
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(["cli-yunxi", "cli-raohe"]));
    const yunxi = await runCli(["export", "--data", dataDir, "--prefix", "cli-y", "--year", "2024", "-o", join(out, "yunxi.csv")]);
    expect(yunxi.code, yunxi.stderr).toBe(0);
    const some: string[][] = parse(readFileSync(join(out, "yunxi.csv"), "utf8").replace(/^\uFEFF/, ""));
    expect(new Set(some.slice(1).map((r) => r[0]))).toEqual(new Set(["cli-yunxi"]));
    expect(some.find((r) => r[6] === "一、本年新收政府信息公开申请数量" && r[7] === "总计")![8]).toBe("250");
  }, 120_000);

  it("writes XLSX when the file is .xlsx", async () => {
    const result = await runCli(["export", "--data", dataDir, "--edition", "2019", "-o", join(out, "raohe.xlsx")]);
    expect(result.code, result.stderr).toBe(0);
    const sheets = await readXlsxFile(readFileSync(join(out, "raohe.xlsx")));
    expect(sheets).toHaveLength(3);
    expect(new Set(sheets.flatMap((s) => s.data.slice(1).map((r) => r[0])))).toEqual(new Set(["cli-raohe"]));
  }, 120_000);

  it("exits 2 on bad usage or a file it cannot write, leaving nothing", async () => {
    const usages = [["export", "--data", dataDir], ["export", "--data", dataDir, "--format", "pdf", "-o", join(out, "x")], ["export", "--data", dataDir, "--year", "20", "-o", join(out, "x")], ["export", "--bogus"]];
    const results = await Promise.all(usages.map((args) => runCli(args)));
    for (const [i, result] of results.entries()) {
      expect(result.code, usages[i]!.join(" ")).toBe(2);
      expect(result.stderr).toContain("用法：nianbao export");
    }
    const unwritable = await runCli(["export", "--data", dataDir, "-o", join(out, "no-such-dir", "x.csv")]);
    expect(unwritable.code).toBe(2);
    expect(existsSync(join(out, "x"))).toBe(false);
  }, 120_000);
});
