// The console's one script (no framework, no build): every page works without it; with it, forms
// ask before destructive actions, the editor validates as you type and shows each finding at its
// cell, and a bulk job's progress bar follows the job. Text from the service is only ever set as
// text (textContent), never as markup.
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

// Destructive actions ask first.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// ---- the editor -------------------------------------------------------------------------------

/** RFC 6901 pointer → tokens */
const tokens = (path) => path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));

function setAt(root, path, value) {
  const keys = tokens(path);
  let node = root;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = value;
      return;
    }
    if (node[key] === null || typeof node[key] !== "object") node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key];
  });
}

/** The report the form describes: the same rules as functions/web/editor-model.ts (reportFromForm). */
function reportOf(form) {
  const report = JSON.parse(form.elements.base.value);
  for (const field of form.elements) {
    const match = /^([ntop]):(\/.*)$/.exec(field.name ?? "");
    if (!match) continue;
    const [, kind, path] = match;
    const raw = field.value;
    if (kind === "n") setAt(report, path, /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw.trim());
    else if (kind === "t") setAt(report, path, raw.trim());
    else if (kind === "o") setAt(report, path, raw.trim() || undefined);
    else setAt(report, path, raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean));
  }
  return report;
}

const KIND_NAMES = { error: "错误", warning: "警告", note: "提示" };

function showFindings(form, findings, notes) {
  const fields = [...form.querySelectorAll("[data-path]")];
  const byPath = new Map(fields.map((f) => [f.dataset.path, f]));
  for (const field of fields) {
    field.classList.remove("has-error", "has-warning", "has-note");
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  }
  const list = document.getElementById("findings-list");
  const summary = document.getElementById("findings-summary");
  list.replaceChildren();
  const all = [...findings, ...notes];
  all.forEach((finding, i) => {
    const id = `d${i + 1}`;
    // the field whose pointer is the longest prefix of the finding's path
    let anchor;
    for (const [path, field] of byPath) {
      if ((finding.path === path || finding.path.startsWith(`${path}/`)) && (!anchor || path.length > anchor.dataset.path.length)) anchor = field;
    }
    const item = document.createElement("li");
    item.id = id;
    item.className = `finding-${finding.kind}`;
    const badge = document.createElement("span");
    badge.className = `badge badge-${finding.kind}`;
    badge.textContent = KIND_NAMES[finding.kind];
    item.append(badge, " ");
    if (anchor) {
      const link = document.createElement("a");
      link.href = `#${anchor.id}`;
      link.textContent = finding.text;
      item.append(link);
      if (!anchor.classList.contains("has-error")) {
        anchor.classList.remove("has-warning", "has-note");
        anchor.classList.add(`has-${finding.kind}`);
      }
      if (finding.kind === "error") anchor.setAttribute("aria-invalid", "true");
      anchor.setAttribute("aria-describedby", `${anchor.getAttribute("aria-describedby") ?? ""} ${id}`.trim());
      anchor.title = finding.text;
    } else {
      item.append(finding.text);
    }
    list.append(item);
  });
  const errors = findings.filter((f) => f.kind === "error").length;
  summary.className = errors ? "summary-error" : "summary-ok";
  summary.textContent = all.length === 0 ? "校验通过，没有错误或警告。" : `${errors} 个错误，${all.length - errors} 条警告或提示。`;
}

function startEditor(form) {
  // the importer's notes stay until the page is left: they are about the file, not the figures
  const notes = [...document.querySelectorAll("#findings-list li.finding-note")].map((li) => {
    const link = li.querySelector("a");
    const field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
    return { kind: "note", path: field?.dataset.path ?? "", text: (link ?? li).textContent.replace(/^提示\s*/, "") };
  });
  let timer;
  let sequence = 0;
  form.dataset.pending = "1";
  const validate = async () => {
    const mine = ++sequence;
    let report;
    try {
      report = reportOf(form);
    } catch {
      return;
    }
    const response = await fetch(form.dataset.validate, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf() },
      body: JSON.stringify(report),
      credentials: "same-origin",
    });
    if (mine !== sequence) return; // a newer keystroke's answer will come
    if (response.status === 401) {
      document.getElementById("findings-summary").textContent = "会话已结束，请重新登录后再校验。";
      return;
    }
    if (!response.ok) return;
    const result = await response.json();
    const findings = [...result.errors, ...result.warnings].map((d) => ({ kind: d.severity === "error" ? "error" : "warning", path: d.path, text: `${d.code}：${d.message}` }));
    showFindings(form, findings, notes);
    if (mine === sequence) form.dataset.pending = "0";
  };
  form.addEventListener("input", () => {
    // "1" from a keystroke until the findings shown are those of what the form now says
    form.dataset.pending = "1";
    clearTimeout(timer);
    timer = setTimeout(validate, 350);
  });
  validate();
}

// ---- a bulk job's progress --------------------------------------------------------------------

function followJob(box) {
  const jobId = box.dataset.job;
  const bar = document.getElementById("job-progress");
  const percentText = document.getElementById("job-percent");
  const counts = document.getElementById("job-counts");
  const status = document.getElementById("job-status");
  const failures = document.getElementById("job-failures");
  for (const hint of box.querySelectorAll(".no-script")) hint.hidden = true;
  const STATUS = { planning: "正在列出报告", running: "进行中", completed: "已完成" };
  const poll = async () => {
    const response = await fetch(`/console/api/regenerations/${encodeURIComponent(jobId)}`, { credentials: "same-origin" });
    if (!response.ok) return setTimeout(poll, 2000);
    const job = await response.json();
    const done = job.succeeded + job.failed;
    const percent = job.total > 0 ? Math.floor((done / job.total) * 100) : job.status === "completed" ? 100 : 0;
    bar.value = percent;
    bar.textContent = `${percent}%`;
    percentText.textContent = `${percent}%`;
    counts.textContent = `共 ${job.total} 份，成功 ${job.succeeded} 份，失败 ${job.failed} 份`;
    status.textContent = STATUS[job.status] ?? job.status;
    status.className = `badge ${job.status === "completed" ? "badge-ok" : "badge-running"}`;
    failures.replaceChildren();
    for (const failure of job.failures) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `/console/reports/${encodeURIComponent(failure.reportId)}`;
      link.className = "mono";
      link.textContent = failure.reportId;
      item.append(link, `：${failure.reason}`);
      failures.append(item);
    }
    if (job.failures.length === 0) {
      const item = document.createElement("li");
      item.className = "muted";
      item.textContent = "无";
      failures.append(item);
    }
    box.dataset.status = job.status;
    if (job.status !== "completed") setTimeout(poll, 700);
  };
  if (box.dataset.status !== "completed") poll();
}

document.addEventListener("DOMContentLoaded", () => {
  const editor = document.getElementById("editor");
  if (editor) startEditor(editor);
  const job = document.getElementById("job");
  if (job) followJob(job);
});
