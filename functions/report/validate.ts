/**
 * Validates a report: structure first (nothing else runs on a structurally invalid report), then
 * normalisation and the rule pack. Errors reject the report; warnings never do.
 */
import { EDITIONS } from "./editions/index.js";
import type { Diagnostic } from "./diagnostics.js";
import { normalizeReport } from "./normalize.js";
import { RULES } from "./rules/index.js";
import { checkStructure } from "./rules/schema.js";
import type { PreviousOrigin } from "./rules/rule.js";
import type { NormalizedReport, Report } from "./schema/index.js";

export interface ValidateOptions {
  /** the same agency's report for the previous year, for the `prior-year` check */
  readonly previous?: unknown;
  /** where `previous` comes from (a stored report's id and version), named in the `prior-year` messages */
  readonly previousOrigin?: PreviousOrigin;
  /** today's date (YYYY-MM-DD) for the date checks; defaults to the clock's date in China (UTC+8) */
  readonly today?: string;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
  /** the normalised report, when the structure was sound (even if the arithmetic is not) */
  readonly normalized: NormalizedReport | null;
}

function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}


export function validateReport(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const structural = checkStructure(input);
  if (structural.length > 0) return { valid: false, errors: structural, warnings: [], normalized: null };
  const submitted = input as Report;
  const report = normalizeReport(submitted);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let previous: NormalizedReport | undefined;
  if (options.previous !== undefined) {
    if (checkStructure(options.previous).length === 0) previous = normalizeReport(options.previous as Report);
    else warnings.push({ code: "prior-year", severity: "warning", path: "", message: "所给的上一年度报告不符合报告格式，未核对上年结转。" });
  }
  const context = {
    edition: EDITIONS[submitted.edition],
    submitted,
    report,
    today: options.today ?? chinaToday(),
    ...(previous ? { previous } : {}),
    ...(previous && options.previousOrigin ? { previousOrigin: options.previousOrigin } : {}),
  };
  for (const rule of RULES) {
    for (const finding of rule.check(context)) {
      (rule.severity === "error" ? errors : warnings).push({ code: rule.code, severity: rule.severity, ...finding });
    }
  }
  return { valid: errors.length === 0, errors, warnings, normalized: report };
}
