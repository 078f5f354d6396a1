/**
 * The pieces of the tagged-PDF finish on small inputs: header associations of a multi-level table,
 * artifact marking of a content stream, and the compact rewrite with object streams.
 */
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFString, StandardFonts } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { markArtifacts } from "../../functions/render/pdf-artifacts.js";
import { readPdf, writeCompactPdf } from "../../functions/render/pdf-objects.js";
import { associateHeaders, type GridCell } from "../../functions/render/table-headers.js";
import { pageTexts } from "../helpers/pdf.js";

describe("header associations", () => {
  it("follow column groups, row groups and row labels, each body's own column headers only", () => {
    const c = (text: string, scope?: GridCell["scope"], rowspan?: number, colspan?: number): GridCell => ({ text, scope, rowspan, colspan });
    const head = [
      [c("corner", undefined, 2, 2), c("申请人情况", "colgroup", 1, 2)],
      [c("自然人", "col"), c("法人", "col")],
    ];
    const bodies = [
      [
        [c("办理结果", "row", 2), c("予以公开", "row"), c("1"), c("2")],
        [c("不予公开", "row"), c("3"), c("4")],
      ],
      [
        [c("第二组", "rowgroup", 1, 4)],
        [c("内容", "col", 1, 2), c("件数", "col", 1, 2)],
        [c("规章", "row", 1, 2), c("5", undefined, 1, 2)],
      ],
    ];
    const { head: h, bodies: b } = associateHeaders("t", head, bodies);
    const text = new Map([...h.flat(), ...b.flat(2)].flatMap((cell) => (cell.id ? [[cell.id, cell.text] as const] : [])));
    const names = (cell: { headers?: string }) => (cell.headers ?? "").split(" ").filter(Boolean).map((id) => text.get(id));
    expect(h[0]![0]).not.toHaveProperty("id"); // a corner note is no header
    expect(names(b[0]![0]![2]!)).toEqual(["申请人情况", "自然人", "办理结果", "予以公开"]);
    expect(names(b[0]![1]![2]!)).toEqual(["申请人情况", "法人", "办理结果", "不予公开"]);
    // the second body: its group, its own column header (never the first body's), its row label
    expect(names(b[1]![2]![1]!)).toEqual(["第二组", "申请人情况", "自然人", "法人", "件数", "规章"]);
    expect(names(b[1]![2]![0]!)).toEqual([]); // a header cell names no headers
  });
});

describe("artifact marking", () => {
  it("wraps painting outside marked content, closing before q/Q and tagged content", () => {
    const content = "q 1 0 0 1 0 0 cm BT /F1 12 Tf <0001> Tj ET Q\n/P <</MCID 0 >>BDC BT <0002> Tj ET EMC\n0 0 1 1 re f\nq BT <0003> Tj ET Q";
    expect(markArtifacts(content)).toBe(
      "q /Artifact BMC\n1 0 0 1 0 0 cm BT /F1 12 Tf <0001> Tj ET EMC\nQ\n/P <</MCID 0 >>BDC BT <0002> Tj ET EMC\n/Artifact BMC\n0 0 1 1 re f\nEMC\nq /Artifact BMC\nBT <0003> Tj ET EMC\nQ",
    );
  });

  it("reads literal strings whole, so an operator inside one is not an operator", () => {
    const content = "BT (q Q BDC \\) EMC) Tj ET";
    expect(markArtifacts(content)).toBe("/Artifact BMC\nBT (q Q BDC \\) EMC) Tj ET\nEMC\n");
  });

  it("re-marks chosen tagged sequences as pagination artifacts", () => {
    const content = "/NonStruct <</MCID 2 >>BDC x EMC /NonStruct <</MCID 3 >>BDC y EMC";
    expect(markArtifacts(content, new Set([3]))).toBe("/NonStruct <</MCID 2 >>BDC x EMC /Artifact <</Type /Pagination>> BDC y EMC");
  });
});

describe("the compact rewrite", () => {
  it("keeps every object and the text of an updated PDF, in object streams and a cross-reference stream", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const text of ["first page", "second page"]) doc.addPage([200, 200]).drawText(text, { x: 20, y: 100, font, size: 12 });
    doc.catalog.set(PDFName.of("Lang"), PDFString.of("zh-CN"));
    const classic = await doc.save({ useObjectStreams: false });
    // an incremental update that replaces the catalog, as pdf-info.ts writes one
    const parsed = readPdf(classic);
    const catalog = parsed.objects.get(parsed.root)!;
    const update = `\n${parsed.root} 0 obj\n${catalog.text.replace("(zh-CN)", "(en)")}\nendobj\ntrailer\n<< /Root ${parsed.root} 0 R /Size 99 >>\nstartxref\n0\n%%EOF\n`;
    const updated = Buffer.concat([Buffer.from(classic), Buffer.from(update, "latin1")]);

    const compact = writeCompactPdf(readPdf(updated));
    const text = Buffer.from(compact).toString("latin1");
    expect(text.startsWith("%PDF-1.7")).toBe(true);
    expect(text).toMatch(/\/Type \/ObjStm/);
    expect(text).toMatch(/\/Type \/XRef/);
    expect(text).not.toMatch(/\nxref\n/);
    const reread = await PDFDocument.load(compact);
    expect(reread.getPageCount()).toBe(2);
    expect(reread.catalog.get(PDFName.of("Lang"))?.toString()).toBe("(en)");
    expect(await pageTexts(compact)).toEqual(["first page", "second page"]);
  });

  it("reads stream data by its /Length, whatever bytes it holds", () => {
    const data = deflateSync(Buffer.from("endobj stream 1 0 obj"));
    const pdf = Buffer.concat([
      Buffer.from("%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\n2 0 obj\n<</Length " + data.length + " /Filter /FlateDecode>> stream\n", "latin1"),
      data,
      Buffer.from("\nendstream\nendobj\ntrailer\n<</Root 1 0 R /Size 3>>\nstartxref\n0\n%%EOF\n", "latin1"),
    ]);
    const parsed = readPdf(pdf);
    expect([...parsed.objects.keys()]).toEqual([1, 2]);
    expect(Buffer.from(parsed.objects.get(2)!.stream!)).toEqual(data);
  });
});
