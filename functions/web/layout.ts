/**
 * The console's page shell and the words it shows for the service's values. Every page is built
 * with hono/html, which escapes each interpolated value: report text, reasons and labels never
 * become markup. The policy allows only the service's own stylesheet and script (no inline script,
 * no inline style), and no framing.
 */
import { html, raw } from "hono/html";
import type { Principal } from "../http/context.js";
import { ASSET_URLS } from "./assets.js";

/** what hono/html builds: escaped markup */
export type Markup = ReturnType<typeof html>;

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  // with no referrer at all, browsers send "Origin: null" on form posts, which the CSRF check refuses
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
};

export interface PageInput {
  readonly title: string;
  readonly body: Markup;
  /** absent on the sign-in page */
  readonly principal?: Principal;
  readonly csrf?: string;
  /** the navigation entry to mark as current */
  readonly section?: "reports" | "editor" | "regenerations" | "tokens" | "audit";
  /** a notice at the top: what just happened */
  readonly notice?: { readonly kind: "success" | "error"; readonly text: string };
}

const NAV: readonly { key: NonNullable<PageInput["section"]>; href: string; label: string; admin?: boolean }[] = [
  { key: "reports", href: "/console/reports", label: "报告" },
  { key: "editor", href: "/console/editor", label: "填报与导入" },
  { key: "regenerations", href: "/console/regenerations", label: "批量重新生成", admin: true },
  { key: "tokens", href: "/console/tokens", label: "令牌", admin: true },
  { key: "audit", href: "/console/audit", label: "审计记录", admin: true },
];

export const ROLE_NAMES: Readonly<Record<string, string>> = { admin: "管理员", portal: "门户" };
export const TRIGGER_NAMES: Readonly<Record<string, string>> = { publish: "发布", regenerate: "重新生成", bulk: "批量重新生成" };

const dateTime = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false });
const date = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });

/** 2025/03/20 14:05 (Beijing time) */
export function formatTime(iso: string | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}
/** 2025年3月20日 */
export function formatDate(iso: string | undefined): string {
  return iso ? date.format(new Date(iso)) : "—";
}

export function csrfField(csrf: string | undefined): Markup {
  return html`<input type="hidden" name="csrf" value="${csrf ?? ""}">`;
}

export function page(input: PageInput): string {
  const { principal } = input;
  const nav = principal
    ? html`<nav class="site-nav" aria-label="主导航"><ul>${NAV.filter((item) => !item.admin || principal.role === "admin").map(
        (item) => html`<li><a href="${item.href}"${input.section === item.key ? raw(' aria-current="page"') : ""}>${item.label}</a></li>`,
      )}</ul></nav>
      <div class="who"><span>${ROLE_NAMES[principal.role] ?? principal.role} · 令牌 ${principal.id} · 范围 ${principal.scopes.join(" ")}</span>
      <form method="post" action="/console/logout">${csrfField(input.csrf)}<button type="submit" class="link-button">退出</button></form></div>`
    : "";
  const notice = input.notice ? html`<div class="notice notice-${input.notice.kind}" role="${input.notice.kind === "error" ? "alert" : "status"}">${input.notice.text}</div>` : "";
  return String(html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${input.title} · 年报服务控制台</title>
<link rel="stylesheet" href="${ASSET_URLS.consoleCss}">
${input.csrf ? html`<meta name="csrf-token" content="${input.csrf}">` : ""}
<script src="${ASSET_URLS.consoleJs}" defer></script>
</head><body>
<a class="skip" href="#main">跳到正文</a>
<header class="site-header"><div class="brand"><a href="/console">政府信息公开年度报告服务</a><span>控制台</span></div>${nav}</header>
<main id="main" tabindex="-1">${notice}${input.body}</main>
<footer class="site-footer">政府信息公开工作年度报告服务 · 令牌只用于登录，不在浏览器中保存</footer>
</body></html>`);
}
