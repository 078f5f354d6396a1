/**
 * Purpose-built bad PDFs for the layout checker's tests: a report's own HTML, printed by the project's
 * Chromium with its bundled fonts, with one of the layout's fixes taken away — a stylesheet appended
 * after the report's own, the HTML edited, or the pagination pass left out.
 */
import { ChromiumEngine, type Asset } from "../../functions/render/chromium.js";
import { buildFontSet } from "../../functions/render/fonts.js";
import { ASSET_ORIGIN, renderReport, renderTables, templates } from "../../functions/render/html.js";
import { paginationPass } from "../../functions/render/pagination/index.js";
import { PDF_OPTIONS, ReportRenderer } from "../../functions/render/renderer.js";
import { applicationBreaks, splitTableView } from "../../functions/render/view-model.js";
import { readFileSync } from "node:fs";
import { EDITIONS } from "../../functions/report/editions/index.js";
import type { NormalizedReport } from "../../functions/report/index.js";

const DEFECT_CSS = `${ASSET_ORIGIN}/styles/defect.css`;
let prints = 0;

export interface Defect {
  /** CSS appended after the report's stylesheet (it wins) */
  readonly css?: string;
  /** an edit of the report's HTML */
  readonly html?: (html: string) => string;
  /** run the pagination pass after all, to see it mend what the defect did */
  readonly paginate?: boolean;
}

export class DefectPrinter {
  private css = "";
  private readonly fonts = buildFontSet(ASSET_ORIGIN);
  private readonly files = new Map(this.fonts.assets.map((a) => [`${ASSET_ORIGIN}/${a.path}`, a]));
  private readonly engine = new ChromiumEngine({ asset: (url) => this.asset(url) });
  /** the real renderer, for the good PDF to compare with */
  readonly renderer = new ReportRenderer();

  private asset(url: string): Asset | undefined {
    const css = (body: string): Asset => ({ body: Buffer.from(body), contentType: "text/css; charset=utf-8" });
    if (url === `${ASSET_ORIGIN}/styles/fonts.css`) return css(this.fonts.css);
    if (url === `${ASSET_ORIGIN}/styles/report.css`) return css(templates().css);
    if (url.startsWith(`${DEFECT_CSS}?`)) return css(this.css);
    const font = this.files.get(url);
    return font ? { body: readFileSync(font.file), contentType: font.contentType } : undefined;
  }

  /** The report printed with the defect and (unless asked for) without the pagination pass. */
  async print(report: NormalizedReport, defect: Defect = {}): Promise<Uint8Array> {
    this.css = defect.css ?? "";
    const rendered = renderReport(report, { templateVersion: "defect" });
    let html = rendered.html;
    // a new address each time: Chromium keeps what it fetched for a page's address
    html = html.replace(/(<link rel="stylesheet" href="[^"]*report\.css">)/, `$1\n<link rel="stylesheet" href="${DEFECT_CSS}?${++prints}">`);
    if (defect.html) html = defect.html(html);
    const pass = paginationPass({
      tableBreaks: { applications: applicationBreaks(EDITIONS[report.edition]) },
      splitTable: (name, row) => {
        const table = rendered.view.sections.find((s) => s.table?.name === name)?.table;
        return table && renderTables(splitTableView(table, row));
      },
    });
    return this.engine.print(html, PDF_OPTIONS, defect.paginate ? pass : undefined);
  }

  async close(): Promise<void> {
    await Promise.all([this.engine.close(), this.renderer.close()]);
  }
}
