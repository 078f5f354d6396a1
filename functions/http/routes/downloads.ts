/**
 * The citizens' links: a redirect to a short-lived signed URL, never the bytes themselves; 410 for a
 * withdrawn version (an HTML notice for browsers, JSON otherwise, with the reason). The notice is
 * built with hono/html, which escapes every interpolated value: the reason never becomes markup.
 */
import { createHash } from "node:crypto";
import { html, raw } from "hono/html";
import { downloadTarget, type DownloadTarget } from "../../service/downloads.js";
import { EditionNotFoundError, InvalidReportIdError, ReportNotFoundError, VersionNotFoundError } from "../../service/errors.js";
import type { EditionName } from "../../service/use-cases.js";
import { reportIdParam, versionNumber, json, type ApiContext, type AppServices, type RouteHandlers } from "../context.js";
import { ApiError, errorBody } from "../errors.js";

const STYLE =
  "body{font-family:system-ui,'Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.7;color:#1a1a1a}" +
  "h1{font-size:1.4rem}blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #b00;background:#faf5f5}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");
const NOTICE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  "Cache-Control": "no-store",
};

type Withdrawn = Exclude<DownloadTarget, { kind: "file" }>;

/** The date as citizens read it, in China's time zone: 2025年1月20日. */
const chineseDate = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric" });

function wantsHtml(c: ApiContext): boolean {
  const accept = c.req.header("accept") ?? "";
  return /\btext\/html\b/i.test(accept);
}

function notice(c: ApiContext, target: Withdrawn): Response {
  const base = `/d/${target.reportId}`;
  const page =
    target.kind === "withdrawn"
      ? html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>此版本已撤回</title><style>${raw(STYLE)}</style></head>
<body><main><h1>此版本已撤回</h1>
<p>《${target.title}》的第 ${target.version} 版已于 ${chineseDate.format(new Date(target.withdrawal.at))} 撤回。撤回原因：</p>
<blockquote>${target.withdrawal.reason}</blockquote>
${target.standing !== undefined ? html`<p><a href="${base}">下载现行版本（第 ${target.standing} 版）</a></p>` : html`<p>这份报告目前没有可下载的版本。</p>`}
</main></body></html>`
      : html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>报告已撤回</title><style>${raw(STYLE)}</style></head>
<body><main><h1>报告已撤回</h1><p>《${target.title}》的所有版本均已撤回，目前没有可下载的版本。</p></main></body></html>`;
  return c.body(String(page), 410, NOTICE_HEADERS);
}

function gone(c: ApiContext, services: AppServices, target: Withdrawn): Response {
  if (wantsHtml(c)) return notice(c, target);
  if (target.kind === "all-withdrawn") {
    return json(c, { ...errorBody(new ApiError(410, "all_withdrawn", "这份报告的所有版本均已撤回")), reportId: target.reportId }, 410);
  }
  return json(
    c,
    {
      ...errorBody(new ApiError(410, "withdrawn", `第 ${target.version} 版已撤回：${target.withdrawal.reason}`)),
      reportId: target.reportId,
      version: target.version,
      withdrawn: { at: target.withdrawal.at, reason: target.withdrawal.reason },
      ...(target.standing !== undefined ? { latest: `${services.deps.publicBaseUrl ?? ""}/d/${target.reportId}` } : {}),
    },
    410,
  );
}

async function download(c: ApiContext, services: AppServices, which: "latest" | number, edition: EditionName = "pdf"): Promise<Response> {
  // "/d/{reportId}.ofd" keeps its suffix in the parameter (see honoPath)
  const reportId = edition === "ofd" ? reportIdParam(c).replace(/\.ofd$/, "") : reportIdParam(c);
  let target: DownloadTarget;
  try {
    target = await downloadTarget(services.deps, reportId, which, edition);
  } catch (error) {
    if (error instanceof EditionNotFoundError) throw new ApiError(404, "not_found", "这份报告的最新版本没有 OFD 版式文件");
    if (error instanceof InvalidReportIdError || error instanceof ReportNotFoundError || error instanceof VersionNotFoundError) {
      throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    }
    throw error;
  }
  if (target.kind !== "file") return gone(c, services, target);
  return c.body(null, 302, { Location: target.link.url, "Cache-Control": "no-store" });
}

export const downloadRoutes: RouteHandlers = {
  downloadLatest: (c, s) => download(c, s, "latest"),
  downloadLatestOfd: (c, s) => download(c, s, "latest", "ofd"),
  async downloadVersion(c, s) {
    const n = versionNumber(c);
    if (n === undefined) throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    return download(c, s, n);
  },
};
