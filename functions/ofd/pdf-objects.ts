/**
 * The PDF's objects as the converter reads them, through pdf-lib's parser: references resolved,
 * numbers, names and text, and stream data decoded. They are read on demand through the file's
 * cross-reference data (pdf-file.ts), or — for a file whose cross-reference data cannot be followed —
 * from the whole file parsed by pdf-lib.
 *
 * Flate streams (all of Chromium's: content, fonts, CMaps) are inflated with Node's zlib, which is
 * many times faster than pdf-lib's JavaScript decoder; other filters go through pdf-lib.
 */
import { inflateSync, constants as zlib } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from "pdf-lib";
import { OfdConversionError } from "./errors.js";
import { PdfFile } from "./pdf-file.js";

/** Where the objects come from: references to objects, and the document catalog. */
export interface PdfSource {
  lookup(ref: PDFRef): PDFObject | undefined;
  readonly catalog: PDFDict;
}

/** The PDF's objects, read on demand; CrossReferenceError when its cross-reference data cannot be followed. */
export function openPdf(pdf: Uint8Array): PdfSource {
  return PdfFile.open(pdf);
}

/** The whole PDF parsed by pdf-lib, which recovers what it can of a damaged file. */
export async function loadWholePdf(pdf: Uint8Array): Promise<PdfSource> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch (error) {
    throw new OfdConversionError("pdf-structure", `the PDF cannot be parsed: ${(error as Error).message}`);
  }
  return { lookup: (ref) => doc.context.lookup(ref), catalog: doc.catalog };
}

export class PdfObjects {
  constructor(readonly source: PdfSource) {}

  resolve(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof PDFRef ? this.source.lookup(value) : value;
  }

  get(dict: PDFDict | undefined, key: string): PDFObject | undefined {
    return this.resolve(dict?.get(PDFName.of(key)));
  }

  dict(dict: PDFDict | undefined, key: string): PDFDict | undefined {
    const value = this.get(dict, key);
    return value instanceof PDFDict ? value : value instanceof PDFStream ? value.dict : undefined;
  }

  array(dict: PDFDict | undefined, key: string): PDFObject[] | undefined {
    const value = this.get(dict, key);
    return value instanceof PDFArray ? value.asArray().map((v) => this.resolve(v)!) : undefined;
  }

  number(dict: PDFDict | undefined, key: string): number | undefined {
    const value = this.get(dict, key);
    return value instanceof PDFNumber ? value.asNumber() : undefined;
  }

  /** "/Identity-H" → "Identity-H" */
  name(dict: PDFDict | undefined, key: string): string | undefined {
    const value = this.get(dict, key);
    return value instanceof PDFName ? value.decodeText() : undefined;
  }

  /** A text string (PDFDocEncoding or UTF-16 with its BOM). */
  text(dict: PDFDict | undefined, key: string): string | undefined {
    const value = this.get(dict, key);
    return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
  }

  /** Whether a stream is compressed with Flate alone (no predictor): its data is a zlib stream. */
  private flateOnly(stream: PDFRawStream): boolean {
    const filter = this.resolve(stream.dict.get(PDFName.of("Filter")));
    const only = filter instanceof PDFArray && filter.size() === 1 ? this.resolve(filter.get(0)) : filter;
    return only instanceof PDFName && only.decodeText() === "FlateDecode" && !stream.dict.has(PDFName.of("DecodeParms"));
  }

  /**
   * A stream's decoded data, and — when the stream is one whole zlib stream and nothing else — its
   * deflate data as it stands, which a zip entry can carry without compressing it again.
   */
  streamWithDeflated(stream: PDFObject | undefined, what: string): { bytes: Uint8Array; deflated?: Uint8Array } {
    const resolved = this.resolve(stream);
    if (resolved instanceof PDFRawStream && this.flateOnly(resolved)) {
      const z = resolved.contents;
      try {
        // inflated to its end, zlib has checked the Adler-32 (RFC 1950); nothing may follow it
        const { buffer, engine } = inflateSync(z, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        if (engine.bytesWritten === z.length) return { bytes: buffer, deflated: z.subarray(2, z.length - 4) };
      } catch {
        // cut short or damaged: read as streamBytes reads it
      }
    }
    return { bytes: this.streamBytes(stream, what) };
  }

  /** A stream's decoded data. */
  streamBytes(stream: PDFObject | undefined, what: string): Uint8Array {
    const resolved = this.resolve(stream);
    if (resolved instanceof PDFRawStream) {
      if (this.flateOnly(resolved)) {
        try {
          // a stream cut short still gives what it holds, as readers do
          return inflateSync(resolved.contents, { finishFlush: zlib.Z_SYNC_FLUSH });
        } catch (error) {
          throw new OfdConversionError("pdf-structure", `${what} cannot be inflated: ${(error as Error).message}`);
        }
      }
      try {
        return decodePDFRawStream(resolved).decode();
      } catch (error) {
        throw new OfdConversionError("pdf-structure", `${what} cannot be decoded: ${(error as Error).message}`);
      }
    }
    if (resolved instanceof PDFStream) return resolved.getContents();
    throw new OfdConversionError("pdf-structure", `${what} is not a stream`);
  }
}
