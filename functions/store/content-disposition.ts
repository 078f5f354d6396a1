/**
 * Content-Disposition for a download (RFC 6266), carrying a Chinese file name the way every browser
 * reads it: an ASCII `filename="…"` fallback plus `filename*=UTF-8''…` (RFC 5987/8187).
 */

/** attr-char of RFC 8187: what may stand unescaped in an ext-value. */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

export function encodeExtValue(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The name itself when it is plain printable ASCII (no quotes, backslashes or %), else the fallback. */
export function asciiFallback(name: string, fallback: string): string {
  return /^[\x20-\x7e]+$/.test(name) && !/["\\%]/.test(name) ? name : fallback;
}

/**
 * Characters a file name must not carry: C0/C1 controls, and the bidirectional controls (U+061C,
 * U+200E/F, U+202A–E, U+2066–9) with which a title could make "报告[U+202E]fdp.exe" read as "报告exe.pdf".
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Separators of paths on any system, and characters Windows refuses in a name. */
const PATH_CHARS = /[\\/:*?"<>|]+/;
const MAX_NAME_CHARS = 150;

/**
 * A download's file name made safe: no controls or bidirectional overrides, no path (separators
 * split it, and empty, "." and ".." parts are dropped), no leading dots, bounded length. The
 * extension is kept; an empty result gives `fallback`.
 */
export function safeFileName(name: string, fallback: string): string {
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(name.slice(dot)) ? name.slice(dot) : "";
  const stem = (extension ? name.slice(0, -extension.length) : name)
    .replace(UNSAFE_CHARS, "")
    .split(PATH_CHARS)
    .map((part) => part.trim())
    .filter((part) => part !== "" && part !== "." && part !== "..")
    .join("_")
    .replace(/^[.\s]+/, "")
    .replace(/\s+/g, " ");
  const bounded = Array.from(stem).slice(0, MAX_NAME_CHARS).join("").trim();
  return bounded ? `${bounded}${extension}` : fallback;
}

export function contentDisposition(type: "attachment" | "inline", fileName: string, asciiName: string): string {
  const name = safeFileName(fileName, asciiName);
  return `${type}; filename="${asciiFallback(name, asciiName)}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
