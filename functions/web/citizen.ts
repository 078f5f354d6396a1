/**
 * The citizens' report page, /r/{reportId}: the report as accessible HTML, the download links, the
 * publish date and the version history (a withdrawn version marked 已撤回 with its reason, with no
 * link that would lead nowhere). Also the friendly pages a browser gets for an unknown or withdrawn
 * report on /r and /d. No script at all; one stylesheet; printable.
 */
import { html } from "hono/html";
import { ROUTES } from "../http/routes.js";
import { buildReportView } from "../render/view-model.js";
import type { ReportPage } from "../service/report-page.js";
import { ASSET_URLS } from "./assets.js";
import { formatDate, TRIGGER_NAMES, type Markup } from "./layout.js";
import { reportBodyMarkup } from "./report-html.js";

export const PUBLIC_PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  // a withdrawal shows at once: browsers ask again every time
  "Cache-Control": "no-cache",
};

/** The other editions a citizen may download, when the service offers them publicly. */
const EDITIONS = [
  { suffix: ".ofd", label: "OFD 版" },
  { suffix: ".docx", label: "Word 版" },
].filter((edition) => ROUTES.some((route) => route.path === `/d/{reportId}${edition.suffix}` && route.access === "public"));

function shell(title: string, body: Markup): string {
  return String(html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="${ASSET_URLS.reportCss}"></head>
<body><header class="masthead"><p>政府信息公开工作年度报告</p></header><main id="main">${body}</main>
<footer class="colophon"><p>本页由政府信息公开年度报告服务生成。报告以 PDF 版为准。</p></footer></body></html>`);
}

function history(page: ReportPage): Markup {
  return html`<section class="history" aria-labelledby="history-title"><h2 id="history-title">版本记录</h2><ol reversed>
${page.versions.map(
  (v) => html`<li${v.withdrawn ? html` class="withdrawn"` : ""}><span class="version">第 ${v.version} 版</span> <span>${formatDate(v.createdAt)} ${TRIGGER_NAMES[v.trigger] ?? v.trigger}</span>
${v.withdrawn ? html` <strong class="badge">已撤回</strong><span class="reason">（${formatDate(v.withdrawn.at)}撤回，原因：${v.withdrawn.reason}）</span>` : html` <a href="/d/${page.reportId}/${v.version}">下载 PDF<span class="visually-hidden">（第 ${v.version} 版）</span></a>`}</li>`,
)}</ol></section>`;
}

export function reportPageHtml(page: ReportPage): string {
  const standing = page.standing;
  if (!standing) {
    return shell(
      `${page.title}（已撤回）`,
      html`<h1>${page.title}</h1><div class="notice" role="status"><p>这份报告的所有版本均已撤回，目前没有可阅读或下载的版本。</p></div>${history(page)}`,
    );
  }
  const view = buildReportView(standing.report);
  const published = standing.report.publishedAt ?? standing.createdAt;
  return shell(
    page.title,
    html`<article><h1>${page.title}</h1>
<dl class="facts"><div><dt>发布机关</dt><dd>${page.agency}</dd></div><div><dt>统计年度</dt><dd>${page.year} 年</dd></div><div><dt>发布日期</dt><dd><time datetime="${published.slice(0, 10)}">${formatDate(published)}</time></dd></div><div><dt>现行版本</dt><dd>第 ${standing.version} 版</dd></div></dl>
<p class="downloads"><a class="download" href="/d/${page.reportId}">下载 PDF 版</a>${EDITIONS.map((e) => html` <a class="download secondary" href="/d/${page.reportId}${e.suffix}">下载 ${e.label}</a>`)}</p>
<nav class="toc" aria-label="目录"><h2 class="visually-hidden">目录</h2><ol>${view.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>
${reportBodyMarkup(view)}
</article>${history(page)}`,
  );
}

export function missingPageHtml(): string {
  return shell("没有找到这份报告", html`<h1>没有找到这份报告</h1><p>链接可能有误，或这份报告尚未发布。请核对网址，或到发布机关的政府信息公开专栏查找。</p>`);
}
