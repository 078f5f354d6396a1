/**
 * Errors as the API states them: `{ error: { code, message }, diagnostics: [...] }`, with stable
 * codes and Chinese messages, never a stack trace or an internal name.
 */
import type { Diagnostic } from "../report/index.js";
import { OfdConversionError } from "../ofd/errors.js";
import { BrowserLaunchError, RendererBusyError, RendererClosedError, RendererCrashedError, RenderTimeoutError } from "../render/errors.js";
import {
  AllVersionsWithdrawnError,
  EditionNotFoundError,
  InvalidReasonError,
  InvalidReportError,
  InvalidReportIdError,
  ReportNotFoundError,
  StoredSourceInvalidError,
  VersionAlreadyWithdrawnError,
  VersionContentionError,
  VersionNotFoundError,
  VersionPurgedError,
  VersionWithdrawnError,
} from "../service/errors.js";
import { PreviousReportNotFoundError } from "../service/prior-year.js";
import { JobNotFoundError, JobOutOfScopeError } from "../service/regenerations.js";
import { InvalidExpiryError, InvalidScopeError, ScopeTooWideError, TokenNotFoundError } from "../service/tokens.js";
import { InvalidCursorError } from "../store/cursor.js";
import { WebhookTargetError } from "../service/webhook-targets.js";
import { InvalidWebhookError, SubscriptionNotFoundError, WebhookOutOfScopeError } from "../service/webhooks.js";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
    /** e.g. Retry-After on a 503 */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A 503 the caller should simply retry, after the seconds given. */
function retryLater(code: string, message: string, seconds: number): ApiError {
  return new ApiError(503, code, message, [], { "Retry-After": String(seconds) });
}

/**
 * A refused call (401 or 403): recorded in the audit trail with the token's public id when the token
 * is known (a revoked or expired one), never with the presented secret.
 */
export class Refusal extends ApiError {
  constructor(
    status: 401 | 403,
    message: string,
    /** why, in the audit trail's words */
    readonly reason: string,
    /** the refused token's actor, when the token is known but not admitted */
    readonly actor?: string,
  ) {
    super(status, status === 401 ? "unauthenticated" : "forbidden", message);
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
  readonly diagnostics: readonly Diagnostic[];
}

export function errorBody(error: ApiError): ErrorBody {
  return { error: { code: error.code, message: error.message }, diagnostics: error.diagnostics };
}

/** Maps what the use cases throw to what the caller is told; anything unknown is a 500. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InvalidReportError) {
    return new ApiError(422, "invalid_report", `报告未通过校验：${error.errors.length} 个错误`, [...error.errors, ...error.warnings]);
  }
  if (error instanceof InvalidReportIdError) return new ApiError(400, "invalid_report_id", "reportId 须匹配 ^[a-z0-9][a-z0-9-]{2,63}$");
  if (error instanceof PreviousReportNotFoundError) return new ApiError(400, "previous_report_not_found", `没有报告 ${error.reportId}，无法与之核对上年结转`);
  if (error instanceof ReportNotFoundError) return new ApiError(404, "not_found", "没有这份报告");
  if (error instanceof VersionNotFoundError) return new ApiError(404, "not_found", "没有这个版本");
  if (error instanceof EditionNotFoundError) return new ApiError(404, "no_ofd", "这个版本没有 OFD 版式文件（生成于提供 OFD 之前，或本部署未开启 OFD）；重新生成即可得到");
  if (error instanceof OfdConversionError) return new ApiError(500, "ofd_conversion_failed", `无法生成 OFD 版式文件：${error.message}`);
  if (error instanceof JobNotFoundError) return new ApiError(404, "not_found", "没有这个重新生成任务");
  if (error instanceof JobOutOfScopeError) return new Refusal(403, "这个重新生成任务不在令牌的范围内", "job outside the token's scope");
  if (error instanceof ScopeTooWideError) return new Refusal(403, "不能签发或撤销超出自己范围的令牌", "scope wider than the caller's");
  if (error instanceof TokenNotFoundError) return new ApiError(404, "not_found", "没有这个令牌");
  if (error instanceof InvalidScopeError) return new ApiError(400, "invalid_scope", "scopes 须为 1 至 20 个由 a-z、0-9、-、* 和 ? 组成的模式（至多 64 个字符）");
  if (error instanceof InvalidExpiryError) return new ApiError(400, "invalid_expiry", "expiresInDays 须为 1 至 3650 的整数");
  if (error instanceof InvalidReasonError) return new ApiError(400, "invalid_reason", "reason 须为 2 至 500 个字符");
  if (error instanceof VersionAlreadyWithdrawnError) return new ApiError(409, "already_withdrawn", "这个版本已经撤回");
  if (error instanceof AllVersionsWithdrawnError) return new ApiError(409, "all_withdrawn", "这份报告的所有版本均已撤回");
  if (error instanceof VersionPurgedError) return new ApiError(410, "purged", "这个版本已撤回，其文件已永久删除");
  if (error instanceof WebhookTargetError) return new ApiError(422, "webhook_target_refused", `不能向这个地址发送 webhook：${error.message}`);
  if (error instanceof WebhookOutOfScopeError) return new Refusal(403, "webhook 订阅的范围不能超出自己的范围", "scope wider than the caller's");
  if (error instanceof InvalidWebhookError) return new ApiError(400, "invalid_webhook", error.message);
  if (error instanceof SubscriptionNotFoundError) return new ApiError(404, "not_found", "没有这个 webhook 订阅");
  if (error instanceof VersionWithdrawnError) return new ApiError(410, "withdrawn", "这个版本已撤回，不再提供其文件");
  if (error instanceof InvalidCursorError) return new ApiError(400, "invalid_cursor", "cursor 无效");
  if (error instanceof StoredSourceInvalidError) {
    return new ApiError(422, "stored_report_invalid", "所存报告按现行规则已不合格，请先发布更正后的报告", [...error.errors]);
  }
  if (error instanceof VersionContentionError) return retryLater("busy", "同一报告的并发发布过多，请稍后重试", 1);
  if (error instanceof RendererBusyError) return retryLater("renderer_busy", "生成 PDF 的队列已满，请稍后重试", error.retryAfterSeconds);
  if (error instanceof RenderTimeoutError) return retryLater("render_timeout", "生成 PDF 超时，请稍后重试", 2);
  if (error instanceof RendererCrashedError || error instanceof BrowserLaunchError || error instanceof RendererClosedError) {
    return retryLater("renderer_unavailable", "生成 PDF 的浏览器暂不可用，请稍后重试", 2);
  }
  return new ApiError(500, "internal", "内部错误");
}
