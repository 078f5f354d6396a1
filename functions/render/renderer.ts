/**
 * The renderer: a normalised report → HTML (templates/) → PDF (Chromium) → document information.
 */
import { readFileSync } from "node:fs";
import { describeReport, type NormalizedReport } from "../report/index.js";
import { EDITIONS } from "../report/editions/index.js";
import { ChromiumEngine, type Asset, type ChromiumOptions, type PagePreparation } from "./chromium.js";
import { unpackChromium } from "./chromium-unpack.js";
import { buildFontSet, type FallbackStylesheet, type FontSet } from "./fonts.js";
import { ASSET_ORIGIN, renderTables, renderViewHtml, templates } from "./html.js";
import { paginationPass } from "./pagination/index.js";
import { finishTaggedPdf } from "./tagged-pdf.js";
import { applicationBreaks, buildReportView, sectionAnchor, splitTableView, type ReportView, type TableView } from "./view-model.js";

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

export interface PrintJob {
  readonly html: string;
  readonly pass: PagePreparation;
  readonly finish: (printed: Uint8Array) => RenderedReport;
}

export interface RendererOptions extends Omit<ChromiumOptions, "asset"> {
  /** the directory of licensed official fonts (default NIANBAO_OFFICIAL_FONTS_DIR) */
  readonly officialFontsDir?: string;
}

/** Fallback stylesheets kept for reuse (each a few kilobytes; only reports with rare characters make one). */
const MAX_FALLBACK_STYLESHEETS = 200;

/** The print options of every report: the page size and margins come from the template's CSS. */
export const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  // Tagged (headings, paragraphs, tables with their header cells, /Lang, the title displayed): the
  // structure is corrected and made compact afterwards (see tagged-pdf.ts). The bookmarks come from named
  // destinations (see pdf-info.ts).
  tagged: true,
  outline: false,
} as const;

export class ReportRenderer {
  readonly engine: ChromiumEngine;
  readonly fonts: FontSet;
  /** identifies the templates and faces: a new value means a re-render can give a different PDF */
  readonly templateVersion: string;
  private readonly assets = new Map<string, { file?: string; body?: Buffer; contentType: string }>();
  private readonly fallbackSheets: string[] = [];

  constructor(options: RendererOptions = {}) {
    // first, so that unpacking the browser overlaps all the rest of a cold start
    if (!(options.executablePath ?? process.env.NIANBAO_CHROMIUM_PATH)) unpackChromium(options.chromiumBinDir).catch(() => undefined);
    this.fonts = buildFontSet(ASSET_ORIGIN, options.officialFontsDir);
    this.templateVersion = `${PACKAGE_VERSION}+${templates().digest}.${this.fonts.fingerprint}`;
    this.assets.set(`${ASSET_ORIGIN}/styles/fonts.css`, { body: Buffer.from(this.fonts.css), contentType: "text/css; charset=utf-8" });
    this.assets.set(`${ASSET_ORIGIN}/styles/report.css`, { body: Buffer.from(templates().css), contentType: "text/css; charset=utf-8" });
    for (const font of this.fonts.assets) this.assets.set(`${ASSET_ORIGIN}/${font.path}`, { file: font.file, contentType: font.contentType });
    this.engine = new ChromiumEngine({ ...options, asset: (url) => this.asset(url) });
  }

  /** The answer to the page's request for one of the renderer's assets (stylesheets, faces), or undefined. */
  asset(url: string): Asset | undefined {
    const entry = this.assets.get(url);
    if (!entry) return undefined;
    entry.body ??= readFileSync(entry.file!); // kept in memory once read
    return { body: entry.body, contentType: entry.contentType };
  }

  html(report: NormalizedReport, options: RenderOptions = {}): string {
    return this.page(report, options).html;
  }

  /** The view model and its HTML, with a stylesheet of fallback slices if the report needs one. */
  private page(report: NormalizedReport, options: RenderOptions): { view: ReportView; html: string } {
    const view = buildReportView(report, { draft: options.draft === true });
    const fallback = this.fonts.fallbackFor(JSON.stringify(report));
    if (fallback) this.register(fallback);
    return { view, html: renderViewHtml(view, { templateVersion: this.templateVersion, ...(fallback ? { fallbackStylesheet: fallback.name } : {}) }) };
  }

  /** Serves a report's fallback stylesheet and its slices; the stylesheets kept are bounded. */
  private register(fallback: FallbackStylesheet): void {
    const url = `${ASSET_ORIGIN}/styles/${fallback.name}`;
    if (this.assets.has(url)) return;
    this.fallbackSheets.push(url);
    if (this.fallbackSheets.length > MAX_FALLBACK_STYLESHEETS) this.assets.delete(this.fallbackSheets.shift()!);
    this.assets.set(url, { body: Buffer.from(fallback.css), contentType: "text/css; charset=utf-8" });
    for (const font of fallback.assets) if (!this.assets.has(`${ASSET_ORIGIN}/${font.path}`)) this.assets.set(`${ASSET_ORIGIN}/${font.path}`, { file: font.file, contentType: font.contentType });
  }

  async render(report: NormalizedReport, options: RenderOptions = {}): Promise<RenderedReport> {
    const job = this.printJob(report, options);
    // every report shares the head (templates, stylesheets, faces): a page keeps it between reports
    return job.finish(await this.engine.print(job.html, PDF_OPTIONS, job.pass, { reuseHead: true }));
  }

  /**
   * A render in its three parts: the page's HTML, the pagination pass to run on it before printing,
   * and the work on the printed bytes (bench/finish-pdf.bench.ts times that last part alone).
   */
  printJob(report: NormalizedReport, options: RenderOptions = {}): PrintJob {
    const { view, html } = this.page(report, options);
    const edition = EDITIONS[report.edition];
    // the tables as printed, for the tagging: a table the pagination pass breaks is two tables
    const splits = new Map<string, readonly TableView[]>();
    const pass = paginationPass({
      tableBreaks: { applications: applicationBreaks(edition) },
      splitTable: (name, beforeRow) => {
        const table = view.sections.find((s) => s.table?.name === name)?.table;
        if (!table) return undefined;
        const parts = splitTableView(table, beforeRow);
        splits.set(name, parts);
        return renderTables(parts);
      },
    });
    const date = report.publishedAt ?? report.closing?.date;
    const info = {
      ...describeReport(report),
      creator: `nianbao ${this.templateVersion}${options.draft ? " (草稿)" : ""}`,
      producer: "nianbao (Chromium)",
      // The agency's date, not the clock's: identical concurrent publishes must produce identical
      // bytes (one stored object), and they render before their versions (and its times) exist.
      ...(date ? { date } : {}),
      lang: "zh-CN",
      outline: edition.sections.map((section, index) => ({ title: section.title, destination: sectionAnchor(index) })),
    };
    const finish = (printed: Uint8Array): RenderedReport => {
      // after the pass has run: the tables as printed (one it split is two)
      const printedTables = view.sections.flatMap(({ table }) => (table ? (splits.get(table.name) ?? [table]) : []));
      const tables = printedTables.map((table) => ({ rows: [...table.head, ...table.bodies.flat()], headRows: table.head.length }));
      const { pdf, pages } = finishTaggedPdf(printed, { info, tables });
      return { pdf, html, pages, bytes: pdf.byteLength };
    };
    return { html, pass, finish };
  }

  /**
   * Starts the browser now (a service checks at start that it can render at all). With a sample
   * report, also prints it on every page of the pool at once: pages open on demand, and a page's
   * first render pays for its renderer process, the template's document and the decoding of its
   * faces (about 250 ms of CPU). Without this a service that has only rendered one report at a time
   * pays that in the middle of its first burst of work, such as a bulk job's first reports.
   */
  async warm(sample?: NormalizedReport): Promise<void> {
    await this.engine.warm();
    if (sample) await Promise.all(Array.from({ length: this.engine.pages }, () => this.render(sample)));
  }

  /** Takes no more renders, lets those admitted finish within `graceMs`, and closes the browser. */
  close(graceMs = 0): Promise<void> {
    return this.engine.close(graceMs);
  }
}
