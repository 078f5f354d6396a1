/** `nianbao render --ofd out.ofd [--ofd-a]`: the OFD edition from the command line. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readOfdPackage } from "../../functions/ofd/verify/package.js";
import { runCli } from "../helpers/cli.js";
import { EXAMPLE_FILES } from "../helpers/examples.js";

const dir = mkdtempSync(join(tmpdir(), "nianbao-ofd-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("nianbao render --ofd", () => {
  it("writes the PDF and its OFD edition; the same report gives the same OFD bytes", { timeout: 120_000 }, async () => {
    const pdf = join(dir, "yunxi.pdf");
    const ofd = join(dir, "yunxi.ofd");
    const result = await runCli(["render", EXAMPLE_FILES.yunxi2021, "-o", pdf, "--ofd", ofd]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/已生成 .*yunxi\.ofd：OFD（GB\/T 33190），6 页，\d+ 字节/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const view = readOfdPackage(readFileSync(ofd));
    expect((view.ofd["ofd:OFD"] as Record<string, unknown>)["@_DocType"]).toBe("OFD");
    expect(view.pages).toHaveLength(6);

    const again = join(dir, "again.ofd");
    expect((await runCli(["render", EXAMPLE_FILES.yunxi2021, "--ofd", again])).code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(ofd))).toBe(true);
  });

  it("--ofd-a writes the archival profile (GB/T 42133)", { timeout: 120_000 }, async () => {
    const ofd = join(dir, "raohe-a.ofd");
    const result = await runCli(["render", EXAMPLE_FILES.raohe2019, "--ofd", ofd, "--ofd-a"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("OFD-A（GB/T 42133）");
    expect((readOfdPackage(readFileSync(ofd)).ofd["ofd:OFD"] as Record<string, unknown>)["@_DocType"]).toBe("OFD-A");
  });

  it("exits 2 for --ofd-a without --ofd, and for --ofd with --draft, writing nothing", { timeout: 60_000 }, async () => {
    for (const args of [
      ["render", EXAMPLE_FILES.yunxi2021, "-o", join(dir, "u.pdf"), "--ofd-a"],
      ["render", EXAMPLE_FILES.yunxi2021, "-o", join(dir, "u.pdf"), "--ofd", join(dir, "u.ofd"), "--draft"],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
    }
    expect(existsSync(join(dir, "u.pdf"))).toBe(false);
    expect(existsSync(join(dir, "u.ofd"))).toBe(false);
  });
});
