import { validateReport, type Diagnostic, type ValidateOptions } from "../../functions/report/index.js";
import { TODAY } from "./examples.js";

/** Validates with a fixed "today" so that date rules are deterministic. */
export function check(report: unknown, options: ValidateOptions = {}) {
  return validateReport(report, { today: TODAY, ...options });
}

/** The diagnostics of one code. */
export function withCode(report: unknown, code: Diagnostic["code"], options: ValidateOptions = {}): Diagnostic[] {
  const result = check(report, options);
  return [...result.errors, ...result.warnings].filter((d) => d.code === code);
}
