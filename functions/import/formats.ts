/**
 * Which document formats import reads, by media type, file name and first bytes. Kept apart from the
 * readers so the HTTP routes can answer 415 without loading a PDF or XML parser.
 */
import type { DocumentFormat } from "./document.js";
import { ImportError } from "./errors.js";

export const MEDIA_TYPES: Readonly<Record<DocumentFormat, string>> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  pdf: "application/pdf",
  html: "text/html",
};

/** The format a Content-Type names (parameters such as charset are ignored), or undefined. */
export function formatOfMediaType(contentType: string | undefined): DocumentFormat | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === MEDIA_TYPES.docx) return "docx";
  if (type === MEDIA_TYPES.pdf) return "pdf";
  if (type === MEDIA_TYPES.html || type === "application/xhtml+xml") return "html";
  return undefined;
}

/** The format a file name's extension names, or undefined. */
export function formatOfFileName(name: string): DocumentFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === "docx") return "docx";
  if (ext === "pdf") return "pdf";
  if (ext === "html" || ext === "htm" || ext === "xhtml") return "html";
  return undefined;
}

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/** What the bytes themselves are, by their first bytes. */
export function sniffFormat(bytes: Uint8Array): DocumentFormat | "ole" | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "docx";
  if (OLE.every((b, i) => bytes[i] === b)) return "ole";
  if (/^\s*(<!doctype html|<html|<head|<body|<meta|<div|<p|<table|<h\d|<!--)/i.test(head.replace(/^\uFEFF|^\xEF\xBB\xBF/, ""))) return "html";
  return undefined;
}

const FORMAT_NAMES: Readonly<Record<DocumentFormat, string>> = { docx: "Word（.docx）文档", pdf: "PDF", html: "网页" };

export function checkContent(bytes: Uint8Array, format: DocumentFormat): void {
  const sniffed = sniffFormat(bytes);
  if (sniffed === "ole") {
    throw ImportError.unreadable("这是旧版 Word（.doc）文件或加密的 Office 文档，无法读取；请在 Word 或 WPS 中另存为 .docx（不加密）后再导入");
  }
  if (format === "html" ? sniffed === "pdf" || sniffed === "docx" : sniffed !== format) {
    const actual = sniffed && sniffed !== "html" ? `，内容看起来是${FORMAT_NAMES[sniffed]}` : sniffed === "html" ? "，内容看起来是网页" : "";
    throw ImportError.unreadable(`文件内容不是${FORMAT_NAMES[format]}${actual}`);
  }
}

