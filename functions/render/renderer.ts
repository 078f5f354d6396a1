/**
 * The renderer: a normalised report → HTML (templates/) → PDF (Chromium) → document information.
 */
import { readFileSync } from "node:fs";
import { describeReport, type NormalizedReport } from "../report/index.js";
import { EDITIONS } from "../report/editions/index.js";
import { ChromiumEngine, type Asset, type ChromiumOptions } from "./chromium.js";
import { buildFontSet, type FontSet } from "./fonts.js";
import { ASSET_ORIGIN, renderHtml, renderReport, renderTables, templates } from "./html.js";
import { paginationPass } from "./pagination/index.js";
import { pageCount, withInfo } from "./pdf-info.js";
import { applicationBreaks, sectionAnchor, splitTableView } from "./view-model.js";

import packageJson from "../../package.json" with { type: "json" };

/** The release of the templates' code; together with the digests it makes the template version. */
const PACKAGE_VERSION = packageJson.version;

export interface RenderOptions {
  /** a 草稿 watermark on every page (previews) */
  readonly draft?: boolean;
}

export interface RenderedReport {
  readonly pdf: Uint8Array;
  readonly html: string;
  readonly pages: number;
  readonly bytes: number;
}

export interface RendererOptions extends Omit<ChromiumOptions, "asset"> {
  /** the directory of licensed official fonts (default NIANBAO_OFFICIAL_FONTS_DIR) */
  readonly officialFontsDir?: string;
}

/** The print options of every report: the page size and margins come from the template's CSS. */
export const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  // Untagged: a tagged PDF of a table-heavy report is half again as large (measured: 221 KB → 326 KB
  // for the 2021 example). The bookmarks come from named destinations instead (see pdf-info.ts).
  tagged: false,
  outline: false,
} as const;

export class ReportRenderer {
  readonly engine: ChromiumEngine;
  readonly fonts: FontSet;
  /** identifies the templates and faces: a new value means a re-render can give a different PDF */
  readonly templateVersion: string;
  private readonly assets = new Map<string, { file?: string; body?: Buffer; contentType: string }>();

  constructor(options: RendererOptions = {}) {
    this.fonts = buildFontSet(ASSET_ORIGIN, options.officialFontsDir);
    this.templateVersion = `${PACKAGE_VERSION}+${templates().digest}.${this.fonts.fingerprint}`;
    this.assets.set(`${ASSET_ORIGIN}/styles/fonts.css`, { body: Buffer.from(this.fonts.css), contentType: "text/css; charset=utf-8" });
    this.assets.set(`${ASSET_ORIGIN}/styles/report.css`, { body: Buffer.from(templates().css), contentType: "text/css; charset=utf-8" });
    for (const font of this.fonts.assets) this.assets.set(`${ASSET_ORIGIN}/${font.path}`, { file: font.file, contentType: font.contentType });
    this.engine = new ChromiumEngine({ ...options, asset: (url) => this.asset(url) });
  }

  private asset(url: string): Asset | undefined {
    const entry = this.assets.get(url);
    if (!entry) return undefined;
    entry.body ??= readFileSync(entry.file!); // kept in memory once read
    return { body: entry.body, contentType: entry.contentType };
  }

  html(report: NormalizedReport, options: RenderOptions = {}): string {
    return renderHtml(report, { draft: options.draft === true, templateVersion: this.templateVersion });
  }

  async render(report: NormalizedReport, options: RenderOptions = {}): Promise<RenderedReport> {
    const { html, view } = renderReport(report, { draft: options.draft === true, templateVersion: this.templateVersion });
    const edition = EDITIONS[report.edition];
    const pass = paginationPass({
      tableBreaks: { applications: applicationBreaks(edition) },
      splitTable: (name, beforeRow) => {
        const table = view.sections.find((s) => s.table?.name === name)?.table;
        return table ? renderTables(splitTableView(table, beforeRow)) : undefined;
      },
    });
    const printed = await this.engine.print(html, PDF_OPTIONS, pass);
    const date = report.publishedAt ?? report.closing?.date;
    const pdf = withInfo(printed, {
      ...describeReport(report),
      creator: `nianbao ${this.templateVersion}${options.draft ? " (草稿)" : ""}`,
      producer: "nianbao (Chromium)",
      // The agency's date, not the clock's: identical concurrent publishes must produce identical
      // bytes (one stored object), and they render before their versions (and its times) exist.
      ...(date ? { date } : {}),
      lang: "zh-CN",
      outline: edition.sections.map((section, index) => ({ title: section.title, destination: sectionAnchor(index) })),
    });
    return { pdf, html, pages: pageCount(pdf), bytes: pdf.byteLength };
  }

  /** Starts the browser now (a service checks at start that it can render at all). */
  warm(): Promise<void> {
    return this.engine.warm();
  }

  /** Takes no more renders, lets those admitted finish within `graceMs`, and closes the browser. */
  close(graceMs = 0): Promise<void> {
    return this.engine.close(graceMs);
  }
}
