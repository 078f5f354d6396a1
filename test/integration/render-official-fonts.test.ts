/**
 * A deployer's licensed official fonts take precedence in their role. There is no licensed font
 * here, so a TrueType font that Chromium's package ships (Open Sans) stands in for 仿宋_GB2312: it has
 * the Latin digits of the body text, not its Chinese, so both the precedence and the fallback show.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { example } from "../helpers/examples.js";
import { embeddedFonts, pageTexts } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

const officialDir = mkdtempSync(join(tmpdir(), "nianbao-official-"));
let renderer: ReportRenderer | undefined;
afterAll(async () => {
  await renderer?.close();
  rmSync(officialDir, { recursive: true, force: true });
});

describe("licensed official fonts", () => {
  it("take precedence in their role for the characters they have, and change the template version", async () => {
    const bundled = new ReportRenderer();
    await bundled.render(normalized(example("yunxi2021"))); // unpacks Chromium's fonts, among them Open Sans
    const openSans = join(tmpdir(), "fonts", "fonts", "Open_Sans", "OpenSans-Regular.ttf");
    expect(existsSync(openSans)).toBe(true);
    copyFileSync(openSans, join(officialDir, "fangsong.ttf"));
    const defaultVersion = bundled.templateVersion;
    await bundled.close();

    renderer = new ReportRenderer({ officialFontsDir: officialDir });
    expect(renderer.fonts.official).toEqual(["body"]);
    expect(renderer.templateVersion).not.toBe(defaultVersion);
    const out = await renderer.render(normalized(example("yunxi2021")));
    const fonts = await embeddedFonts(out.pdf);
    expect(fonts.some((f) => f.baseFont.includes("OpenSans"))).toBe(true);
    // the Chinese of the body still comes from the bundled face, and nothing is Type 3
    expect(fonts.some((f) => f.baseFont.includes("NotoSerifSC"))).toBe(true);
    expect(fonts.every((f) => f.subtype === "/Type0" || f.subtype === "/TrueType")).toBe(true);
    expect((await pageTexts(out.pdf)).join("")).toContain("云溪县人民政府");
  });
});
