/**
 * Hostile and broken documents: each class is refused with its own error code and HTTP status
 * (the CLI's exit code 2 is checked in test/integration/import-cli.test.ts, the API's status in
 * test/e2e/import-api.test.ts). How fast they fail is measured by `npm run bench:import`.
 */
import { PDFDocument, rgb } from "pdf-lib";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { ImportError, importDocument, type DocumentFormat } from "../../../functions/import/index.js";
import { docxWith, W } from "../../helpers/zip.js";

async function refusal(bytes: Uint8Array, format: DocumentFormat): Promise<ImportError> {
  try {
    await importDocument(bytes, format);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error("the document was not refused");
}

const encode = (text: string) => new TextEncoder().encode(text);
const body = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${inner}</w:body></w:document>`;

describe("import: hostile documents", () => {
  it("stops a zip bomb at the inflation limit", async () => {
    // 64 MB of one repeated paragraph compresses to a few hundred kilobytes
    const paragraph = encode("<w:p><w:r><w:t>一</w:t></w:r></w:p>".repeat(8));
    const big = new Uint8Array(64 * 1024 * 1024);
    for (let i = 0; i + paragraph.length <= big.length; i += paragraph.length) big.set(paragraph, i);
    const bomb = docxWith(big);
    expect(bomb.byteLength).toBeLessThan(5 * 1024 * 1024);
    const error = await refusal(bomb, "docx");
    expect(error).toMatchObject({ code: "document_too_complex", status: 422 });
    expect(error.message).toMatch(/压缩炸弹/);
  });

  it("stops an entry that inflates past the size it declares", async () => {
    const error = await refusal(docxWith(body("<w:p><w:r><w:t>一</w:t></w:r></w:p>".repeat(2000)), 100), "docx");
    expect(error.status).toBe(422);
  });

  it("refuses a DOCTYPE: external entities (XXE) and entity expansion (billion laughs)", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document ${W}><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document ${W}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>`;
    for (const xml of [xxe, laughs]) {
      const error = await refusal(docxWith(xml), "docx");
      expect(error).toMatchObject({ code: "document_too_complex", status: 422 });
      expect(error.message).toMatch(/DOCTYPE/);
      expect(error.message).not.toMatch(/root:/);
    }
  });

  it("refuses XML nested past the limit", async () => {
    const deep = `${"<w:tbl><w:tr><w:tc>".repeat(5000)}${"</w:tc></w:tr></w:tbl>".repeat(5000)}`;
    const error = await refusal(docxWith(body(deep)), "docx");
    expect(error).toMatchObject({ code: "document_too_complex", status: 422 });
    expect(error.message).toMatch(/嵌套/);
  });

  it("refuses web pages nested past the limit", async () => {
    const html = `<html><body>${"<div>".repeat(100_000)}一、总体情况${"</div>".repeat(100_000)}</body></html>`;
    const error = await refusal(encode(html), "html");
    expect(error).toMatchObject({ code: "document_too_complex", status: 422 });
  });

  it("refuses huge tables, in a web page and in Word", async () => {
    const rows = "<tr><td>1</td><td>2</td></tr>".repeat(6000);
    expect(await refusal(encode(`<html><body><table>${rows}</table></body></html>`), "html")).toMatchObject({ code: "document_too_complex", status: 422 });
    const wide = `<w:tbl><w:tr>${'<w:tc><w:tcPr><w:gridSpan w:val="150"/></w:tcPr><w:p/></w:tc>'.repeat(3)}</w:tr></w:tbl>`;
    expect(await refusal(docxWith(body(wide)), "docx")).toMatchObject({ code: "document_too_complex", status: 422 });
  });

  it("refuses a PDF of thousands of pages before reading them", async () => {
    const pdf = await PDFDocument.create();
    for (let i = 0; i < 2000; i++) pdf.addPage([100, 100]);
    const error = await refusal(await pdf.save(), "pdf");
    expect(error).toMatchObject({ code: "document_too_complex", status: 422 });
    expect(error.message).toMatch(/2000 页/);
  });

  it("refuses a scan without a text layer, saying so", async () => {
    const png = new PNG({ width: 120, height: 160 });
    png.data.fill(200);
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(PNG.sync.write(png));
    for (let i = 0; i < 3; i++) {
      const page = pdf.addPage([595, 842]);
      page.drawImage(image, { x: 50, y: 50, width: 495, height: 742 });
      page.drawRectangle({ x: 100, y: 400, width: 300, height: 1, color: rgb(0, 0, 0) });
    }
    const error = await refusal(await pdf.save(), "pdf");
    expect(error).toMatchObject({ code: "no_text_layer", status: 422 });
    expect(error.message).toMatch(/扫描件/);
  });

  it("refuses what is not what it says: damaged PDF, old .doc, a PDF sent as DOCX, an empty file", async () => {
    expect(await refusal(encode("%PDF-1.7\n garbage that is no PDF"), "pdf")).toMatchObject({ code: "unreadable_document", status: 422 });
    expect(await refusal(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "docx")).toMatchObject({ code: "unreadable_document" });
    const asDocx = await refusal(encode("%PDF-1.4\n"), "docx");
    expect(asDocx.message).toMatch(/PDF/);
    expect(await refusal(new Uint8Array(0), "html")).toMatchObject({ code: "unreadable_document" });
    expect(await refusal(encode("PK\u0003\u0004 not really a zip"), "docx")).toMatchObject({ code: "unreadable_document" });
  });

  it("refuses a document over 5 MiB with 413", async () => {
    const error = await refusal(new Uint8Array(5 * 1024 * 1024 + 1).fill(0x20), "html");
    expect(error).toMatchObject({ code: "payload_too_large", status: 413 });
  });
});
