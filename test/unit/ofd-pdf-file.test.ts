/**
 * The converter's on-demand PDF reader (functions/ofd/pdf-file.ts) against pdf-lib's full parse of
 * the same files: cross-reference tables and streams, object streams, incremental updates, and
 * damaged cross-reference data reported as such.
 */
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString, StandardFonts, type PDFObject } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { CrossReferenceError, PdfFile } from "../../functions/ofd/pdf-file.js";

async function sample(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const n of [1, 2, 3, 4]) doc.addPage([595, 842]).drawText(`page ${n}`, { x: 50, y: 700, size: 12, font });
  return doc;
}

/** An object as text, streams with their stored bytes. */
function shown(object: PDFObject | undefined): string {
  if (object instanceof PDFRawStream) return `${object.dict.toString()} ${Buffer.from(object.contents).toString("hex")}`;
  return String(object);
}

function sameObjects(bytes: Uint8Array, whole: PDFDocument): void {
  const file = PdfFile.open(bytes);
  const objects = whole.context.enumerateIndirectObjects();
  expect(objects.length).toBeGreaterThan(8);
  for (const [ref, object] of objects) expect(shown(file.lookup(ref)), String(ref)).toBe(shown(object));
  expect(file.catalog.get(PDFName.of("Pages"))).toBe(whole.catalog.get(PDFName.of("Pages")));
}

describe("the on-demand PDF reader", () => {
  it("finds every object pdf-lib's full parse finds, through a cross-reference stream and object streams", async () => {
    const bytes = await (await sample()).save({ useObjectStreams: true });
    expect(Buffer.from(bytes).toString("latin1")).toContain("/ObjStm");
    sameObjects(bytes, await PDFDocument.load(bytes, { updateMetadata: false }));
  });

  it("finds every object through a cross-reference table", async () => {
    const bytes = await (await sample()).save({ useObjectStreams: false });
    expect(Buffer.from(bytes).toString("latin1")).toMatch(/\nxref\n/);
    sameObjects(bytes, await PDFDocument.load(bytes, { updateMetadata: false }));
  });

  it("takes an incremental update's objects over the ones it replaces, and the older ones it leaves", async () => {
    const doc = await sample();
    const original = await doc.save({ useObjectStreams: false });
    const text = Buffer.from(original).toString("latin1");
    const rootRef = /\/Root (\d+) 0 R/.exec(text)![1]!;
    const catalog = (doc.context.lookup(PDFRef.of(Number(rootRef))) as PDFDict).clone();
    catalog.set(PDFName.of("Lang"), PDFString.of("zh-CN"));
    const previous = /startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf("startxref")))![1]!;
    const body = `${rootRef} 0 obj\n${catalog.toString()}\nendobj\n`;
    const at = original.length;
    // two subsections: the free list's head, and the replaced catalog
    const xref = `xref\n0 1\n0000000000 65535 f \n${rootRef} 1\n${String(at).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${doc.context.largestObjectNumber + 1} /Root ${rootRef} 0 R /Prev ${previous} >>\nstartxref\n${at + body.length}\n%%EOF\n`;
    const updated = Buffer.concat([original, Buffer.from(body + xref, "latin1")]);
    const file = PdfFile.open(updated);
    expect(String(file.catalog.get(PDFName.of("Lang")))).toBe("(zh-CN)");
    expect(String((await PDFDocument.load(updated, { updateMetadata: false })).catalog.get(PDFName.of("Lang")))).toBe("(zh-CN)");
    expect(file.lookup(file.catalog.get(PDFName.of("Pages")) as PDFRef)).toBeInstanceOf(PDFDict);
  });

  it("leaves an encrypted file to pdf-lib's whole parse, which refuses it by name", async () => {
    const bytes = Buffer.from(await (await sample()).save({ useObjectStreams: false }));
    const text = bytes.toString("latin1");
    const at = text.lastIndexOf("trailer");
    const encrypted = Buffer.from(`${text.slice(0, at)}${text.slice(at).replace("/Root", "/Encrypt << /Filter /Standard /V 1 /R 2 >> /Root")}`, "latin1");
    expect(() => PdfFile.open(encrypted)).toThrow(/encrypted/);
  });

  it("reports damaged cross-reference data instead of reading the wrong bytes", async () => {
    const bytes = Buffer.from(await (await sample()).save({ useObjectStreams: false }));
    const text = bytes.toString("latin1");
    expect(() => PdfFile.open(bytes.subarray(0, text.lastIndexOf("startxref")))).toThrow(CrossReferenceError);
    // the first object's table entry moved by one byte: its lookup fails, never parses something else
    const entry = /\n(\d{10}) 00000 n/.exec(text.slice(text.lastIndexOf("\nxref\n")))!;
    const start = text.lastIndexOf("\nxref\n") + entry.index + 1;
    bytes.write(String(Number(entry[1]) + 1).padStart(10, "0"), start, "latin1");
    const file = PdfFile.open(bytes);
    const whole = await PDFDocument.load(bytes, { updateMetadata: false });
    const moved = whole.context.enumerateIndirectObjects().map(([ref]) => ref).find((ref) => {
      try {
        file.lookup(ref);
        return false;
      } catch (error) {
        return error instanceof CrossReferenceError;
      }
    });
    expect(moved).toBeDefined();
  });
});
