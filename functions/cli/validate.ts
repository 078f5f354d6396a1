/** `nianbao validate <report.json> [--json] [--previous <report.json>]` */
import { parseArgs } from "node:util";
import { validateReport, type Diagnostic, type ValidationResult } from "../report/index.js";
import { InputError, readJsonFile } from "./io.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const VALIDATE_USAGE = "nianbao validate <report.json> [--json] [--previous <上一年度report.json>]";

function formatDiagnostic(d: Diagnostic): string {
  const kind = d.severity === "error" ? "错误" : "警告";
  const numbers = d.expected !== undefined || d.actual !== undefined ? `\n    应为 ${String(d.expected ?? "—")}，实为 ${String(d.actual ?? "—")}` : "";
  return `${kind} [${d.code}] ${d.path || "/"}\n    ${d.message}${numbers}`;
}

export function formatResult(file: string, result: ValidationResult): string {
  const head = result.valid
    ? `✓ ${file}：有效${result.warnings.length ? `（${result.warnings.length} 个警告）` : ""}`
    : `✗ ${file}：无效（${result.errors.length} 个错误，${result.warnings.length} 个警告）`;
  return [head, ...result.errors.map(formatDiagnostic), ...result.warnings.map(formatDiagnostic)].join("\n");
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
