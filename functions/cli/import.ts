/** `nianbao import <file.docx|file.pdf|file.html> [-o report.json] [--json]` */
import { readFile, rename, stat, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ImportError } from "../import/errors.js";
import { formatOfFileName, sniffFormat } from "../import/formats.js";
import type { ImportResult } from "../import/index.js";
import { LIMITS as IMPORT_LIMITS } from "../import/limits.js";
import { EXIT, UsageError, type Output } from "./output.js";
import { formatResult } from "./validate.js";

export const IMPORT_USAGE = "nianbao import <文件.docx|文件.pdf|文件.html> [-o report.json] [--json]";

const HELP = `${IMPORT_USAGE}

把填好的 Word 模板、已发布的 PDF 或网页读成报告 JSON，并给出读取说明（notes，每条附把握程度
confidence 与所指位置 path）和校验结果。不保存任何内容。

  -o, --output <文件>  把报告 JSON 写入文件（不给则打印到标准输出）
  --json             以 JSON 打印 { report, notes, validation }

退出码：0 已读取且有效；1 已读取但无效（报告 JSON 照样写出）；2 无法读取或格式不支持。`;

async function writeAtomically(path: string, data: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

function formatNotes(result: ImportResult): string {
  if (result.notes.length === 0) return "读取说明：无（所有内容均按原样读出）";
  return [`读取说明（${result.notes.length} 条）：`, ...result.notes.map((n) => `  [把握 ${n.confidence}] ${n.path || "/"}\n    ${n.message}`)].join("\n");
}

async function readInput(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw ImportError.unreadable(`${file} 不是文件`);
    if (info.size > IMPORT_LIMITS.documentBytes) throw new ImportError("payload_too_large", `${file} 超过 ${IMPORT_LIMITS.documentBytes / 1024 / 1024} MiB，拒绝读取`);
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw ImportError.unreadable(code === "ENOENT" ? `找不到文件 ${file}` : `无法读取 ${file}（${code ?? "未知错误"}）`);
  }
}

export async function importCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: "string", short: "o" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    out.print(HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError("需要且只需要一个文档文件。");
  const file = positionals[0]!;
  let result: ImportResult;
  try {
    const bytes = await readInput(file);
    const sniffed = sniffFormat(bytes);
    const format = formatOfFileName(file) ?? (sniffed === "ole" ? undefined : sniffed);
    if (!format) throw new ImportError("unsupported_type", `不支持 ${file} 的格式：只能导入 .docx、.pdf 或 .html`);
    // the readers load only when a document is read, so every other command starts as fast as before
    const { importDocument } = await import("../import/index.js");
    result = await importDocument(bytes, format);
  } catch (error) {
    if (error instanceof ImportError) {
      out.error(`✗ ${file}：${error.message}`);
      if (values.json) out.print(JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2));
      return EXIT.unreadable;
    }
    throw error;
  }
  const reportJson = `${JSON.stringify(result.report, null, 2)}\n`;
  if (values.output) await writeAtomically(values.output, reportJson);
  const verdict = formatResult(values.output ?? file, { ...result.validation, normalized: null });
  if (values.json) out.print(JSON.stringify(result, null, 2));
  else if (values.output) out.print(`已读取 ${file} → ${values.output}\n${formatNotes(result)}\n${verdict}`);
  else {
    out.print(reportJson.trimEnd());
    out.error(`${formatNotes(result)}\n${verdict}`);
  }
  return result.validation.valid ? EXIT.ok : EXIT.invalid;
}
