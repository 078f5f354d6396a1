/** `nianbao validate <report.json> [--json] [--previous <report.json>]` */
import { parseArgs } from "node:util";
import { EDITIONS, validateReport, type Diagnostic, type ValidationResult } from "../report/index.js";
import { reportPartOf, type ReportPart } from "../report/labels.js";
import { InputError, readJsonFile } from "./io.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const VALIDATE_USAGE = "nianbao validate <report.json> [--json] [--previous <上一年度report.json>]";

function formatDiagnostic(d: Diagnostic): string {
  const kind = d.severity === "error" ? "错误" : "警告";
  const quote = d.quote !== undefined ? `\n    “${d.quote}”` : "";
  const numbers = d.expected !== undefined || d.actual !== undefined ? `\n    应为 ${String(d.expected ?? "—")}，实为 ${String(d.actual ?? "—")}` : "";
  return `  ${kind} [${d.code}] ${d.path || "/"}${quote}\n    ${d.message}${numbers}`;
}

/**
 * The result as an editor reads it: the verdict, then the diagnostics section by section in the
 * report's order (errors before warnings within a section), each with its path, the phrase it is
 * about when it is one of the prose, its message and the figures.
 */
export function formatResult(file: string, result: ValidationResult): string {
  const head = result.valid
    ? `✓ ${file}：有效${result.warnings.length ? `（${result.warnings.length} 个警告）` : ""}`
    : `✗ ${file}：无效（${result.errors.length} 个错误，${result.warnings.length} 个警告）`;
  const edition = result.normalized ? EDITIONS[result.normalized.edition] : undefined;
  const parts = new Map<string, { part: ReportPart; lines: string[] }>();
  for (const d of [...result.errors, ...result.warnings]) {
    const part = reportPartOf(edition, d.path);
    let group = parts.get(part.title);
    if (!group) parts.set(part.title, (group = { part, lines: [] }));
    group.lines.push(formatDiagnostic(d));
  }
  const sections = [...parts.values()].sort((a, b) => a.part.order - b.part.order).map((g) => `\n${g.part.title}\n${g.lines.join("\n")}`);
  return [head, ...sections].join("\n");
}

export async function validateCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: "boolean" }, previous: { type: "string" } },
  });
  if (positionals.length !== 1) throw new UsageError("需要且只需要一个报告文件。");
  const file = positionals[0]!;
  let report: unknown;
  let previous: unknown;
  try {
    report = await readJsonFile(file);
    if (values.previous !== undefined) previous = await readJsonFile(values.previous);
  } catch (error) {
    if (error instanceof InputError) {
      out.error(error.message);
      return EXIT.unreadable;
    }
    throw error;
  }
  const result = validateReport(report, previous === undefined ? {} : { previous });
  if (values.json) out.print(JSON.stringify(result, null, 2));
  else out.print(formatResult(file, result));
  return result.valid ? EXIT.ok : EXIT.invalid;
}
