/**
 * The console at /console: sign-in (a token exchanged for a session cookie), the session and CSRF
 * checks every page and action passes, the static files, and the pages (pages/*). Every action is a
 * call of the service's own API as the signed-in token (console-api.ts).
 */
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import type { Principal } from "../http/context.js";
import { recordRefusal } from "../service/audit.js";
import type { ServiceDeps } from "../service/ports.js";
import { actorOf, authenticate, authenticateHash, hashToken } from "../service/tokens.js";
import { assetNamed } from "./assets.js";
import type { ConsoleApi } from "./console-api.js";
import { ApiFailure } from "./console-api.js";
import { csrfField, page, PAGE_HEADERS, type PageInput } from "./layout.js";
import { adminPages } from "./pages/admin.js";
import { editorPages } from "./pages/editor.js";
import { reportPages } from "./pages/reports.js";
import { csrfMatches, SESSION_COOKIE, type Session, type SessionSealer } from "./session.js";

export interface WebDeps {
  readonly deps: ServiceDeps;
  readonly api: ConsoleApi;
  readonly sessions: SessionSealer;
}

export type ConsoleEnv = { Variables: { principal: Principal; session: Session } };
export type ConsoleContext = Context<ConsoleEnv>;

/** A page of the console for the signed-in user. */
export function render(c: ConsoleContext, input: Omit<PageInput, "principal" | "csrf">, status = 200): Response {
  return c.body(page({ ...input, principal: c.get("principal"), csrf: c.get("session").csrf }), status as never, PAGE_HEADERS);
}

/** After an action: back to a page, with what happened in the query (shown once as the notice). */
export function redirectWith(c: ConsoleContext, location: string, notice?: { kind: "success" | "error"; text: string }): Response {
  const url = new URL(location, "http://console");
  if (notice) url.searchParams.set(notice.kind === "success" ? "ok" : "err", notice.text.slice(0, 300));
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

/** The notice a redirect carried (text only: it is escaped like every other value). */
export function noticeOf(c: ConsoleContext): PageInput["notice"] {
  const ok = c.req.query("ok");
  const err = c.req.query("err");
  return ok ? { kind: "success", text: ok } : err ? { kind: "error", text: err } : undefined;
}

/** Runs an action; an API refusal (validation, conflict, scope) goes back as an error notice. */
export async function act(c: ConsoleContext, back: string, action: () => Promise<Response>): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiFailure) return redirectWith(c, back, { kind: "error", text: error.message });
    throw error;
  }
}

/** The host the browser addressed (the Host header: behind API Gateway the custom domain). */
function hostOf(c: Context): string {
  return c.req.header("host") ?? new URL(c.req.url).host;
}

/**
 * Whether the cookie must be Secure: always behind a proxy that says https, and everywhere but on
 * loopback (the local service speaks plain http on 127.0.0.1).
 */
function secure(c: Context): boolean {
  const proto = c.req.header("x-forwarded-proto");
  if (proto) return proto === "https";
  return !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(hostOf(c));
}

function signInPage(c: Context, options: { error?: string; next?: string; status?: number } = {}): Response {
  const body = html`<div class="sign-in"><h1>登录控制台</h1>
<p>请输入管理员或门户令牌（以 nb_ 开头）。令牌只用于本次登录：服务端据此建立会话，页面和浏览器都不保存它。</p>
${options.error ? html`<p class="field-error" role="alert" id="token-error">${options.error}</p>` : ""}
<form method="post" action="/console/login" class="stack">
<input type="hidden" name="next" value="${options.next ?? ""}">
<label for="token">令牌</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required${options.error ? html` aria-invalid="true" aria-describedby="token-error"` : ""}>
<button type="submit" class="primary">登录</button>
</form></div>`;
  return c.body(page({ title: "登录", body }), (options.status ?? 200) as never, PAGE_HEADERS);
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** A same-site path to go back to after signing in, never another site. */
function safeNext(next: string | undefined): string {
  return next && /^\/console\/[A-Za-z0-9/_?=&.%-]*$/.test(next) && !next.startsWith("//") ? next : "/console/reports";
}

const SIGN_IN_REFUSALS: Readonly<Record<string, string>> = {
  "unknown token": "令牌无效，请核对后重新输入。",
  "revoked token": "这个令牌已被撤销，请向管理员申请新的令牌。",
  "expired token": "这个令牌已过期，请向管理员申请新的令牌。",
};

export function consoleApp(web: WebDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const now = () => web.deps.now?.() ?? new Date();

  app.get("/assets/:name", (c) => {
    const asset = assetNamed(c.req.param("name"));
    if (!asset) return c.body("没有这个文件", 404, { "Content-Type": "text/plain; charset=utf-8" });
    // kept an hour, then asked again with the ETag (a new release changes it)
    const headers = { "Content-Type": asset.type, "Cache-Control": "public, max-age=3600", ETag: asset.etag };
    if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  });

  app.get("/login", (c) => signInPage(c, { next: safeNext(c.req.query("next")) }));

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const secret = typeof form.token === "string" ? form.token.trim() : "";
    const next = safeNext(typeof form.next === "string" ? form.next : undefined);
    const result = await authenticate(web.deps, secret);
    if (!result.ok) {
      await recordRefusal(web.deps, { actor: result.token ? actorOf(result.token) : "anonymous", status: 401, reason: `console sign-in: ${result.reason}`, method: "POST", path: "/console/login" });
      return signInPage(c, { error: SIGN_IN_REFUSALS[result.reason]!, next, status: 401 });
    }
    const session = web.sessions.issue(hashToken(secret), now(), result.token.expiresAt);
    setCookie(c, SESSION_COOKIE, web.sessions.seal(session), {
      path: "/console",
      httpOnly: true,
      sameSite: "Strict",
      secure: secure(c),
      maxAge: session.expiresAt - Math.floor(now().getTime() / 1000),
    });
    return c.redirect(next, 303);
  });

  // Everything below needs a session whose token still stands; every change needs its CSRF token.
  app.use("*", async (c, next) => {
    const session = web.sessions.open(getCookie(c, SESSION_COOKIE), now());
    const auth = session ? await authenticateHash(web.deps, session.tokenHash) : undefined;
    if (!session || !auth?.ok) {
      if (session) deleteCookie(c, SESSION_COOKIE, { path: "/console" });
      if (c.req.method !== "GET" || c.req.path.startsWith("/console/api/")) {
        return c.json({ error: { code: "unauthenticated", message: "会话已结束，请重新登录" }, diagnostics: [] }, 401);
      }
      const reason = auth && !auth.ok ? SIGN_IN_REFUSALS[auth.reason] : undefined;
      if (reason) return signInPage(c, { error: `会话已结束：${reason}`, status: 401 });
      const here = `${c.req.path}${new URL(c.req.url).search}`;
      return c.redirect(`/console/login?next=${encodeURIComponent(here)}`, 303);
    }
    if (c.req.method !== "GET") {
      const origin = c.req.header("origin");
      const presented = c.req.header("x-csrf-token") ?? (await formField(c, "csrf"));
      if ((origin && !sameHost(origin, hostOf(c))) || !csrfMatches(session, presented)) {
        return c.body(page({ title: "请求被拒绝", body: html`<h1>请求被拒绝</h1><p>这个请求缺少本次会话的校验码（CSRF），可能来自其他网站。请回到控制台重新操作。</p><p><a href="/console/reports">返回控制台</a></p>` }), 403, PAGE_HEADERS);
      }
    }
    c.set("session", session);
    c.set("principal", { id: auth.token.id, role: auth.token.role, scopes: auth.token.scopes });
    await next();
  });

  app.get("/", (c) => c.redirect("/console/reports", 303));
  app.post("/logout", (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: "/console", secure: secure(c) });
    return c.body(page({ title: "已退出", body: html`<div class="sign-in"><h1>已退出</h1><p>会话已结束。</p><p><a href="/console/login">重新登录</a></p></div>` }), 200, PAGE_HEADERS);
  });

  reportPages(app, web);
  editorPages(app, web);
  adminPages(app, web);
  return app;
}

/** A field of a form body (parsed once; Hono caches the parsed body for the handler). */
async function formField(c: ConsoleContext, name: string): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!/application\/x-www-form-urlencoded|multipart\/form-data/.test(type)) return undefined;
  const value = (await c.req.parseBody())[name];
  return typeof value === "string" ? value : undefined;
}

export { csrfField };
