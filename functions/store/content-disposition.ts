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

export function contentDisposition(type: "attachment" | "inline", fileName: string, asciiName: string): string {
  return `${type}; filename="${asciiFallback(fileName, asciiName)}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
