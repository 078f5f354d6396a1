import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { readDocx } from "../helpers/docx.js";
import { EXAMPLE_FILES, example } from "../helpers/examples.js";
import { pageTexts } from "../helpers/pdf.js";

const dir = mkdtempSync(join(tmpdir(), "nianbao-render-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nianbao render", () => {
  it("writes the PDF and, on request, the HTML; --draft adds the watermark", async () => {
    const pdf = join(dir, "yunxi.pdf");
    const html = join(dir, "yunxi.html");
    const result = await runCli(["render", EXAMPLE_FILES.yunxi2021, "-o", pdf, "--html", html, "--draft"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/已生成 .*yunxi\.pdf：\d+ 页，\d+ 字节（草稿）/);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((await pageTexts(bytes))[0]).toContain("草稿");
    expect(readFileSync(html, "utf8")).toContain("<!DOCTYPE html>");
  });

  it("writes the Word edition with --docx, alone or beside the PDF", async () => {
    const docx = join(dir, "raohe.docx");
    const alone = await runCli(["render", EXAMPLE_FILES.raohe2019, "--docx", docx]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/已生成 .*raohe\.docx：Word 版，\d+ 字节/);
    const facts = readDocx(readFileSync(docx));
    expect(facts.paragraphs.filter((p) => p.style === "Heading1")).toHaveLength(6);
    expect(facts.tables).toHaveLength(3);

    const pdf = join(dir, "both.pdf");
    const both = await runCli(["render", EXAMPLE_FILES.yunxi2021, "-o", pdf, "--docx", join(dir, "both.docx")]);
    expect(both.code, both.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    expect(readDocx(readFileSync(join(dir, "both.docx"))).title).toContain("云溪县人民政府");
  });

  it("prints the diagnostics of an invalid report, exits 1 and writes no file", async () => {
    const report = example("yunxi2021");
    report.applications.received.natural += 1;
    const input = join(dir, "invalid.json");
    writeFileSync(input, JSON.stringify(report));
    const pdf = join(dir, "invalid.pdf");
    const result = await runCli(["render", input, "-o", pdf, "--html", join(dir, "invalid.html")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("错误 [A2] /applications/received/total");
    expect(existsSync(pdf)).toBe(false);
    expect(existsSync(join(dir, "invalid.html"))).toBe(false);
  });

  it("exits 2 on bad usage or unreadable input", async () => {
    for (const args of [
      ["render", EXAMPLE_FILES.yunxi2021],
      ["render", "-o", join(dir, "x.pdf")],
      ["render", join(dir, "missing.json"), "-o", join(dir, "x.pdf")],
      // a draft and the HTML are made only with the PDF
      ["render", EXAMPLE_FILES.yunxi2021, "--docx", join(dir, "x.docx"), "--draft"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
    }
    expect(existsSync(join(dir, "x.pdf"))).toBe(false);
    expect(existsSync(join(dir, "x.docx"))).toBe(false);
  });
});
