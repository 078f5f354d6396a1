/** `nianbao render <report.json> -o <out.pdf> [--html <out.html>] [--draft]` */
import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { validateReport } from "../report/index.js";
import { ReportRenderer } from "../render/renderer.js";
import { InputError, readJsonFile } from "./io.js";
import { EXIT, UsageError, type Output } from "./output.js";
import { formatResult } from "./validate.js";

export const RENDER_USAGE = "nianbao render <report.json> -o <out.pdf> [--html <out.html>] [--draft]";

/** Writes through a temporary file, so a failed render never leaves a partial file behind. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

export async function renderCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: "string", short: "o" }, html: { type: "string" }, draft: { type: "boolean" } },
  });
  if (positionals.length !== 1) throw new UsageError("需要且只需要一个报告文件。");
  if (!values.output) throw new UsageError("需要用 -o 指定输出的 PDF 文件。");
  const file = positionals[0]!;
  let input: unknown;
  try {
    input = await readJsonFile(file);
  } catch (error) {
    if (error instanceof InputError) {
      out.error(error.message);
      return EXIT.unreadable;
    }
    throw error;
  }
  const result = validateReport(input);
  if (!result.valid || !result.normalized) {
    out.error(formatResult(file, result));
    return EXIT.invalid;
  }
  if (result.warnings.length > 0) out.error(formatResult(file, result));
  const renderer = new ReportRenderer({ pages: 1 }); // one report: no pool
  try {
    const rendered = await renderer.render(result.normalized, { draft: values.draft === true });
    await writeAtomically(values.output, rendered.pdf);
    if (values.html) await writeAtomically(values.html, rendered.html);
    out.print(`已生成 ${values.output}：${rendered.pages} 页，${rendered.bytes} 字节${values.draft ? "（草稿）" : ""}`);
    return EXIT.ok;
  } finally {
    await renderer.close();
  }
}
