/**
 * The two halves of reading Office Open XML safely: the zip (yauzl, which checks each entry's
 * inflated size against the size it declares) read within byte limits, so a zip bomb stops at the
 * limit; and XML (saxes, a streaming parser) read within a nesting limit and with any DOCTYPE refused,
 * so no entity is ever expanded and no external entity ever fetched (XXE).
 */
import { SaxesParser, type SaxesTagNS } from "saxes";
import yauzl from "yauzl";
import { ImportError } from "../errors.js";
import { type Deadline, LIMITS } from "../limits.js";

/** Reads the named entries of a zip; the others are only listed. */
export async function readZipEntries(bytes: Uint8Array, wanted: (name: string) => boolean, deadline: Deadline): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (error, file) =>
      error ? reject(ImportError.unreadable(`这不是有效的 .docx 文件（zip 结构损坏：${error.message}）`)) : resolve(file!),
    ),
  );
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      if (entries.length >= LIMITS.zipEntries) {
        zip.close();
        reject(ImportError.tooComplex(`压缩包中的文件超过 ${LIMITS.zipEntries} 个`));
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", (error: Error) => reject(ImportError.unreadable(`这不是有效的 .docx 文件（${error.message}）`)));
    zip.readEntry();
  });
  const parts = new Map<string, Buffer>();
  let total = 0;
  try {
    for (const entry of entries) {
      if (!wanted(entry.fileName)) continue;
      deadline.check();
      if (entry.isEncrypted()) throw ImportError.unreadable("文档已加密，无法读取");
      if (entry.uncompressedSize > LIMITS.partBytes) {
        throw ImportError.tooComplex(`${entry.fileName} 解压后有 ${entry.uncompressedSize} 字节，超过 ${LIMITS.partBytes} 字节（可能是“压缩炸弹”）`);
      }
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        total += (chunk as Buffer).length;
        if (size > LIMITS.partBytes || total > LIMITS.totalInflatedBytes) {
          stream.destroy();
          throw ImportError.tooComplex(`解压后的内容超过 ${LIMITS.totalInflatedBytes} 字节（可能是“压缩炸弹”）`);
        }
        chunks.push(chunk as Buffer);
      }
      parts.set(entry.fileName, Buffer.concat(chunks));
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw ImportError.unreadable(`无法解压 .docx 文件（${(error as Error).message}）`);
  } finally {
    zip.close();
  }
  return parts;
}

export interface XmlHandlers {
  open(tag: SaxesTagNS, depth: number): void;
  close(tag: SaxesTagNS, depth: number): void;
  text?(text: string): void;
}

/** Streams an XML part to the handlers; refuses a DOCTYPE and nesting past the limit. */
export function parseXml(xml: Buffer, handlers: XmlHandlers, deadline: Deadline, part: string): void {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let depth = 0;
  let count = 0;
  parser.on("doctype", () => {
    throw ImportError.tooComplex(`${part} 含有 DOCTYPE 声明（Office 文档从不需要它；为防止外部实体攻击拒绝读取）`);
  });
  parser.on("opentag", (tag) => {
    depth++;
    if (depth > LIMITS.nestingDepth) throw ImportError.tooComplex(`${part} 的 XML 嵌套超过 ${LIMITS.nestingDepth} 层`);
    if ((++count & 0xfff) === 0) deadline.check();
    handlers.open(tag, depth);
  });
  parser.on("closetag", (tag) => {
    handlers.close(tag, depth);
    depth--;
  });
  if (handlers.text) parser.on("text", handlers.text);
  try {
    parser.write(xml.toString("utf8")).close();
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw ImportError.unreadable(`${part} 不是有效的 XML（${(error as Error).message.split("\n")[0]}）`);
  }
}

export const W_NAMESPACES = new Set(["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"]);

/** The WordprocessingML local name of a tag, or "" for tags of other namespaces. */
export function w(tag: SaxesTagNS): string {
  return W_NAMESPACES.has(tag.uri) ? tag.local : "";
}

/** A w: attribute's value (w:val, w:styleId …). */
export function wAttr(tag: SaxesTagNS, local: string): string | undefined {
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.local === local && (W_NAMESPACES.has(attribute.uri) || attribute.uri === "")) return attribute.value;
  }
  return undefined;
}

/** w:b, w:vanish …: on unless w:val says 0/false/off. */
export function isOn(tag: SaxesTagNS): boolean {
  const value = wAttr(tag, "val");
  return value === undefined || !/^(0|false|off|none)$/i.test(value);
}
