/**
 * A PDF's objects read on demand through its cross-reference data (ISO 32000-1 §7.5.4–7.5.8): the
 * table or stream that startxref points at, then each /Prev (and a hybrid file's /XRefStm), newest
 * first.
 *
 * The converter needs the pages, their resources and content, the fonts and the outline: a few dozen
 * of a tagged report's ~950 objects (most of them StructElem dictionaries). pdf-lib's
 * PDFDocument.load parses every object of the file before the first can be read — a third of the
 * conversion — so here each object is parsed, with pdf-lib's own object parser, only when it is
 * looked up. A file whose cross-reference data does not lead to its objects exactly (a damaged or
 * hand-edited PDF) is reported as such, and the converter reads it whole with pdf-lib instead, which
 * recovers what it can.
 */
import { inflateSync } from "node:zlib";
import { decodePDFRawStream, PDFArray, PDFContext, PDFDict, PDFName, PDFNumber, PDFObjectParser, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib";

/** The cross-reference data does not lead to the objects: read the file whole instead. */
export class CrossReferenceError extends Error {}

type Entry = { readonly offset: number } | { readonly stream: number; readonly index: number };

/** Sections followed through /Prev before the chain is taken as cyclic. */
const MAX_SECTIONS = 256;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString("latin1");
}

/** The context's object table, filled as objects are asked for. */
class ObjectsOnDemand extends Map<PDFRef, PDFObject> {
  constructor(private readonly load: (ref: PDFRef) => PDFObject | undefined) {
    super();
  }
  override get(ref: PDFRef): PDFObject | undefined {
    return this.load(ref);
  }
}

const numberOf = (value: PDFObject | undefined) => (value instanceof PDFNumber ? value.asNumber() : undefined);

export class PdfFile {
  private readonly context = PDFContext.create();
  private readonly entries = new Map<number, Entry>();
  private readonly parsed = new Map<number, PDFObject | undefined>();
  private readonly objectStreams = new Map<number, { data: Uint8Array; first: number; offsets: Map<number, number> }>();
  readonly trailer: PDFDict;

  private constructor(private readonly bytes: Uint8Array) {
    // pdf-lib's own lookups (a stream's /Filter, say) find the objects here too
    Object.assign(this.context, { indirectObjects: new ObjectsOnDemand((ref) => this.lookup(ref)) });
    const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
    const at = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!at) throw new CrossReferenceError("no startxref at the end of the file");
    let trailer: PDFDict | undefined;
    const seen = new Set<number>();
    for (let offset: number | undefined = Number(at[1]); offset !== undefined; ) {
      if (seen.has(offset) || seen.size >= MAX_SECTIONS) throw new CrossReferenceError("the cross-reference sections form a cycle");
      seen.add(offset);
      const section = this.section(offset);
      trailer ??= section;
      // a hybrid file's cross-reference stream comes after its table, before the previous section
      const stream = numberOf(section.get(PDFName.of("XRefStm")));
      if (stream !== undefined && !seen.has(stream)) {
        seen.add(stream);
        this.section(stream);
      }
      offset = numberOf(section.get(PDFName.of("Prev")));
    }
    if (!(trailer?.get(PDFName.of("Root")) instanceof PDFRef)) throw new CrossReferenceError("the trailer names no catalog");
    // an encrypted file's strings and streams cannot be read as they stand: pdf-lib's whole parse refuses it by name
    if (trailer.has(PDFName.of("Encrypt"))) throw new CrossReferenceError("the file is encrypted");
    this.trailer = trailer;
  }

  /** The file's objects through its cross-reference data; CrossReferenceError when it cannot be followed. */
  static open(bytes: Uint8Array): PdfFile {
    return new PdfFile(bytes);
  }

  lookup(ref: PDFRef): PDFObject | undefined {
    const n = ref.objectNumber;
    if (this.parsed.has(n)) return this.parsed.get(n);
    const entry = this.entries.get(n);
    // an object the cross-reference data does not list is null (§7.3.10)
    const object = entry === undefined ? undefined : "offset" in entry ? this.indirectObject(entry.offset, n) : this.packedObject(entry.stream, entry.index, n);
    this.parsed.set(n, object);
    return object;
  }

  get catalog(): PDFDict {
    const catalog = this.lookup(this.trailer.get(PDFName.of("Root")) as PDFRef);
    if (!(catalog instanceof PDFDict)) throw new CrossReferenceError("the catalog is not a dictionary");
    return catalog;
  }

  /** Adds a section's entries under those of newer sections; gives its trailer dictionary. */
  private section(offset: number): PDFDict {
    if (latin1(this.bytes, offset, offset + 4) === "xref") return this.table(offset + 4);
    const stream = this.indirectObject(offset);
    if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of("Type")) !== PDFName.of("XRef")) {
      throw new CrossReferenceError(`startxref or /Prev points at byte ${offset}, where there is no cross-reference section`);
    }
    const dict = stream.dict;
    const widths = dict.get(PDFName.of("W"));
    const w = widths instanceof PDFArray ? widths.asArray().map(numberOf) : [];
    if (w.length !== 3 || w.some((v) => v === undefined || v < 0 || v > 8)) throw new CrossReferenceError("a cross-reference stream with a malformed /W");
    const [w0, w1, w2] = w as [number, number, number];
    const index = dict.get(PDFName.of("Index"));
    const ranges = index instanceof PDFArray ? index.asArray().map(numberOf) : [0, numberOf(dict.get(PDFName.of("Size")))];
    if (ranges.length % 2 !== 0 || ranges.some((v) => v === undefined)) throw new CrossReferenceError("a cross-reference stream with a malformed /Index");
    const data = this.decode(stream);
    const field = (at: number, width: number) => {
      let value = 0;
      for (let i = 0; i < width; i++) value = value * 256 + data[at + i]!;
      return value;
    };
    const rowLength = w0 + w1 + w2;
    let at = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      for (let k = 0, n = ranges[r]!; k < ranges[r + 1]!; k++, n++, at += rowLength) {
        if (at + rowLength > data.length) throw new CrossReferenceError("a cross-reference stream shorter than its /Index");
        const type = w0 === 0 ? 1 : field(at, w0);
        const second = field(at + w0, w1);
        const third = field(at + w0 + w1, w2);
        if (this.entries.has(n)) continue; // a newer section has it
        if (type === 1) this.entries.set(n, { offset: second });
        else if (type === 2) this.entries.set(n, { stream: second, index: third });
        else if (type === 0) this.entries.set(n, { offset: -1 }); // free: null, even where an older section had it
      }
    }
    return dict;
  }

  /** A cross-reference table (§7.5.4) from just after its "xref" keyword, and the trailer after it. */
  private table(start: number): PDFDict {
    const text = latin1(this.bytes, start, this.bytes.length);
    const subsection = /\s*(\d+)\s+(\d+)[ \t]*\r?\n?/y;
    const row = /(\d{10}) (\d{5}) ([nf])\s{1,2}/y;
    let at = 0;
    for (;;) {
      subsection.lastIndex = at;
      const head = subsection.exec(text);
      if (!head) break;
      at = subsection.lastIndex;
      const first = Number(head[1]);
      for (let k = 0; k < Number(head[2]); k++) {
        row.lastIndex = at;
        const m = row.exec(text);
        if (!m) throw new CrossReferenceError(`a malformed cross-reference table entry at byte ${start + at}`);
        at = row.lastIndex;
        const n = first + k;
        if (!this.entries.has(n)) this.entries.set(n, { offset: m[3] === "n" ? Number(m[1]) : -1 });
      }
    }
    const trailer = /^\s*trailer\s*/.exec(text.slice(at, at + 64));
    if (!trailer) throw new CrossReferenceError("a cross-reference table without its trailer");
    const dict = PDFObjectParser.forBytes(this.bytes.subarray(start + at + trailer[0].length), this.context).parseObject();
    if (!(dict instanceof PDFDict)) throw new CrossReferenceError("a trailer that is not a dictionary");
    return dict;
  }

  /** `n g obj … endobj` at an offset, checked to be object n when n is given. */
  private indirectObject(offset: number, expected?: number): PDFObject | undefined {
    if (offset < 0) return undefined; // a free entry
    const header = /^\s*(\d+)\s+(\d+)\s+obj\b/.exec(latin1(this.bytes, offset, offset + 40));
    if (!header || (expected !== undefined && Number(header[1]) !== expected)) {
      throw new CrossReferenceError(`the cross-reference data places object ${expected ?? "?"} at byte ${offset}, where it is not`);
    }
    try {
      return PDFObjectParser.forBytes(this.bytes.subarray(offset + header[0].length), this.context).parseObject();
    } catch (error) {
      throw new CrossReferenceError(`object ${header[1]} cannot be parsed: ${(error as Error).message}`);
    }
  }

  /** Object n, the index-th in an object stream (§7.5.7). */
  private packedObject(streamNumber: number, index: number, n: number): PDFObject | undefined {
    let stream = this.objectStreams.get(streamNumber);
    if (!stream) {
      const raw = this.lookup(PDFRef.of(streamNumber));
      if (!(raw instanceof PDFRawStream)) throw new CrossReferenceError(`object ${n} is said to be in object ${streamNumber}, which is not a stream`);
      const first = numberOf(raw.dict.get(PDFName.of("First")));
      const count = numberOf(raw.dict.get(PDFName.of("N")));
      if (first === undefined || count === undefined) throw new CrossReferenceError(`the object stream ${streamNumber} lacks /First or /N`);
      const data = this.decode(raw);
      const numbers = latin1(data, 0, first).trim().split(/\s+/).map(Number);
      const offsets = new Map<number, number>();
      for (let i = 0; i < count; i++) offsets.set(i, numbers[2 * i + 1]!);
      // the pairs name the objects; the index counts them
      stream = { data, first, offsets };
      for (let i = 0; i < count; i++) if (numbers[2 * i] !== undefined) offsets.set(-1 - numbers[2 * i]!, numbers[2 * i + 1]!);
      this.objectStreams.set(streamNumber, stream);
    }
    const offset = stream.offsets.get(-1 - n);
    if (offset === undefined || stream.offsets.get(index) !== offset) throw new CrossReferenceError(`object ${n} is not where the cross-reference data places it in object stream ${streamNumber}`);
    try {
      return PDFObjectParser.forBytes(stream.data.subarray(stream.first + offset), this.context).parseObject();
    } catch (error) {
      throw new CrossReferenceError(`object ${n} cannot be parsed: ${(error as Error).message}`);
    }
  }

  /** A stream's data: Flate alone by Node's zlib, anything else by pdf-lib's decoders. */
  private decode(stream: PDFRawStream): Uint8Array {
    const filter = stream.dict.get(PDFName.of("Filter"));
    try {
      if (filter === PDFName.of("FlateDecode") && !stream.dict.has(PDFName.of("DecodeParms"))) return inflateSync(stream.contents);
      return decodePDFRawStream(stream).decode();
    } catch (error) {
      throw new CrossReferenceError(`a cross-reference or object stream cannot be decoded: ${(error as Error).message}`);
    }
  }
}
