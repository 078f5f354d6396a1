/** `nianbao check-layout`: the D.2 checker on PDFs given by path, as an admin runs it. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { DefectPrinter } from "../helpers/defects.js";
import { example } from "../helpers/examples.js";
import { normalized } from "../helpers/renderer.js";

const dir = mkdtempSync(join(tmpdir(), "nianbao-check-layout-"));
const good = join(dir, "good.pdf");
const bad = join(dir, "bad.pdf");
const notPdf = join(dir, "not.pdf");

beforeAll(async () => {
  const printer = new DefectPrinter();
  try {
    const report = normalized(example("yunxi2021"));
    writeFileSync(good, (await printer.renderer.render(report)).pdf);
    writeFileSync(bad, await printer.print(report, { css: "body { letter-spacing: 0; }" }));
  } finally {
    await printer.close();
  }
  writeFileSync(notPdf, "这不是PDF");
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nianbao check-layout", { timeout: 90_000 }, () => {
  it("exits 0 on a PDF that meets every rule", async () => {
    const result = await runCli(["check-layout", good]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("版式合格");
  });

  it("exits 1 and lists each violation with its page and text", async () => {
    const result = await runCli(["check-layout", good, bad]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/bad\.pdf：6 页，\d+ 处版式问题/);
    expect(result.stdout).toMatch(/第1页 \[chars-per-line\] 第1页一整行排了27个字/);
  });

  it("answers --json with the findings of each file", async () => {
    const result = await runCli(["check-layout", "--json", good, bad]);
    const answer = JSON.parse(result.stdout) as { file: string; passed: boolean; findings: { code: string; page: number; text: string }[] }[];
    expect(answer.map((a) => a.passed)).toEqual([true, false]);
    expect(answer[1]!.findings[0]).toMatchObject({ code: "chars-per-line", page: 1, text: expect.any(String) });
  });

  it("exits 2 on a file that is not a PDF, a missing file, or no file at all", async () => {
    for (const [args, message] of [[[notPdf], "不是可读的 PDF 文件"], [[join(dir, "missing.pdf")], "找不到文件"], [[], "需要至少一个 PDF 文件"]] as const) {
      const result = await runCli(["check-layout", ...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});
