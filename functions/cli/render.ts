/** `nianbao render <report.json> [-o <out.pdf>] [--docx <out.docx>] [--ofd <out.ofd> [--ofd-a]] [--html <out.html>] [--draft]` */
import { rename, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { validateReport } from "../report/index.js";
import { OfdConversionError } from "../ofd/errors.js";
import { ReportRenderer } from "../render/renderer.js";
import { InputError, readJsonFile } from "./io.js";
import { EXIT, UsageError, type Output } from "./output.js";
import { formatResult } from "./validate.js";

export const RENDER_USAGE = "nianbao render <report.json> [-o <out.pdf>] [--docx <out.docx>] [--ofd <out.ofd> [--ofd-a]] [--html <out.html>] [--draft]";

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
    options: {
      output: { type: "string", short: "o" },
      docx: { type: "string" },
      ofd: { type: "string" },
      "ofd-a": { type: "boolean" },
      html: { type: "string" },
      draft: { type: "boolean" },
    },
  });
  if (positionals.length !== 1) throw new UsageError("需要且只需要一个报告文件。");
  if (!values.output && !values.ofd && !values.docx) {
    throw new UsageError("需要用 -o 指定输出的 PDF 文件（或用 --ofd 指定 OFD 文件，--docx 指定 Word 文件）。");
  }
  if (values["ofd-a"] && !values.ofd) throw new UsageError("--ofd-a 须与 --ofd <out.ofd> 一起使用。");
  if (values.draft && values.ofd) throw new UsageError("草稿只生成 PDF：OFD 是存档用的版式文件，不与 --draft 一起生成。");
  if (!values.output && !values.ofd && (values.html || values.draft)) throw new UsageError("--html 和 --draft 只用于 PDF：请同时用 -o 指定 PDF 文件。");
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
  if (values.docx) {
    // loaded only here: the docx package would add a tenth of a second to every command's start
    const { wordEdition } = await import("../render/word-edition.js");
    const docx = await wordEdition(result.normalized);
    await writeAtomically(values.docx, docx);
    out.print(`已生成 ${values.docx}：Word 版，${docx.byteLength} 字节`);
  }
  if (!values.output && !values.ofd) return EXIT.ok;
  const renderer = new ReportRenderer({ pages: 1 }); // one report: no pool
  try {
    const rendered = await renderer.render(result.normalized, { draft: values.draft === true });
    // converted before anything is written: a report whose OFD cannot be made leaves no files
    // loaded only when asked for: every other command starts without pdf.js, pdf-lib and fontkit
    const ofd = values.ofd
      ? await (await import("../ofd/edition.js")).reportOfd(rendered.pdf, result.normalized, {
          archival: values["ofd-a"] === true,
          templateVersion: renderer.templateVersion,
          // the document's date when the report has no publishedAt: the day it is made
          date: new Date().toISOString().slice(0, 10),
        })
      : undefined;
    if (values.output) await writeAtomically(values.output, rendered.pdf);
    if (values.ofd && ofd) await writeAtomically(values.ofd, ofd);
    if (values.html) await writeAtomically(values.html, rendered.html);
    if (values.output) out.print(`已生成 ${values.output}：${rendered.pages} 页，${rendered.bytes} 字节${values.draft ? "（草稿）" : ""}`);
    if (values.ofd && ofd) out.print(`已生成 ${values.ofd}：${values["ofd-a"] ? "OFD-A（GB/T 42133）" : "OFD（GB/T 33190）"}，${rendered.pages} 页，${ofd.byteLength} 字节`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof OfdConversionError) {
      out.error(`无法生成 OFD：${error.message}`);
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await renderer.close();
  }
}
