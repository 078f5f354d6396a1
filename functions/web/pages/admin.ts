/** For admins: bulk regeneration with its progress, tokens (issue, list, revoke), the audit trail. */
import type { Hono } from "hono";
import { html } from "hono/html";
import type { JobStatus } from "../../service/job-status.js";
import type { TokenView } from "../../service/tokens.js";
import type { AuditEntry } from "../../store/ports.js";
import { AUDIT_ACTIONS } from "../../store/ports.js";
import { act, noticeOf, redirectWith, render, type ConsoleContext, type ConsoleEnv, type WebDeps } from "../console.js";
import { ApiFailure, jsonOf } from "../console-api.js";
import { csrfField, formatTime, ROLE_NAMES } from "../layout.js";

const ACTION_NAMES: Readonly<Record<string, string>> = {
  publish: "发布",
  regenerate: "重新生成",
  "bulk.start": "批量任务开始",
  "bulk.finish": "批量任务结束",
  withdraw: "撤回",
  "token.create": "签发令牌",
  "token.revoke": "撤销令牌",
  refused: "拒绝访问",
};
const OUTCOME_NAMES: Readonly<Record<string, string>> = { success: "成功", unchanged: "无变化", failure: "失败", refused: "拒绝" };
const STATUS_NAMES: Readonly<Record<string, string>> = { planning: "正在列出报告", running: "进行中", completed: "已完成" };

function adminOnly(c: ConsoleContext): Response | undefined {
  if (c.get("principal").role === "admin") return undefined;
  return render(c, { title: "需要管理员令牌", body: html`<h1>需要管理员令牌</h1><p>这一页只对管理员开放。</p>` }, 403);
}

function jobMarkup(job: JobStatus): ReturnType<typeof html> {
  const done = job.succeeded + job.failed;
  const percent = job.total > 0 ? Math.floor((done / job.total) * 100) : job.status === "completed" ? 100 : 0;
  return html`<div class="job" id="job" data-job="${job.jobId}" data-status="${job.status}">
<p><span class="badge ${job.status === "completed" ? "badge-ok" : "badge-running"}" id="job-status">${STATUS_NAMES[job.status] ?? job.status}</span>
 <span id="job-counts">共 ${job.total} 份，成功 ${job.succeeded} 份，失败 ${job.failed} 份</span></p>
<label for="job-progress" class="visually-hidden">进度</label><progress id="job-progress" max="100" value="${percent}">${percent}%</progress> <span id="job-percent" aria-live="polite">${percent}%</span>
<h2>失败的报告</h2>
<ul id="job-failures" class="diagnostics">${job.failures.length ? job.failures.map((f) => html`<li><a href="/console/reports/${f.reportId}" class="mono">${f.reportId}</a>：${f.reason}</li>`) : html`<li class="muted">无</li>`}</ul>
${job.status !== "completed" ? html`<p class="no-script"><a href="/console/regenerations/${job.jobId}">刷新进度</a></p>` : ""}
</div>`;
}

export function adminPages(app: Hono<ConsoleEnv>, web: WebDeps): void {
  app.get("/regenerations", (c) => {
    const body = html`<h1>批量重新生成</h1>
<p class="lead">用当前模板重新生成所有符合条件的报告（在你的令牌范围内）。每份报告生成一个新版本，已撤回的版本不受影响。</p>
<form method="post" action="/console/regenerations" class="filters" data-confirm="确定开始批量重新生成？">${csrfField(c.get("session").csrf)}
<div class="field"><label for="r-year">年度</label><input id="r-year" name="year" inputmode="numeric" placeholder="全部"></div>
<div class="field"><label for="r-edition">格式版本</label><select id="r-edition" name="edition"><option value="">全部</option><option value="2021">2021 年版</option><option value="2019">2019 年版</option></select></div>
<div class="field"><label for="r-prefix">报告标识开头</label><input id="r-prefix" name="prefix" placeholder="全部"></div>
<div class="actions"><button type="submit" class="primary">开始</button></div></form>`;
    return adminOnly(c) ?? render(c, { title: "批量重新生成", section: "regenerations", body, notice: noticeOf(c) });
  });

  app.post("/regenerations", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const form = await c.req.parseBody();
    const filter: Record<string, unknown> = {};
    if (typeof form.year === "string" && form.year.trim()) filter.year = Number(form.year.trim());
    if (typeof form.edition === "string" && form.edition) filter.edition = form.edition;
    if (typeof form.prefix === "string" && form.prefix.trim()) filter.reportIdPrefix = form.prefix.trim();
    return act(c, "/console/regenerations", async () => {
      const { jobId } = await jsonOf<{ jobId: string }>(await web.api.call(c.get("principal"), { method: "POST", path: "/regenerations", body: JSON.stringify(filter), contentType: "application/json" }));
      return redirectWith(c, `/console/regenerations/${jobId}`);
    });
  });

  app.get("/regenerations/:jobId", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    return act(c, "/console/regenerations", async () => {
      const job = await jsonOf<JobStatus>(await web.api.call(c.get("principal"), { method: "GET", path: `/regenerations/${c.req.param("jobId")}` }));
      const body = html`<nav class="breadcrumbs" aria-label="位置"><a href="/console/regenerations">批量重新生成</a> › <span aria-current="page">任务</span></nav>
<h1>批量重新生成任务</h1><p class="muted mono">${job.jobId} · 开始于 ${formatTime(job.createdAt)}</p>${jobMarkup(job)}`;
      return render(c, { title: "批量重新生成任务", section: "regenerations", body });
    });
  });

  // the progress bar's source: the job's status as the API gives it
  app.get("/api/regenerations/:jobId", async (c) => {
    const response = await web.api.call(c.get("principal"), { method: "GET", path: `/regenerations/${c.req.param("jobId")}` });
    return c.body(await response.text(), response.status as never, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  });

  app.get("/tokens", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const { items } = await jsonOf<{ items: TokenView[] }>(await web.api.call(c.get("principal"), { method: "GET", path: "/tokens" }));
    const csrf = c.get("session").csrf;
    const body = html`<h1>令牌</h1>
<section aria-labelledby="new-token"><h2 id="new-token">签发令牌</h2>
<form method="post" action="/console/tokens" class="filters">${csrfField(csrf)}
<div class="field"><label for="t-label">说明</label><input id="t-label" name="label" required maxlength="100" placeholder="如 某县门户"></div>
<div class="field"><label for="t-role">角色</label><select id="t-role" name="role"><option value="portal">门户</option><option value="admin">管理员</option></select></div>
<div class="field"><label for="t-scopes">范围</label><input id="t-scopes" name="scopes" required placeholder="如 raohe-*（多个以空格分隔）"></div>
<div class="field"><label for="t-days">有效天数（可空）</label><input id="t-days" name="expiresInDays" inputmode="numeric" placeholder="永久"></div>
<div class="actions"><button type="submit" class="primary">签发</button></div></form></section>
<h2>已签发的令牌</h2>
<div class="table-scroll" role="region" aria-label="令牌列表" tabindex="0"><table class="data"><caption class="visually-hidden">令牌列表</caption>
<thead><tr><th scope="col">令牌</th><th scope="col">说明</th><th scope="col">角色</th><th scope="col">范围</th><th scope="col">签发</th><th scope="col">到期</th><th scope="col">最近使用</th><th scope="col">状态</th></tr></thead>
<tbody>${items.map(
      (t) => html`<tr${t.revokedAt ? html` class="is-withdrawn"` : ""}><th scope="row" class="mono">${t.tokenId}</th><td>${t.label ?? ""}</td><td>${ROLE_NAMES[t.role] ?? t.role}</td><td class="mono">${t.scopes.join(" ")}</td><td>${formatTime(t.createdAt)}</td><td>${t.expiresAt ? formatTime(t.expiresAt) : "永久"}</td><td>${formatTime(t.lastUsedAt)}</td>
<td>${t.revokedAt ? html`<span class="badge badge-withdrawn">已撤销</span> ${formatTime(t.revokedAt)}` : t.tokenId === c.get("principal").id ? html`<span class="badge badge-ok">当前登录</span>` : html`<form method="post" action="/console/tokens/${t.tokenId}/revoke" class="inline" data-confirm="确定撤销令牌 ${t.tokenId}（${t.label ?? ""}）？撤销后立即失效。">${csrfField(csrf)}<button type="submit" class="danger">撤销<span class="visually-hidden"> ${t.tokenId}</span></button></form>`}</td></tr>`,
    )}</tbody></table></div>`;
    return render(c, { title: "令牌", section: "tokens", body, notice: noticeOf(c) });
  });

  app.post("/tokens", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const form = await c.req.parseBody();
    const days = typeof form.expiresInDays === "string" && form.expiresInDays.trim() ? Number(form.expiresInDays.trim()) : undefined;
    const request = {
      role: form.role,
      label: typeof form.label === "string" ? form.label.trim() : "",
      scopes: typeof form.scopes === "string" ? form.scopes.split(/[\s,，]+/).filter(Boolean) : [],
      ...(days !== undefined ? { expiresInDays: days } : {}),
    };
    return act(c, "/console/tokens", async () => {
      const created = await jsonOf<{ tokenId: string; token: string; role: string; scopes: string[]; label: string; expiresAt?: string }>(
        await web.api.call(c.get("principal"), { method: "POST", path: "/tokens", body: JSON.stringify(request), contentType: "application/json" }),
      );
      // the secret is shown on this answer only: never in a URL, a redirect or the page after it
      const body = html`<h1>令牌已签发</h1>
<div class="notice notice-warning" role="alert"><p>请立即复制并妥善交给使用者。<strong>这个令牌只显示这一次</strong>，服务只保存它的摘要，无法再次查看。</p></div>
<dl class="facts"><div><dt>令牌编号</dt><dd class="mono">${created.tokenId}</dd></div><div><dt>说明</dt><dd>${created.label}</dd></div><div><dt>角色</dt><dd>${ROLE_NAMES[created.role] ?? created.role}</dd></div><div><dt>范围</dt><dd class="mono">${created.scopes.join(" ")}</dd></div><div><dt>到期</dt><dd>${created.expiresAt ? formatTime(created.expiresAt) : "永久"}</dd></div></dl>
<label for="secret">令牌</label><input id="secret" class="secret mono" readonly value="${created.token}">
<p><a href="/console/tokens">返回令牌列表</a></p>`;
      return render(c, { title: "令牌已签发", section: "tokens", body });
    });
  });

  app.post("/tokens/:tokenId/revoke", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const tokenId = c.req.param("tokenId");
    return act(c, "/console/tokens", async () => {
      const response = await web.api.call(c.get("principal"), { method: "DELETE", path: `/tokens/${tokenId}` });
      if (response.status !== 204) await jsonOf(response);
      return redirectWith(c, "/console/tokens", { kind: "success", text: `令牌 ${tokenId} 已撤销` });
    });
  });

  app.get("/audit", async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const query = c.req.query();
    const params = new URLSearchParams({ limit: "50" });
    for (const key of ["reportId", "actor", "action", "since", "cursor"]) if (query[key]) params.set(key, query[key]!);
    let page: { items: AuditEntry[]; cursor?: string } = { items: [] };
    let error: string | undefined;
    try {
      page = await jsonOf(await web.api.call(c.get("principal"), { method: "GET", path: `/audit?${params}` }));
    } catch (failure) {
      if (!(failure instanceof ApiFailure) || failure.status !== 400) throw failure;
      error = failure.message;
    }
    const next = new URLSearchParams(params);
    next.delete("limit");
    if (page.cursor) next.set("cursor", page.cursor);
    const body = html`<h1>审计记录</h1>
<form method="get" action="/console/audit" class="filters" role="search" aria-label="筛选审计记录">
<div class="field"><label for="a-report">报告标识</label><input id="a-report" name="reportId" value="${query.reportId ?? ""}"></div>
<div class="field"><label for="a-actor">操作者</label><input id="a-actor" name="actor" value="${query.actor ?? ""}" placeholder="如 admin:0123456789ab"></div>
<div class="field"><label for="a-action">操作</label><select id="a-action" name="action"><option value="">全部</option>${AUDIT_ACTIONS.map((a) => html`<option value="${a}"${query.action === a ? html` selected` : ""}>${ACTION_NAMES[a] ?? a}</option>`)}</select></div>
<div class="field"><label for="a-since">起始日期</label><input id="a-since" name="since" type="date" value="${query.since ?? ""}"></div>
<div class="actions"><button type="submit" class="primary">筛选</button> <a href="/console/audit">清除</a></div></form>
${error ? html`<p class="notice notice-error" role="alert">${error}</p>` : ""}
${
  page.items.length === 0
    ? html`<p class="empty">没有符合条件的记录。</p>`
    : html`<div class="table-scroll" role="region" aria-label="审计记录" tabindex="0"><table class="data"><caption class="visually-hidden">审计记录，最新在前</caption>
<thead><tr><th scope="col">时间</th><th scope="col">操作者</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">结果</th><th scope="col">详情</th></tr></thead>
<tbody>${page.items.map(
        (e) => html`<tr><th scope="row">${formatTime(e.at)}</th><td class="mono">${e.actor}</td><td>${ACTION_NAMES[e.action] ?? e.action}</td><td class="mono">${e.target}</td><td>${OUTCOME_NAMES[e.outcome] ?? e.outcome}</td><td class="detail mono">${JSON.stringify(e.detail)}</td></tr>`,
      )}</tbody></table></div>`
}
<nav class="pager" aria-label="分页">${query.cursor ? html`<a href="/console/audit?${new URLSearchParams(Object.entries(query).filter(([k]) => k !== "cursor"))}">第一页</a>` : ""}${page.cursor ? html`<a href="/console/audit?${next}" rel="next">下一页</a>` : ""}</nav>`;
    return render(c, { title: "审计记录", section: "audit", body });
  });
}
