/** Reading report files for the CLI: every failure becomes a clear message, never a stack trace. */
import { readFile, stat } from "node:fs/promises";

/** Larger inputs are refused before parsing: no report comes near it (the HTTP limit is 1 MiB). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export class InputError extends Error {}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new InputError(`标准输入超过 ${MAX_INPUT_BYTES} 字节，拒绝读取`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads and parses a JSON file ("-" is standard input). */
export async function readJsonFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    if (file === "-") {
      bytes = await readStdin();
    } else {
      const info = await stat(file);
      if (!info.isFile()) throw new InputError(`${file} 不是文件`);
      if (info.size > MAX_INPUT_BYTES) throw new InputError(`${file} 超过 ${MAX_INPUT_BYTES} 字节，拒绝读取`);
      bytes = await readFile(file);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(code === "ENOENT" ? `找不到文件 ${file}` : `无法读取 ${file}（${code ?? "未知错误"}）`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${file} 不是 UTF-8 编码的文本`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    const detail = error instanceof RangeError ? "嵌套过深" : (error as Error).message;
    throw new InputError(`${file} 不是有效的 JSON：${detail}`);
  }
}
