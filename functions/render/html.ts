/**
 * Report → HTML with the Handlebars templates of the repository.
 *
 * Templates are compiled once per process from the files in templates/, never from request data;
 * every value is inserted with {{…}}, which escapes it, so report text can only ever be text.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { NormalizedReport } from "../report/index.js";
import { buildReportView, type ReportView, type TableView } from "./view-model.js";

import { join } from "node:path";
import { TEMPLATES_DIR } from "./paths.js";

const TEMPLATE_FILES = ["report.hbs", "table.hbs", "report.css"] as const;

/** The private origin the page's styles and fonts come from; the browser never resolves it. */
export const ASSET_ORIGIN = "https://assets.local";

function readTemplate(name: (typeof TEMPLATE_FILES)[number]): string {
  return readFileSync(join(TEMPLATES_DIR, name), "utf8");
}

/** 2025-03-20 → 2025年3月20日 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

interface CompiledTemplates {
  readonly report: Handlebars.TemplateDelegate;
  readonly table: Handlebars.TemplateDelegate;
  readonly css: string;
  /** hash of the template files: changes whenever the output can */
  readonly digest: string;
}

let compiled: CompiledTemplates | undefined;

export function templates(): CompiledTemplates {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  const options: CompileOptions = { knownHelpers: { chineseDate: true }, knownHelpersOnly: true, noEscape: false };
  hb.registerHelper("chineseDate", (date: unknown) => chineseDate(String(date)));
  const table = hb.compile(readTemplate("table.hbs"), options);
  hb.registerPartial("table", table);
  const hash = createHash("sha256");
  for (const name of TEMPLATE_FILES) hash.update(name).update("\0").update(readTemplate(name)).update("\0");
  compiled = { report: hb.compile(readTemplate("report.hbs"), options), table, css: readTemplate("report.css"), digest: hash.digest("hex").slice(0, 12) };
  return compiled;
}

export interface HtmlOptions {
  readonly draft?: boolean;
  readonly templateVersion: string;
}

export function renderHtml(report: NormalizedReport, options: HtmlOptions): string {
  return renderReport(report, options).html;
}

/** The report's HTML and the view it was printed from (the pagination pass re-prints parts of it). */
export function renderReport(report: NormalizedReport, options: HtmlOptions): { html: string; view: ReportView } {
  const view = buildReportView(report, { draft: options.draft === true });
  return { html: templates().report({ ...view, assetBase: ASSET_ORIGIN, templateVersion: options.templateVersion }), view };
}

/** The HTML of tables, as the report template prints them. */
export function renderTables(tables: readonly TableView[]): string {
  return tables.map((table) => templates().table(table)).join("");
}
