/**
 * Per-process caches of what the converter derives from a PDF's font streams, keyed by a digest of
 * the stream as the PDF stores it (its filter and its bytes).
 *
 * Chromium embeds a subset of each of the service's few fonts per PDF: a report published anew with
 * the same characters, or regenerated, embeds the very same programs and ToUnicode CMaps, and reading
 * them (inflating ~100 KB of font, parsing it with fontkit, the CMap's thousands of entries) was a
 * fifth of a conversion. A digest of the stored bytes costs a fraction of that, and a different
 * program is a different key: the output is the same with or without the cache.
 */
import { createHash } from "node:crypto";
import { PDFName, PDFRawStream, type PDFObject } from "pdf-lib";

/** Least recently used entries go first beyond the capacity. */
export class DigestCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  clear(): void {
    this.entries.clear();
  }

  get(key: string | undefined, make: () => T): T {
    if (key === undefined) return make();
    let value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
    } else {
      value = make();
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, value);
    return value;
  }
}

/**
 * The key of a stream's stored form: its filter and decode parameters (when they are written in its
 * dictionary) and a SHA-256 of its bytes; undefined when they are references, which the key cannot see.
 */
export function streamKey(stream: PDFObject | undefined): string | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  const filter = stream.dict.get(PDFName.of("Filter"));
  const parms = stream.dict.get(PDFName.of("DecodeParms"));
  if (/\bR\b/.test(`${filter ?? ""} ${parms ?? ""}`)) return undefined;
  return `${filter ?? ""}|${parms ?? ""}|${createHash("sha256").update(stream.contents).digest("hex")}`;
}

/** A report uses four fonts; a few reports' worth are kept. */
const CAPACITY = 16;

/** font programs (FontFile2), decoded: the bytes double as the key of their fontkit reading (embedded-font.ts) */
export const fontPrograms = new DigestCache<{ readonly bytes: Uint8Array; readonly deflated?: Uint8Array }>(CAPACITY);

/** ToUnicode CMaps, read */
export const toUnicodeMaps = new DigestCache<ReadonlyMap<number, string>>(CAPACITY);

/** Forgets every font read (the benchmark measures conversions of fonts not seen before). */
export function clearFontCaches(): void {
  fontPrograms.clear();
  toUnicodeMaps.clear();
}
