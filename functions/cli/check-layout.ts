/** `nianbao check-layout <file.pdf> [...] [--json]`: the D.2 layout checker on any PDF. */
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { checkLayout, formatFindings, UnreadablePdfError, type LayoutReport } from "../layout/index.js";
import { MAX_INPUT_BYTES } from "./io.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const CHECK_LAYOUT_USAGE = "nianbao check-layout <file.pdf> [...] [--json]";

async function readPdf(file: string): Promise<Uint8Array> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new UnreadablePdfError(error.code === "ENOENT" ? `找不到文件 ${file}` : `无法读取 ${file}（${error.code ?? "未知错误"}）`);
  });
  if (!info.isFile()) throw new UnreadablePdfError(`${file} 不是文件`);
  if (info.size > MAX_INPUT_BYTES) throw new UnreadablePdfError(`${file} 超过 ${MAX_INPUT_BYTES} 字节，拒绝读取`);
  return new Uint8Array(await readFile(file));
}

export async function checkLayoutCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean" } } });
  if (positionals.length === 0) throw new UsageError("需要至少一个 PDF 文件。");
  const results: { file: string; report?: LayoutReport; error?: string }[] = [];
  for (const file of positionals) {
    try {
      results.push({ file, report: await checkLayout(await readPdf(file)) });
    } catch (error) {
      if (!(error instanceof UnreadablePdfError)) throw error;
      results.push({ file, error: error.message.startsWith("not a readable PDF") ? `${file} 不是可读的 PDF 文件` : error.message });
    }
  }
  if (values.json) {
    out.print(JSON.stringify(results.map((r) => (r.report ? { file: r.file, pages: r.report.pages, passed: r.report.findings.length === 0, findings: r.report.findings } : { file: r.file, error: r.error })), null, 2));
  } else {
    for (const r of results) {
      if (r.error) out.error(r.error);
      else if (r.report!.findings.length === 0) out.print(`${r.file}：${r.report!.pages} 页，版式合格（GB/T 9704 与 D.2 各项）`);
      else out.print(`${r.file}：${r.report!.pages} 页，${r.report!.findings.length} 处版式问题\n${formatFindings(r.report!.findings)}`);
    }
  }
  if (results.some((r) => r.error)) return EXIT.unreadable;
  return results.some((r) => r.report!.findings.length > 0) ? EXIT.invalid : EXIT.ok;
}
