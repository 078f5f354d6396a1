/**
 * An independent reader for the checks: ofd.js 0.2.6 (DLTech21, Apache-2.0) rendering the OFD in the
 * project's own Chromium, beside pdf.js rendering the PDF in the same browser, so that both pages go
 * through one rasteriser.
 *
 * ofd.js draws text with CSS fonts and ignores FontFile; a reader application would use the embedded
 * font. The harness stands in for that: every embedded font is registered with FontFace under the
 * family name ofd.js asks for (its FamilyName, else FontName, through ofd.js's own table of Chinese
 * font names), for the weight its text objects ask for, and for exactly the characters its cmap maps
 * — subsets of one family then sit side by side as the unicode-range slices of a web font do.
 * Fontconfig sees no system CJK font, so a font the package fails to supply shows as missing ink.
 *
 * The browser loads nothing from the network: every request is answered from the files below or
 * aborted. Only tests and benchmarks use this module (ofd.js is a development dependency).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import chromium from "@sparticuz/chromium";
import * as fontkit from "fontkit";
import { PNG } from "pngjs";
import puppeteer, { type Browser, type HTTPRequest, type Page } from "puppeteer-core";
import { restrictedFontconfig, UNSAFE_ARGS } from "../../render/chromium.js";
import { unpackChromium } from "../../render/chromium-unpack.js";
import type { Raster } from "./ink.js";
import { readOfdPackage, type DeclaredFont } from "./package.js";

const ORIGIN = "https://ofd-reader.local";
const require = createRequire(import.meta.url);

/** ofd.js 0.2.6's FONT_FAMILY table (src/utils/ofd/ofd_util.js): names it replaces, by substring. */
const OFDJS_FONT_FAMILY: Readonly<Record<string, string>> = {
  楷体: "楷体, KaiTi, Kai, simkai",
  kaiti: "楷体, KaiTi, Kai, simkai",
  Kai: "楷体, KaiTi, Kai",
  simsun: "SimSun, simsun, Songti SC",
  宋体: "SimSun, simsun, Songti SC",
  黑体: "SimHei, STHeiti, simhei",
  仿宋: "FangSong, STFangsong, simfang",
  小标宋体: "sSun",
  方正小标宋_gbk: "sSun",
  仿宋_gb2312: "FangSong, STFangsong, simfang",
  楷体_gb2312: "楷体, KaiTi, Kai, simkai",
  couriernew: "Courier New",
  "courier new": "Courier New",
};

/** The CSS family ofd.js 0.2.6 puts on text drawn with this font (the first of its list). */
export function ofdJsFamily(font: Pick<DeclaredFont, "familyName" | "fontName">): string {
  let name = font.familyName ?? font.fontName;
  const exact = OFDJS_FONT_FAMILY[name.toLowerCase()];
  if (exact) name = exact;
  for (const key of Object.keys(OFDJS_FONT_FAMILY)) {
    if (name.toLowerCase().includes(key.toLowerCase())) {
      name = OFDJS_FONT_FAMILY[key]!;
      break;
    }
  }
  return name.split(",")[0]!.trim().replace(/^["']|["']$/g, "");
}

/** "U+4E00-4E05,U+4E08" for the code points a font's cmap maps. */
function unicodeRange(codePoints: readonly number[]): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const hex = (n: number) => n.toString(16).toUpperCase();
    ranges.push(i === j ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return ranges.join(",");
}

export interface FontRegistration {
  readonly family: string;
  readonly weight: number;
  readonly unicodeRange: string;
  readonly data: string;
}

/** How each embedded font is offered to the browser; fonts without a file are left to fallback. */
export function fontRegistrations(fonts: readonly DeclaredFont[]): FontRegistration[] {
  const registrations: FontRegistration[] = [];
  for (const font of fonts) {
    if (!font.file) continue;
    let characters: number[];
    try {
      characters = (fontkit.create(Buffer.from(font.file)) as fontkit.Font).characterSet;
    } catch {
      continue; // not a font fontkit can read (nor, then, a browser): the reader falls back
    }
    if (characters.length === 0) continue;
    registrations.push({
      family: ofdJsFamily(font),
      weight: font.bold ? 700 : 400,
      unicodeRange: unicodeRange(characters),
      data: Buffer.from(font.file).toString("base64"),
    });
  }
  return registrations;
}

export interface RenderedOfdPage {
  readonly image: Raster;
  readonly png: Buffer;
  /** the characters ofd.js drew, in its order */
  readonly text: string;
  /** the CSS families ofd.js asked for on this page */
  readonly families: readonly string[];
}

export interface RenderedOfd {
  readonly pages: readonly RenderedOfdPage[];
  /** families ofd.js asked for that no embedded font was registered under */
  readonly unregisteredFamilies: readonly string[];
  /** families whose embedded file the browser refused */
  readonly unloadableFamilies: readonly string[];
}

export interface RenderedPdfPage {
  readonly image: Raster;
  readonly png: Buffer;
}

function decodePng(png: Buffer): Raster {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: image.data };
}

/** ofd.js adds an enumerable `pipeline` to Array.prototype, which pdf.js refuses: each gets its own page. */
const page = (scripts: string[]) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>body{margin:0;background:#fff}#ofd>div{margin:0!important}</style>` +
  `${scripts.map((s) => `<script src="${ORIGIN}/${s}"></script>`).join("")}</head><body><div id="ofd"></div></body></html>`;

export class OfdReader {
  private constructor(
    private readonly browser: Browser,
    private readonly ofdPage: Page,
    private readonly pdfPage: Page,
  ) {}

  /** Starts the reader's own browser (JavaScript on, network off). */
  static async launch(): Promise<OfdReader> {
    const files = new Map<string, { body: Buffer; type: string }>([
      ["/ofd.html", { body: Buffer.from(page(["ofd.umd.min.js", "reader-page.js"])), type: "text/html; charset=utf-8" }],
      ["/pdf.html", { body: Buffer.from(page(["reader-page.js"])), type: "text/html; charset=utf-8" }],
      ["/ofd.umd.min.js", { body: readFileSync(join(dirname(require.resolve("ofd.js/package.json")), "lib/ofd.umd.min.js")), type: "text/javascript" }],
      ["/reader-page.js", { body: readFileSync(fileURLToPath(new URL("./reader-page.js", import.meta.url))), type: "text/javascript" }],
      ["/pdf.min.mjs", { body: readFileSync(require.resolve("pdfjs-dist/build/pdf.min.mjs")), type: "text/javascript" }],
      ["/pdf.worker.min.mjs", { body: readFileSync(require.resolve("pdfjs-dist/build/pdf.worker.min.mjs")), type: "text/javascript" }],
    ]);
    const executablePath = process.env.NIANBAO_CHROMIUM_PATH ?? (await unpackChromium());
    const browser = await puppeteer.launch({
      executablePath,
      headless: "shell",
      args: [...chromium.args.filter((a) => !UNSAFE_ARGS.has(a)), "--disable-breakpad", "--no-first-run"],
      env: { ...process.env, FONTCONFIG_PATH: restrictedFontconfig() },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    try {
      const open = async (path: string) => {
        const tab = await browser.newPage();
        await tab.setViewport({ width: 1000, height: 1300, deviceScaleFactor: 1 });
        await tab.setRequestInterception(true);
        tab.on("request", (request: HTTPRequest) => {
          const url = new URL(request.url());
          const file = url.origin === ORIGIN ? files.get(url.pathname) : undefined;
          const done = file
            ? request.respond({ status: 200, contentType: file.type, headers: { "Access-Control-Allow-Origin": "*" }, body: file.body })
            : request.abort("blockedbyclient");
          done.catch(() => undefined);
        });
        await tab.goto(`${ORIGIN}${path}`, { waitUntil: "load" });
        return tab;
      };
      return new OfdReader(browser, await open("/ofd.html"), await open("/pdf.html"));
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  }

  /** The browser's process id (tests check it is gone after close). */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /** Renders every page of an OFD with ofd.js at `pxPerMm` (ofd.js allows at most 5). */
  async renderOfd(ofd: Uint8Array, pxPerMm = 4): Promise<RenderedOfd> {
    const fonts = fontRegistrations(readOfdPackage(ofd).fonts);
    const result = (await this.ofdPage.evaluate(
      `harness.renderOfd(${JSON.stringify(Buffer.from(ofd).toString("base64"))}, ${JSON.stringify(fonts)}, ${pxPerMm})`,
    )) as { pages: { text: string; families: string[] }[]; unregistered: string[]; unloadable: string[] };
    const handles = await this.ofdPage.$$("#ofd > div");
    const pages: RenderedOfdPage[] = [];
    for (const [i, handle] of handles.entries()) {
      const png = Buffer.from(await handle.screenshot({ type: "png", optimizeForSpeed: true }));
      pages.push({ image: decodePng(png), png, text: result.pages[i]!.text, families: result.pages[i]!.families });
    }
    return { pages, unregisteredFamilies: result.unregistered, unloadableFamilies: result.unloadable };
  }

  /** Renders every page of a PDF with pdf.js in the same browser, at the same scale. */
  async renderPdf(pdf: Uint8Array, pxPerMm = 4): Promise<RenderedPdfPage[]> {
    const urls = (await this.pdfPage.evaluate(`harness.renderPdf(${JSON.stringify(Buffer.from(pdf).toString("base64"))}, ${pxPerMm})`)) as string[];
    return urls.map((b64) => {
      const png = Buffer.from(b64, "base64");
      return { image: decodePng(png), png };
    });
  }

  async close(): Promise<void> {
    const child = this.browser.process();
    await this.browser.close().catch(() => undefined);
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
