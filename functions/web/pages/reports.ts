/**
 * Reports: the list (filters, paging), a report's page (versions, downloads, regenerate, withdraw)
 * and the comparison of two versions.
 */
import type { Hono } from "hono";
import { html } from "hono/html";
import type { Diagnostic } from "../../report/index.js";
import type { ReportSummary, VersionView } from "../../service/use-cases.js";
import { compareReports } from "../compare.js";
import { act, noticeOf, redirectWith, render, type ConsoleContext, type ConsoleEnv, type WebDeps } from "../console.js";
import { ApiFailure, jsonOf } from "../console-api.js";
import { type Markup, csrfField, formatTime, TRIGGER_NAMES } from "../layout.js";

const PAGE_SIZE = 20;
/** API pages read at most per console page when filtering by warnings or withdrawals */
const MAX_SCANNED_PAGES = 10;

interface ListedReport extends ReportSummary {
  readonly warnings: number;
  readonly withdrawnVersions: number;
}

async function versionsOf(web: WebDeps, c: ConsoleContext, reportId: string): Promise<{ items: VersionView[]; cursor?: string }> {
  return jsonOf(await web.api.call(c.get("principal"), { method: "GET", path: `/reports/${reportId}/versions?limit=100` }));
}

async function annotate(web: WebDeps, c: ConsoleContext, report: ReportSummary): Promise<ListedReport> {
  const { items } = await versionsOf(web, c, report.reportId);
  const standing = items.find((v) => !v.withdrawn);
  return { ...report, warnings: standing?.warnings.length ?? 0, withdrawnVersions: items.filter((v) => v.withdrawn).length };
}

function filterQuery(query: Record<string, string>, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of ["year", "edition", "prefix", "warnings", "withdrawn"]) if (query[key]) params.set(key, query[key]!);
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

function listPage(c: ConsoleContext, query: Record<string, string>, items: readonly ListedReport[], cursor: string | undefined, error?: string): Response {
  const checked = (key: string) => (query[key] ? html` checked` : "");
  const selected = (value: string) => (query.edition === value ? html` selected` : "");
  const body = html`<h1>报告</h1>
<form method="get" action="/console/reports" class="filters" role="search" aria-label="筛选报告">
<div class="field"><label for="f-year">年度</label><input id="f-year" name="year" inputmode="numeric" pattern="\\d{4}" value="${query.year ?? ""}" placeholder="如 2024"></div>
<div class="field"><label for="f-edition">格式版本</label><select id="f-edition" name="edition"><option value="">全部</option><option value="2021"${selected("2021")}>2021 年版</option><option value="2019"${selected("2019")}>2019 年版</option></select></div>
<div class="field"><label for="f-prefix">报告标识开头</label><input id="f-prefix" name="prefix" value="${query.prefix ?? ""}" placeholder="如 raohe-"></div>
<div class="field check"><input type="checkbox" id="f-warnings" name="warnings" value="1"${checked("warnings")}><label for="f-warnings">有警告</label></div>
<div class="field check"><input type="checkbox" id="f-withdrawn" name="withdrawn" value="1"${checked("withdrawn")}><label for="f-withdrawn">有撤回的版本</label></div>
<div class="actions"><button type="submit" class="primary">筛选</button> <a href="/console/reports">清除</a></div>
</form>
${error ? html`<p class="notice notice-error" role="alert">${error}</p>` : ""}
${
  items.length === 0
    ? html`<p class="empty">没有符合条件的报告。</p>`
    : html`<div class="table-scroll" role="region" aria-label="报告列表" tabindex="0"><table class="data">
<caption class="visually-hidden">报告列表</caption>
<thead><tr><th scope="col">报告</th><th scope="col">机关</th><th scope="col">年度</th><th scope="col">格式</th><th scope="col">版本</th><th scope="col">最近更新</th><th scope="col">状态</th></tr></thead>
<tbody>${items.map(
        (r) => html`<tr><th scope="row"><a href="/console/reports/${r.reportId}">${r.title}</a><div class="muted mono">${r.reportId}</div></th><td>${r.agency}</td><td>${r.year}</td><td>${r.edition}</td><td>${r.latestVersion}</td><td>${formatTime(r.updatedAt)}</td>
<td>${r.warnings ? html`<span class="badge badge-warning">${r.warnings} 条警告</span> ` : ""}${r.withdrawnVersions ? html`<span class="badge badge-withdrawn">${r.withdrawnVersions} 版已撤回</span>` : ""}${!r.warnings && !r.withdrawnVersions ? html`<span class="muted">正常</span>` : ""}</td></tr>`,
      )}</tbody></table></div>`
}
<nav class="pager" aria-label="分页">${query.cursor ? html`<a href="/console/reports?${filterQuery(query)}">第一页</a>` : ""}${cursor ? html`<a href="/console/reports?${filterQuery(query, cursor)}" rel="next">下一页</a>` : ""}</nav>`;
  return render(c, { title: "报告", section: "reports", body, notice: noticeOf(c) });
}

function warningsList(warnings: readonly Diagnostic[]): Markup {
  if (warnings.length === 0) return html`<span class="muted">无</span>`;
  return html`<details><summary>${warnings.length} 条警告</summary><ul class="diagnostics">${warnings.map((w) => html`<li><span class="mono">${w.code}</span> ${w.message}</li>`)}</ul></details>`;
}

function versionRow(c: ConsoleContext, summary: ReportSummary, v: VersionView): Markup {
  const admin = c.get("principal").role === "admin";
  // the other editions the version carries (OFD; Word where offered), each by its fresh signed link
  const editions = (["ofd", "docx"] as const).flatMap((key) => {
    const url = (v as unknown as Record<string, { url?: string } | undefined>)[key]?.url;
    return url ? [{ key, url }] : [];
  });
  return html`<tr${v.withdrawn ? html` class="is-withdrawn"` : ""}>
<th scope="row">第 ${v.version} 版</th><td>${formatTime(v.createdAt)}</td><td>${TRIGGER_NAMES[v.trigger] ?? v.trigger}</td><td class="mono">${v.actor}</td><td class="mono">${v.templateVersion}</td>
<td>${warningsList(v.warnings)}</td>
<td>${v.withdrawn ? html`<span class="badge badge-withdrawn">已撤回</span><div class="reason">${formatTime(v.withdrawn.at)} · ${v.withdrawn.by}<br>原因：${v.withdrawn.reason}${v.withdrawn.purgedAt ? html`<br>文件已清除` : ""}</div>` : html`<span class="badge badge-ok">有效</span>`}</td>
<td class="row-actions">${
    v.withdrawn
      ? ""
      : html`<a href="/d/${summary.reportId}/${v.version}">下载 PDF<span class="visually-hidden">（第 ${v.version} 版）</span></a>${editions.map((e) => html` <a href="${e.url}">${e.key === "ofd" ? "OFD" : "Word"}<span class="visually-hidden">（第 ${v.version} 版）</span></a>`)}
${
  admin
    ? html`<details class="withdraw"><summary>撤回…<span class="visually-hidden">（第 ${v.version} 版）</span></summary>
<form method="post" action="/console/reports/${summary.reportId}/versions/${v.version}/withdraw" class="stack" data-confirm="确定撤回第 ${v.version} 版？撤回后公众将无法下载这个版本。">${csrfField(c.get("session").csrf)}
<label for="reason-${v.version}">撤回原因（必填，2–500 字）</label><textarea id="reason-${v.version}" name="reason" required minlength="2" maxlength="500" rows="3"></textarea>
<div class="check"><input type="checkbox" id="purge-${v.version}" name="purge" value="1"><label for="purge-${v.version}">同时删除 PDF 和源文件（不可恢复）</label></div>
<button type="submit" class="danger">撤回第 ${v.version} 版</button></form></details>`
    : ""
}`
  }</td></tr>`;
}

function detailPage(c: ConsoleContext, summary: ReportSummary, versions: readonly VersionView[]): Response {
  const admin = c.get("principal").role === "admin";
  const options = (pick: number) => versions.map((v) => html`<option value="${v.version}"${v.version === pick ? html` selected` : ""}>第 ${v.version} 版</option>`);
  const body = html`<nav class="breadcrumbs" aria-label="位置"><a href="/console/reports">报告</a> › <span aria-current="page">${summary.reportId}</span></nav>
<h1>${summary.title}</h1>
<dl class="facts"><div><dt>报告标识</dt><dd class="mono">${summary.reportId}</dd></div><div><dt>机关</dt><dd>${summary.agency}</dd></div><div><dt>年度</dt><dd>${summary.year}</dd></div><div><dt>格式版本</dt><dd>${summary.edition}</dd></div><div><dt>公开页面</dt><dd><a href="/r/${summary.reportId}">/r/${summary.reportId}</a></dd></div></dl>
<div class="toolbar"><a class="button" href="/console/editor?from=${summary.reportId}">修改并发布新版本</a>
${admin ? html`<form method="post" action="/console/reports/${summary.reportId}/regenerate" class="inline" data-confirm="用当前模板重新生成最新有效版本？">${csrfField(c.get("session").csrf)}<button type="submit">重新生成</button></form>` : ""}</div>
<h2>版本</h2>
<div class="table-scroll" role="region" aria-label="版本列表" tabindex="0"><table class="data versions"><caption class="visually-hidden">版本列表，最新在前</caption>
<thead><tr><th scope="col">版本</th><th scope="col">时间</th><th scope="col">方式</th><th scope="col">操作者</th><th scope="col">模板版本</th><th scope="col">警告</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
<tbody>${versions.map((v) => versionRow(c, summary, v))}</tbody></table></div>
${
  versions.length > 1
    ? html`<h2>比较两个版本</h2><form method="get" action="/console/reports/${summary.reportId}/compare" class="filters">
<div class="field"><label for="cmp-a">从</label><select id="cmp-a" name="a">${options(versions[1]!.version)}</select></div>
<div class="field"><label for="cmp-b">到</label><select id="cmp-b" name="b">${options(versions[0]!.version)}</select></div>
<div class="actions"><button type="submit">比较</button></div></form>`
    : ""
}`;
  return render(c, { title: summary.title, section: "reports", body, notice: noticeOf(c) });
}

async function sourceOf(web: WebDeps, c: ConsoleContext, reportId: string, n: number): Promise<unknown> {
  return jsonOf(await web.api.call(c.get("principal"), { method: "GET", path: `/reports/${reportId}/versions/${n}/source` }));
}

export function reportPages(app: Hono<ConsoleEnv>, web: WebDeps): void {
  app.get("/reports", async (c) => {
    const query = c.req.query();
    const wantWarnings = Boolean(query.warnings);
    const wantWithdrawn = Boolean(query.withdrawn);
    const items: ListedReport[] = [];
    let cursor = query.cursor || undefined;
    try {
      for (let pages = 0; pages < MAX_SCANNED_PAGES; pages++) {
        const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
        if (query.year) params.set("year", query.year);
        if (query.edition) params.set("edition", query.edition);
        if (query.prefix) params.set("prefix", query.prefix);
        if (cursor) params.set("cursor", cursor);
        const page = await jsonOf<{ items: ReportSummary[]; cursor?: string }>(await web.api.call(c.get("principal"), { method: "GET", path: `/reports?${params}` }));
        const annotated = await Promise.all(page.items.map((r) => annotate(web, c, r)));
        items.push(...annotated.filter((r) => (!wantWarnings || r.warnings > 0) && (!wantWithdrawn || r.withdrawnVersions > 0)));
        cursor = page.cursor;
        if (!cursor || items.length >= PAGE_SIZE || (!wantWarnings && !wantWithdrawn)) break;
      }
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 400) return listPage(c, query, [], undefined, error.message);
      throw error;
    }
    return listPage(c, query, items, cursor);
  });

  app.get("/reports/:reportId", async (c) => {
    const reportId = c.req.param("reportId");
    try {
      const summary = await jsonOf<ReportSummary>(await web.api.call(c.get("principal"), { method: "GET", path: `/reports/${reportId}` }));
      const { items } = await versionsOf(web, c, reportId);
      return detailPage(c, summary, items);
    } catch (error) {
      if (error instanceof ApiFailure && [400, 403, 404].includes(error.status)) return redirectWith(c, "/console/reports", { kind: "error", text: `${reportId}：${error.message}` });
      throw error;
    }
  });

  app.get("/reports/:reportId/compare", async (c) => {
    const reportId = c.req.param("reportId");
    const a = Number(c.req.query("a"));
    const b = Number(c.req.query("b"));
    const back = `/console/reports/${reportId}`;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1) return redirectWith(c, back, { kind: "error", text: "请选择两个版本" });
    return act(c, back, async () => {
      const [before, after] = await Promise.all([sourceOf(web, c, reportId, a), sourceOf(web, c, reportId, b)]);
      const changes = compareReports(before, after);
      const body = html`<nav class="breadcrumbs" aria-label="位置"><a href="/console/reports">报告</a> › <a href="${back}">${reportId}</a> › <span aria-current="page">比较</span></nav>
<h1>第 ${a} 版 → 第 ${b} 版</h1>
${
  changes.length === 0
    ? html`<p class="empty">两个版本的内容相同（可能只是模板不同）。</p>`
    : html`<p>共 ${changes.length} 处不同。</p><ul class="changes">${changes.map((ch) =>
        ch.kind === "figure"
          ? html`<li class="change-figure"><span class="change-label">${ch.label}</span>：<del>${ch.before ?? "（无）"}</del> → <ins>${ch.after ?? "（无）"}</ins></li>`
          : html`<li class="change-text"><span class="change-label">${ch.label}</span><div class="before"><span class="visually-hidden">原文：</span><del>${ch.before ?? "（无）"}</del></div><div class="after"><span class="visually-hidden">新文：</span><ins>${ch.after ?? "（无）"}</ins></div></li>`,
      )}</ul>`
}`;
      return render(c, { title: `比较 ${reportId}`, section: "reports", body });
    });
  });

  app.post("/reports/:reportId/regenerate", async (c) => {
    const reportId = c.req.param("reportId");
    const back = `/console/reports/${reportId}`;
    return act(c, back, async () => {
      const version = await jsonOf<VersionView>(await web.api.call(c.get("principal"), { method: "POST", path: `/reports/${reportId}/regenerate` }));
      return redirectWith(c, back, { kind: "success", text: `已重新生成：第 ${version.version} 版` });
    });
  });

  app.post("/reports/:reportId/versions/:n/withdraw", async (c) => {
    const reportId = c.req.param("reportId");
    const n = c.req.param("n");
    const back = `/console/reports/${reportId}`;
    const form = await c.req.parseBody();
    const reason = typeof form.reason === "string" ? form.reason.trim() : "";
    if (reason.length < 2) return redirectWith(c, back, { kind: "error", text: "撤回须写明原因（2–500 字）" });
    return act(c, back, async () => {
      const body = JSON.stringify({ reason, ...(form.purge ? { purge: true } : {}) });
      await jsonOf(await web.api.call(c.get("principal"), { method: "POST", path: `/reports/${reportId}/versions/${n}/withdraw`, body, contentType: "application/json" }));
      return redirectWith(c, back, { kind: "success", text: `第 ${n} 版已撤回` });
    });
  });
}
