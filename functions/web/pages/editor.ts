/**
 * The editor: a report in the official table layout with an input in every cell and the text
 * around it, the validator's findings at the cell they point at (here when the page is drawn, and
 * live as one types through the console's script), a draft preview, and publish. It starts empty
 * for an edition, from a report's latest version, or from an imported DOCX/PDF/HTML file.
 */
import type { Hono } from "hono";
import { html, raw } from "hono/html";
import { isEditionId } from "../../report/editions/index.js";
import { EDITIONS, type Diagnostic, type Edition, type NormalizedReport } from "../../report/index.js";
import { describePath } from "../../report/labels.js";
import { buildReportView, type Cell } from "../../render/view-model.js";
import type { ReportSummary, VersionView } from "../../service/use-cases.js";
import { figureLabel } from "../compare.js";
import { noticeOf, redirectWith, render, type ConsoleContext, type ConsoleEnv, type WebDeps } from "../console.js";
import { ApiFailure, jsonOf } from "../console-api.js";
import { completeReport, reportFromForm } from "../editor-model.js";
import { type Markup, csrfField } from "../layout.js";
import { tableMarkup } from "../report-html.js";

/** An importer's note: what it could not read for sure, at a place in the report. */
export interface ImportNote {
  readonly path: string;
  readonly message: string;
  readonly confidence?: number;
}

interface Finding {
  readonly id: string;
  readonly path: string;
  readonly kind: "error" | "warning" | "note";
  readonly text: string;
}

interface EditorState {
  readonly report: Record<string, unknown>;
  readonly reportId?: string;
  /** the report already exists: its id is fixed */
  readonly existing?: boolean;
  readonly diagnostics?: readonly Diagnostic[];
  readonly notes?: readonly ImportNote[];
  readonly origin: string;
}

const IMPORT_TYPES: Readonly<Record<string, string>> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html",
  htm: "text/html",
};

export function fieldId(path: string): string {
  return `f${path.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** The editor's field a finding belongs to: the one whose pointer is the longest prefix of its path. */
function anchorOf(path: string, fields: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const field of fields) if ((path === field || path.startsWith(`${field}/`)) && (!best || field.length > best.length)) best = field;
  return best;
}

function findingsOf(state: EditorState): Finding[] {
  const findings: Finding[] = [];
  for (const d of state.diagnostics ?? []) findings.push({ id: `d${findings.length + 1}`, path: d.path, kind: d.severity === "error" ? "error" : "warning", text: `${d.code}：${d.message}` });
  for (const n of state.notes ?? []) findings.push({ id: `d${findings.length + 1}`, path: n.path, kind: "note", text: `导入提示：${n.message}` });
  return findings;
}

const KIND_NAMES = { error: "错误", warning: "警告", note: "提示" } as const;

function fieldAttrs(path: string, at: ReadonlyMap<string, Finding[]>): Markup {
  const found = at.get(path) ?? [];
  const worst = found.find((f) => f.kind === "error") ?? found.find((f) => f.kind === "warning") ?? found[0];
  return html` id="${fieldId(path)}" data-path="${path}"${worst ? html` class="has-${worst.kind}"` : ""}${found.some((f) => f.kind === "error") ? html` aria-invalid="true"` : ""}${found.length ? html` aria-describedby="${found.map((f) => f.id).join(" ")}"` : ""}`;
}

function textField(label: string, path: string, value: unknown, at: ReadonlyMap<string, Finding[]>, kind: "t" | "o" = "t", type = "text"): Markup {
  return html`<div class="field"><label for="${fieldId(path)}">${label}</label><input type="${type}" name="${kind}:${path}" value="${String(value ?? "")}"${fieldAttrs(path, at)}></div>`;
}

function paragraphsField(label: string, path: string, value: unknown, at: ReadonlyMap<string, Finding[]>): Markup {
  const text = Array.isArray(value) ? value.join("\n") : "";
  return html`<div class="field"><label for="${fieldId(path)}">${label}<span class="hint">（每段一行）</span></label><textarea name="p:${path}" rows="${Math.min(12, Math.max(3, (Array.isArray(value) ? value.length : 0) * 3))}"${fieldAttrs(path, at)}>${text}</textarea></div>`;
}

function sectionText(key: string, value: unknown, at: ReadonlyMap<string, Finding[]>): Markup {
  if (Array.isArray(value)) return paragraphsField("正文", `/${key}`, value, at);
  const body = (value ?? {}) as { paragraphs?: string[]; subsections?: { heading: string; paragraphs: string[] }[] };
  return html`${paragraphsField("正文", `/${key}/paragraphs`, body.paragraphs ?? [], at)}
${(body.subsections ?? []).map((s, i) => html`<div class="subsection">${textField(`第 ${i + 1} 节小标题`, `/${key}/subsections/${i}/heading`, s.heading, at)}${paragraphsField(`第 ${i + 1} 节正文`, `/${key}/subsections/${i}/paragraphs`, s.paragraphs, at)}</div>`)}`;
}

function editorPage(c: ConsoleContext, state: EditorState, status = 200): Response {
  const report = completeReport(state.report);
  const edition: Edition = EDITIONS[isEditionId(report.edition) ? report.edition : "2021"];
  const view = buildReportView(report as unknown as NormalizedReport);
  const findings = findingsOf(state);
  // every field of the form, so each finding lands at its field (or in the list only)
  const fields: string[] = ["/title", "/agency/name", "/year", "/publishedAt", "/preamble", "/closing/signatory", "/closing/date"];
  for (const section of view.sections) {
    for (const row of section.table ? [...section.table.head, ...section.table.bodies.flat()] : []) for (const cell of row) if (cell.path) fields.push(cell.path);
  }
  const sectionKeys = edition.sections.map((s) => s.key);
  for (const key of sectionKeys) fields.push(`/${key}`, `/sectionIntros/${key}`);
  const at = new Map<string, Finding[]>();
  const listed = findings.map((f) => ({ ...f, anchor: anchorOf(f.path, fields) }));
  for (const f of listed) if (f.anchor) at.set(f.anchor, [...(at.get(f.anchor) ?? []), f]);
  const errors = findings.filter((f) => f.kind === "error").length;
  const figure = (cell: Cell) => {
    const path = cell.path!;
    const value = String(path.split("/").slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], report) ?? "");
    return html`<input class="cell" name="n:${path}" value="${value}" inputmode="numeric" autocomplete="off" aria-label="${figureLabel(edition, path) ?? describePath(edition, path)}"${fieldAttrs(path, at)}>`;
  };
  const intros = (report.sectionIntros ?? {}) as Record<string, unknown>;
  const body = html`<h1>${state.existing ? html`修改报告 <span class="mono">${state.reportId}</span>` : "填报新报告"}</h1>
<p class="lead">${edition.formatName}。表格按官方格式排列，每个单元格都可以填写；校验结果显示在对应的单元格旁。</p>
<form method="post" action="/console/editor/publish" id="editor" class="editor" data-validate="/console/api/validate">
${csrfField(c.get("session").csrf)}
<input type="hidden" name="base" value="${JSON.stringify(report)}">
<input type="hidden" name="origin" value="${state.origin}">
<section id="findings" class="findings" aria-labelledby="findings-title" aria-live="polite">
<h2 id="findings-title">校验结果</h2>
<p id="findings-summary" class="${errors ? "summary-error" : "summary-ok"}">${findings.length === 0 ? (state.diagnostics ? "校验通过，没有错误或警告。" : "尚未校验。") : `${errors} 个错误，${findings.length - errors} 条警告或提示。`}</p>
<ol id="findings-list">${listed.map((f) => html`<li id="${f.id}" class="finding-${f.kind}"><span class="badge badge-${f.kind}">${KIND_NAMES[f.kind]}</span> ${f.anchor ? html`<a href="#${fieldId(f.anchor)}">${f.text}</a>` : f.text}</li>`)}</ol>
</section>
<fieldset class="meta"><legend>基本信息</legend>
<div class="field"><label for="reportId">报告标识（reportId）</label><input id="reportId" name="reportId" value="${state.reportId ?? ""}" required pattern="[a-z0-9][a-z0-9\\-]{2,63}"${state.existing ? raw(" readonly") : ""} aria-describedby="reportId-hint"><span class="hint" id="reportId-hint">小写字母、数字和连字符，如 yunxi-county-2024</span></div>
${textField("报告标题", "/title", report.title, at)}
${textField("机关全称", "/agency/name", (report.agency as { name?: string }).name, at)}
<div class="field"><label for="${fieldId("/year")}">统计年度</label><input name="n:/year" inputmode="numeric" value="${String(report.year)}"${fieldAttrs("/year", at)}></div>
${textField("发布日期（可空）", "/publishedAt", report.publishedAt, at, "o", "date")}
</fieldset>
<fieldset><legend>开头段落</legend>${paragraphsField("开头段落", "/preamble", report.preamble, at)}</fieldset>
${view.sections.map((section, i) => {
  const key = sectionKeys[i]!;
  return html`<fieldset class="section"><legend>${section.title}</legend>
${section.table ? html`${paragraphsField("表前说明", `/sectionIntros/${key}`, intros[key] ?? [], at)}${tableMarkup(section.table, figure)}` : sectionText(key, report[key], at)}
</fieldset>`;
})}
<fieldset><legend>落款</legend>${textField("落款单位", "/closing/signatory", (report.closing as { signatory?: string }).signatory, at)}${textField("落款日期", "/closing/date", (report.closing as { date?: string }).date, at, "o", "date")}</fieldset>
<div class="form-actions sticky">
<button type="submit" formaction="/console/editor/check">校验</button>
<button type="submit" formaction="/console/editor/preview" formtarget="_blank">预览 PDF（草稿）</button>
<button type="submit" class="primary">发布</button>
</div>
</form>`;
  return render(c, { title: state.existing ? `修改 ${state.reportId}` : "填报", section: "editor", body, notice: noticeOf(c) }, status);
}

function startPage(c: ConsoleContext, importError?: string): Response {
  const year = new Date().getFullYear() - 1;
  const body = html`<h1>填报与导入</h1>
<div class="cards">
<section class="card" aria-labelledby="start-blank"><h2 id="start-blank">从空白开始</h2>
<form method="get" action="/console/editor" class="stack"><label for="s-edition">格式版本</label><select id="s-edition" name="edition"><option value="2021">2021 年版（国办公开办函〔2021〕30号）</option><option value="2019">2019 年版（国办公开办函〔2019〕60号）</option></select>
<label for="s-year">统计年度</label><input id="s-year" name="year" inputmode="numeric" value="${year}">
<button type="submit" class="primary">开始填报</button></form></section>
<section class="card" aria-labelledby="start-latest"><h2 id="start-latest">从已发布的报告开始</h2>
<form method="get" action="/console/editor" class="stack"><label for="s-from">报告标识</label><input id="s-from" name="from" required placeholder="如 yunxi-county-2024">
<button type="submit">打开最新版本</button></form></section>
<section class="card" aria-labelledby="start-import"><h2 id="start-import">导入文件</h2>
${importError ? html`<p class="field-error" role="alert">${importError}</p>` : ""}
<form method="post" action="/console/editor/import" enctype="multipart/form-data" class="stack">${csrfField(c.get("session").csrf)}
<label for="s-file">Word（.docx）、PDF 或网页（.html）文件，最大 5 MB</label><input id="s-file" type="file" name="file" required accept=".docx,.pdf,.html,.htm">
<button type="submit">导入并填入编辑器</button></form></section>
</div>`;
  return render(c, { title: "填报与导入", section: "editor", body, notice: noticeOf(c) }, importError ? 422 : 200);
}

function formOf(body: Record<string, unknown>): { report: Record<string, unknown>; reportId: string; existing: boolean; origin: string } {
  return {
    report: reportFromForm(body),
    reportId: typeof body.reportId === "string" ? body.reportId.trim() : "",
    existing: body.origin === "existing",
    origin: typeof body.origin === "string" ? body.origin : "blank",
  };
}

export function editorPages(app: Hono<ConsoleEnv>, web: WebDeps): void {
  app.get("/editor", async (c) => {
    const from = c.req.query("from");
    const edition = c.req.query("edition");
    if (from) {
      try {
        const principal = c.get("principal");
        await jsonOf<ReportSummary>(await web.api.call(principal, { method: "GET", path: `/reports/${from}` }));
        const { items } = await jsonOf<{ items: VersionView[] }>(await web.api.call(principal, { method: "GET", path: `/reports/${from}/versions?limit=100` }));
        const standing = items.find((v) => !v.withdrawn);
        if (!standing) return redirectWith(c, `/console/reports/${from}`, { kind: "error", text: "这份报告的所有版本均已撤回，没有可修改的版本" });
        const report = await jsonOf<Record<string, unknown>>(await web.api.call(principal, { method: "GET", path: `/reports/${from}/versions/${standing.version}/source` }));
        return editorPage(c, { report, reportId: from, existing: true, origin: "existing" });
      } catch (error) {
        if (error instanceof ApiFailure) return redirectWith(c, "/console/editor", { kind: "error", text: `${from}：${error.message}` });
        throw error;
      }
    }
    if (edition) {
      if (!isEditionId(edition)) return redirectWith(c, "/console/editor", { kind: "error", text: "格式版本须为 2019 或 2021" });
      const year = Number(c.req.query("year"));
      return editorPage(c, { report: completeReport({ edition }, edition, Number.isInteger(year) && year > 2007 ? year : undefined), origin: "blank" });
    }
    return startPage(c);
  });

  app.post("/editor/import", async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return startPage(c, "请选择要导入的文件");
    const type = IMPORT_TYPES[file.name.split(".").pop()?.toLowerCase() ?? ""] ?? file.type;
    const response = await web.api.call(c.get("principal"), { method: "POST", path: "/import", body: new Uint8Array(await file.arrayBuffer()), contentType: type });
    if (response.status === 404) return startPage(c, "本服务尚未启用导入功能");
    try {
      const imported = await jsonOf<{ report: Record<string, unknown>; notes: ImportNote[]; validation: { errors: Diagnostic[]; warnings: Diagnostic[] } }>(response);
      const agency = (imported.report.agency as { code?: string } | undefined)?.code;
      return editorPage(c, {
        report: imported.report,
        ...(agency ? { reportId: `${agency}-${String(imported.report.year ?? "")}`.replace(/[^a-z0-9-]/g, "") } : {}),
        diagnostics: [...imported.validation.errors, ...imported.validation.warnings],
        notes: imported.notes,
        origin: "import",
      });
    } catch (error) {
      if (error instanceof ApiFailure) return startPage(c, `无法导入：${error.message}`);
      throw error;
    }
  });

  async function validated(c: ConsoleContext, report: unknown): Promise<{ valid: boolean; errors: Diagnostic[]; warnings: Diagnostic[] }> {
    return jsonOf(await web.api.call(c.get("principal"), { method: "POST", path: "/validate", body: JSON.stringify(report), contentType: "application/json" }));
  }

  app.post("/editor/check", async (c) => {
    const form = formOf(await c.req.parseBody());
    const result = await validated(c, form.report);
    return editorPage(c, { ...form, diagnostics: [...result.errors, ...result.warnings] }, result.valid ? 200 : 422);
  });

  app.post("/editor/preview", async (c) => {
    const form = formOf(await c.req.parseBody());
    const response = await web.api.call(c.get("principal"), { method: "POST", path: "/preview", body: JSON.stringify(form.report), contentType: "application/json" });
    if (response.ok) return c.body(await response.arrayBuffer(), 200, { "Content-Type": "application/pdf", "Content-Disposition": 'inline; filename="preview.pdf"', "Cache-Control": "no-store" });
    try {
      await jsonOf(response);
      throw new Error("unreachable");
    } catch (error) {
      if (error instanceof ApiFailure) return editorPage(c, { ...form, diagnostics: error.diagnostics as Diagnostic[] }, error.status);
      throw error;
    }
  });

  app.post("/editor/publish", async (c) => {
    const form = formOf(await c.req.parseBody());
    if (!/^[a-z0-9][a-z0-9-]{2,63}$/.test(form.reportId)) {
      return editorPage(c, { ...form, diagnostics: [{ code: "schema", severity: "error", path: "/reportId", message: "报告标识须为 3–64 个小写字母、数字或连字符，以字母或数字开头" }] }, 422);
    }
    const response = await web.api.call(c.get("principal"), { method: "PUT", path: `/reports/${form.reportId}`, body: JSON.stringify(form.report), contentType: "application/json" });
    try {
      const version = await jsonOf<VersionView>(response);
      const text = response.status === 201 ? `已发布第 ${version.version} 版` : `内容未变，仍为第 ${version.version} 版`;
      return redirectWith(c, `/console/reports/${form.reportId}`, { kind: "success", text });
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 422) return editorPage(c, { ...form, diagnostics: error.diagnostics as Diagnostic[] }, 422);
      if (error instanceof ApiFailure) return editorPage(c, { ...form, diagnostics: [{ code: "schema", severity: "error", path: "", message: error.message }] }, error.status);
      throw error;
    }
  });

  app.post("/api/validate", async (c) => {
    let report: unknown;
    try {
      report = await c.req.json();
    } catch {
      return c.json({ error: { code: "invalid_json", message: "请求体不是有效的 JSON" }, diagnostics: [] }, 400);
    }
    const result = await validated(c, report);
    return c.json({ valid: result.valid, errors: result.errors, warnings: result.warnings }, 200, { "Cache-Control": "no-store" });
  });
}
