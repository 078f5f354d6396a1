/**
 * A report as accessible HTML: the print template's view model (functions/render/view-model.ts)
 * written out with real headings, paragraphs and tables whose header cells say what they head
 * (th with scope). The citizens' page shows the figures; the console's editor puts an input in
 * each figure's cell (`figure`), so both follow the official layout the PDF prints.
 */
import { html } from "hono/html";
import type { Markup } from "./layout.js";
import type { Cell, ReportView, SectionView, TableView } from "../render/view-model.js";

type Figure = (cell: Cell) => Markup | string;

const TABLE_CAPTIONS: Readonly<Record<TableView["name"], string>> = {
  proactive: "主动公开政府信息情况",
  applications: "收到和处理政府信息公开申请情况",
  reviewLitigation: "政府信息公开行政复议、行政诉讼情况",
};

function spans(cell: Cell): Markup {
  return html`${cell.rowspan && cell.rowspan > 1 ? html` rowspan="${cell.rowspan}"` : ""}${cell.colspan && cell.colspan > 1 ? html` colspan="${cell.colspan}"` : ""}`;
}

function cellMarkup(cell: Cell, figure: Figure): Markup {
  switch (cell.kind) {
    case "number":
      return html`<td class="figure"${spans(cell)}>${figure(cell)}</td>`;
    case "label":
      return html`<th scope="row" class="row-label"${spans(cell)}>${cell.text}</th>`;
    case "group":
      return html`<th scope="colgroup" class="group"${spans(cell)}>${cell.text}</th>`;
    default:
      return html`<th scope="col" class="${cell.kind}"${spans(cell)}>${cell.text}</th>`;
  }
}

export function tableMarkup(table: TableView, figure: Figure = (cell) => cell.text): Markup {
  return html`<div class="table-scroll" role="region" aria-label="${TABLE_CAPTIONS[table.name]}" tabindex="0"><table class="report-table table-${table.name}">
<caption>${TABLE_CAPTIONS[table.name]}</caption>
${table.head.length ? html`<thead>${table.head.map((row) => html`<tr>${row.map((cell) => cellMarkup(cell, figure))}</tr>`)}</thead>` : ""}
${table.bodies.map((body) => html`<tbody>${body.map((row) => html`<tr>${row.map((cell) => cellMarkup(cell, figure))}</tr>`)}</tbody>`)}
</table></div>`;
}

function sectionMarkup(section: SectionView): Markup {
  return html`<section id="${section.id}" aria-labelledby="${section.id}-title"><h2 id="${section.id}-title">${section.title}</h2>
${section.paragraphs.map((p) => html`<p>${p}</p>`)}
${section.subsections.map((s) => html`<h3>${s.heading}</h3>${s.paragraphs.map((p) => html`<p>${p}</p>`)}`)}
${section.table ? tableMarkup(section.table) : ""}
</section>`;
}

/** The report's body: preamble, the six sections, the closing (the title is the page's h1). */
export function reportBodyMarkup(view: ReportView): Markup {
  return html`<div class="report-body">
${view.preamble.map((p) => html`<p>${p}</p>`)}
${view.sections.map(sectionMarkup)}
${view.closing ? html`<p class="closing">${view.closing.signatoryLines.map((line) => line.join("")).join("")}${view.closing.date ? html`<br>${view.closing.date}` : ""}</p>` : ""}
</div>`;
}
