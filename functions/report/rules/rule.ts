/**
 * A validation rule: one stable code, one severity, one job. Adding a rule is adding a module with
 * its tests and listing it in ./index.ts.
 */
import type { Finding, DiagnosticCode, Severity } from "../diagnostics.js";
import type { Edition } from "../editions/index.js";
import type { NormalizedReport, Report } from "../schema/index.js";

export interface RuleContext {
  readonly edition: Edition;
  /** the report as submitted (it satisfies the schema): tells which totals were given */
  readonly submitted: Report;
  /** the normalised report: every total present, computed where it was absent */
  readonly report: NormalizedReport;
  /** the same agency's report of the previous year, normalised, when the caller supplied it */
  readonly previous?: NormalizedReport;
  /** where `previous` was found, when it is a stored report */
  readonly previousOrigin?: PreviousOrigin;
  /** the validation's notion of today (for dates); injectable for tests */
  readonly today: string;
}

export interface Rule {
  readonly code: Exclude<DiagnosticCode, "schema">;
  readonly severity: Severity;
  /** one line saying what the rule checks, in Chinese, as the spec states it */
  readonly description: string;
  check(context: RuleContext): Finding[];
}

/** A stored report and version, as the messages name it. */
export interface PreviousOrigin {
  readonly reportId: string;
  readonly version: number;
}

/** A row of numbers keyed by column. */
export type Cells = Readonly<Record<string, number>>;
