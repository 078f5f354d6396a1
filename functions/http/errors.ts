/**
 * Errors as the API states them: `{ error: { code, message }, diagnostics: [...] }`, with stable
 * codes and Chinese messages, never a stack trace or an internal name.
 */
import type { Diagnostic } from "../report/index.js";
import { BrowserLaunchError, RendererBusyError, RendererClosedError, RendererCrashedError, RenderTimeoutError } from "../render/errors.js";
import {
  InvalidReportError,
  InvalidReportIdError,
  ReportNotFoundError,
  StoredSourceInvalidError,
  VersionContentionError,
  VersionNotFoundError,
} from "../service/errors.js";
import { PreviousReportNotFoundError } from "../service/prior-year.js";
import { JobNotFoundError } from "../service/regenerations.js";
import { InvalidCursorError } from "../store/cursor.js";

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
  if (error instanceof JobNotFoundError) return new ApiError(404, "not_found", "没有这个重新生成任务");
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
