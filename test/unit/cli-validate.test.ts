import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { EXAMPLE_FILES, example } from "../helpers/examples.js";

const dir = mkdtempSync(join(tmpdir(), "nianbao-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("nianbao validate", () => {
  it("exits 0 on a valid report and prints its warnings", async () => {
    const ok = await runCli(["validate", EXAMPLE_FILES.yunxi2021]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("有效");
    const warned = await runCli(["validate", EXAMPLE_FILES.raohe2019]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain("警告 [edition-year] /edition");
  });

  it("exits 1 on an invalid report and prints each diagnostic with path and numbers", async () => {
    const report = example("yunxi2021");
    report.reviewLitigation.review.total = 0;
    const result = await runCli(["validate", file("invalid.json", JSON.stringify(report))]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("错误 [A4] /reviewLitigation/review/total");
    expect(result.stdout).toContain("应为 9，实为 0");
  });

  it("prints { valid, errors, warnings, normalized } with --json", async () => {
    const report = example("yunxi2021");
    delete report.applications.received.total;
    const result = await runCli(["validate", file("nototal.json", JSON.stringify(report)), "--json"]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed)).toEqual(["valid", "errors", "warnings", "normalized"]);
    expect(parsed.normalized.applications.received.total).toBe(250);
  });

  it("reads standard input for -", async () => {
    const result = await runCli(["validate", "-", "--json"], { stdin: JSON.stringify(example("raohe2019")) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).warnings[0].code).toBe("edition-year");
  });

  it("takes the previous year's report for the prior-year check", async () => {
    const previous = example("yunxi2021");
    previous.year = 2023;
    const result = await runCli(["validate", EXAMPLE_FILES.yunxi2021, "--previous", file("prev.json", JSON.stringify(previous))]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("警告 [prior-year] /applications/carriedOver/natural");
  });

  it("groups the warnings by section, in the report's order, and quotes the phrase", async () => {
    const previous = example("yunxi2021");
    previous.year = 2023;
    const report = example("yunxi2021");
    report.sectionIntros.reviewLitigation = ["复议9件，诉讼12件，均获维持。"];
    report.overview.subsections[1].paragraphs[0] = "2024年共收到政府信息公开申请205件。";
    const result = await runCli(["validate", file("prose.json", JSON.stringify(report)), "--previous", file("prev2023.json", JSON.stringify(previous))]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const heads = lines.filter((l) => /^[一二三四五六]、/.test(l));
    expect(heads).toEqual(["一、总体情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]);
    const at = lines.indexOf("  警告 [text-table] /overview/subsections/1/paragraphs/0");
    expect(lines.slice(at + 1, at + 2)).toEqual(["    “收到政府信息公开申请205件”"]);
    expect(lines).toContain("    应为 250，实为 205");
    expect(lines).toContain("    “复议9件，诉讼12件，均获维持”");
    expect(lines.indexOf("三、收到和处理政府信息公开申请情况")).toBeLessThan(lines.indexOf("  警告 [prior-year] /applications/carriedOver/natural"));
  });

  // One test per case: each is a child process of its own (tsx compiling the CLI), so a busy
  // machine cannot push eight of them past one test's timeout.
  const unreadable: [string, () => string[], RegExp][] = [
    ["not JSON", () => ["validate", file("notjson.json", "{ not json")], /不是有效的 JSON/],
    ["not UTF-8", () => ["validate", file("latin1.json", Buffer.from([0x7b, 0xff, 0x7d]))], /不是 UTF-8/],
    ["a missing file", () => ["validate", join(dir, "missing.json")], /找不到文件/],
    ["a directory", () => ["validate", dir], /不是文件/],
    ["no file", () => ["validate"], /需要且只需要一个报告文件/],
    ["two files", () => ["validate", "a.json", "b.json"], /需要且只需要一个报告文件/],
    ["an unknown option", () => ["validate", EXAMPLE_FILES.yunxi2021, "--bogus"], /Unknown option/],
    ["an unknown command", () => ["frobnicate"], /未知命令/],
  ];
  it.each(unreadable)("exits 2, with a clear message and no stack trace, on %s", async (_name, args, message) => {
    const argv = args();
    const result = await runCli(argv);
    expect(result.code, argv.join(" ")).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1, without crashing, on JSON nested a million deep", async () => {
    for (const depth of [10_000, 1_000_000]) {
      const result = await runCli(["validate", file(`deep-${depth}.json`, `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`)]);
      expect(result.code, String(depth)).toBe(1);
      expect(result.stdout).toContain("错误 [schema]");
    }
  });
});
