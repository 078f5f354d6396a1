/**
 * The OFD package the converter writes from a real render, read back with a general XML parser and
 * fontkit: structure (GB/T 33190 §7), document information, outline, fonts and their cmaps, text
 * positioning, boundaries, IDs, determinism, the OFD-A profile, and the refusals.
 */
import * as fontkit from "fontkit";
import { decodePDFRawStream, PDFDocument, PDFName, PDFNumber, PDFRawStream, rgb, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfToOfd } from "../../functions/ofd/convert.js";
import { reportOfd } from "../../functions/ofd/edition.js";
import { OfdConversionError } from "../../functions/ofd/errors.js";
import { CrossReferenceError } from "../../functions/ofd/pdf-file.js";
import { openPdf } from "../../functions/ofd/pdf-objects.js";
import { ofdInfoOf } from "../../functions/ofd/report-info.js";
import { readOfdPackage, type XmlNode } from "../../functions/ofd/verify/package.js";
import { validatePackages } from "../../functions/ofd/verify/xsd.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { example, type ExampleName } from "../helpers/examples.js";
import { OFD_XSD_DIR } from "../helpers/ofd.js";
import { pdfFacts } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

const arrayOf = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const node = (n: unknown, key: string) => (n as XmlNode)[key] as XmlNode;

let renderer: ReportRenderer;
const pdfs = new Map<ExampleName, Uint8Array>();
beforeAll(async () => {
  renderer = new ReportRenderer();
  for (const name of ["yunxi2021", "raohe2019"] as const) pdfs.set(name, (await renderer.render(normalized(example(name)))).pdf);
});
afterAll(() => renderer?.close());

function ofdOf(name: ExampleName, archival = false): Promise<Uint8Array> {
  return reportOfd(pdfs.get(name)!, normalized(example(name)), { templateVersion: renderer.templateVersion, date: "2026-01-01", archival });
}

/** Every TextObject of a page with its TextCodes, expanded. */
function textObjects(page: XmlNode): { font: string; size: number; boundary: number[]; weight?: string; codes: { x: number; y: number; text: string; deltaX: number[] }[] }[] {
  const layers = arrayOf(node(node(page["ofd:Page"], "ofd:Content"), "ofd:Layer") as unknown as XmlNode[]);
  return layers.flatMap((layer) =>
    arrayOf(layer["ofd:TextObject"] as XmlNode[]).map((t) => ({
      font: String(t["@_Font"]),
      size: Number(t["@_Size"]),
      boundary: String(t["@_Boundary"]).split(" ").map(Number),
      ...(t["@_Weight"] ? { weight: String(t["@_Weight"]) } : {}),
      codes: arrayOf(t["ofd:TextCode"] as XmlNode[]).map((c) => ({
        x: Number(c["@_X"]),
        y: Number(c["@_Y"]),
        text: String(c["#text"] ?? ""),
        deltaX: expandDelta(c["@_DeltaX"] as string | undefined),
      })),
    })),
  );
}

/** "g 3 4.2 1" → [4.2, 4.2, 4.2, 1] (GB/T 33190 §11.3) */
function expandDelta(value: string | undefined): number[] {
  if (!value) return [];
  const tokens = value.trim().split(/\s+/);
  const out: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "g") {
      out.push(...Array<number>(Number(tokens[i + 1])).fill(Number(tokens[i + 2])));
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  return out;
}

describe.each(["yunxi2021", "raohe2019"] as const)("the OFD of %s", (name) => {
  let ofd: Uint8Array;
  let view: ReturnType<typeof readOfdPackage>;
  beforeAll(async () => {
    ofd = await ofdOf(name);
    view = readOfdPackage(ofd);
  });

  it("is a GB/T 33190 package: OFD.xml (Version 1.0) → Doc_0/Document.xml, A4, one Body layer per PDF page", async () => {
    const root = node(view.ofd, "ofd:OFD");
    expect(root["@_Version"]).toBe("1.0");
    expect(root["@_DocType"]).toBe("OFD");
    expect(view.documentPath).toBe("Doc_0/Document.xml");
    const common = node(node(view.document, "ofd:Document"), "ofd:CommonData");
    expect(node(common, "ofd:PageArea")["ofd:PhysicalBox"]).toBe("0 0 210 297");
    const facts = await pdfFacts(pdfs.get(name)!);
    expect(view.pages).toHaveLength(facts.pageSizes.length);
    for (const page of view.pages) {
      const layers = arrayOf(node(node(page.xml, "ofd:Page"), "ofd:Content")["ofd:Layer"] as XmlNode[]);
      expect(layers.map((l) => l["@_Type"])).toEqual(["Body"]);
    }
  });

  it("carries the document information: DocID, title, agency as author, subject, keywords, date, creator, 年度 and 机关", () => {
    const report = normalized(example(name));
    const info = node(arrayOf(node(view.ofd, "ofd:OFD")["ofd:DocBody"] as XmlNode[])[0], "ofd:DocInfo");
    expect(info["ofd:DocID"]).toMatch(/^[0-9a-f]{32}$/);
    expect(info["ofd:Title"]).toBe(report.title);
    expect(info["ofd:Author"]).toBe(report.agency.name);
    expect(String(info["ofd:Subject"])).toContain(`${report.year}年政府信息公开工作年度报告`);
    expect(arrayOf(node(info, "ofd:Keywords")["ofd:Keyword"] as string[])).toContain(report.agency.name);
    expect(info["ofd:CreationDate"]).toBe(report.publishedAt ?? "2026-01-01");
    expect(info["ofd:Creator"]).toBe("nianbao");
    expect(info["ofd:CreatorVersion"]).toBe(renderer.templateVersion);
    const custom = Object.fromEntries(arrayOf(node(info, "ofd:CustomDatas")["ofd:CustomData"] as XmlNode[]).map((c) => [c["@_Name"], c["#text"]]));
    expect(custom).toMatchObject({ 年度: String(report.year), 机关: report.agency.name });
  });

  it("has the PDF's bookmarks as its outline, pointing at the same pages", async () => {
    const facts = await pdfFacts(pdfs.get(name)!);
    const outline = arrayOf(node(node(view.document, "ofd:Document"), "ofd:Outlines")["ofd:OutlineElem"] as XmlNode[]);
    const pageIds = view.pages.map((p) => p.id);
    expect(outline.map((o) => o["@_Title"])).toEqual(facts.outline.map((o) => o.title));
    outline.forEach((o, i) => {
      const dest = node(node(node(node(o, "ofd:Actions"), "ofd:Action"), "ofd:Goto"), "ofd:Dest");
      expect(dest["@_Type"]).toBe("XYZ");
      expect(pageIds.indexOf(String(dest["@_PageID"])) + 1, String(o["@_Title"])).toBe(facts.outline[i]!.page);
    });
  });

  it("embeds every font as a TrueType file whose cmap maps every character written with it", () => {
    expect(view.fonts.length).toBeGreaterThan(0);
    const cmaps = new Map(
      view.fonts.map((f) => {
        expect(f.file, f.fontName).toBeDefined();
        const font = fontkit.create(Buffer.from(f.file!)) as fontkit.Font;
        expect(font.numGlyphs, f.fontName).toBeGreaterThan(0);
        return [f.id, font] as const;
      }),
    );
    let characters = 0;
    for (const page of view.pages) {
      for (const object of textObjects(page.xml)) {
        const font = cmaps.get(object.font);
        expect(font, `font ${object.font}`).toBeDefined();
        for (const code of object.codes) {
          for (const c of code.text.replace(/\s/gu, "")) {
            expect(font!.hasGlyphForCodePoint(c.codePointAt(0)!), `${c} in font ${object.font}`).toBe(true);
            characters++;
          }
        }
      }
    }
    expect(characters).toBeGreaterThan(1000);
  });

  it("places every character: X and Y on every TextCode, a DeltaX for each character after the first, no edge spaces", () => {
    for (const page of view.pages) {
      for (const object of textObjects(page.xml)) {
        for (const code of object.codes) {
          expect(Number.isFinite(code.x) && Number.isFinite(code.y)).toBe(true);
          expect(code.text).toBe(code.text.trim());
          const length = [...code.text].length;
          expect(code.deltaX, code.text).toHaveLength(length - 1);
          for (const d of code.deltaX) expect(d).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it("gives every text object a boundary that holds its glyphs' ascent and descent", () => {
    for (const page of view.pages) {
      for (const object of textObjects(page.xml)) {
        const [, , width, height] = object.boundary as [number, number, number, number];
        expect(width).toBeGreaterThan(0);
        for (const code of object.codes) {
          // the baseline sits below the top by at least the ascent, and above the bottom by at least the descent
          expect(code.y, code.text).toBeGreaterThanOrEqual(object.size * 0.88);
          expect(height - code.y, code.text).toBeGreaterThanOrEqual(object.size * 0.12);
          const advance = code.deltaX.reduce((a, b) => a + b, 0);
          expect(code.x + advance, code.text).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it("writes the table rules as filled PathObjects, and about one text object per line and font", () => {
    let rules = 0;
    for (const page of view.pages) {
      const xml = Buffer.from(view.files.get(page.path)!).toString("utf8");
      for (const m of xml.matchAll(/<ofd:PathObject\b([^>]*)>/g)) {
        expect(m[1]).toContain('Stroke="false"');
        expect(m[1]).toContain('Fill="true"');
        rules++;
      }
      // objects of one font on one baseline never overlap: they are separate segments of the line
      const objects = textObjects(page.xml).map((o) => ({ key: `${o.font}@${(o.boundary[1]! + o.codes[0]!.y).toFixed(2)}`, x0: o.boundary[0]!, x1: o.boundary[0]! + o.boundary[2]! }));
      for (const a of objects) for (const b of objects) if (a !== b && a.key === b.key) expect(a.x1 <= b.x0 + 0.01 || b.x1 <= a.x0 + 0.01).toBe(true);
    }
    expect(rules).toBeGreaterThan(50);
  });

  it("numbers every object uniquely, with MaxUnitID the largest", () => {
    const ids: number[] = [];
    const collect = (xml: string) => {
      for (const m of xml.matchAll(/<ofd:(?:Font|Page|Layer|TextObject|PathObject|ColorSpace)\b[^>]*\bID="(\d+)"/g)) ids.push(Number(m[1]));
    };
    for (const [path, bytes] of view.files) if (path.endsWith(".xml")) collect(Buffer.from(bytes).toString("utf8"));
    expect(new Set(ids).size).toBe(ids.length);
    const max = Number(node(node(view.document, "ofd:Document"), "ofd:CommonData")["ofd:MaxUnitID"]);
    expect(max).toBe(Math.max(...ids));
  });

  it("is the same bytes when made again from the same PDF", async () => {
    expect(Buffer.from(await ofdOf(name)).equals(Buffer.from(ofd))).toBe(true);
  });
});

describe("the OFD edition", () => {
  it("changes its DocID with its content", async () => {
    const report = normalized(example("yunxi2021"));
    const info = (title: string) => ofdInfoOf({ ...report, title }, { templateVersion: "t", fallbackDate: "2026-01-01" });
    const a = await pdfToOfd(pdfs.get("yunxi2021")!, { info: info(report.title) });
    const b = await pdfToOfd(pdfs.get("yunxi2021")!, { info: info(`${report.title}（更正）`) });
    const c = await pdfToOfd(pdfs.get("raohe2019")!, { info: info(report.title) });
    expect(new Set([a.docId, b.docId, c.docId]).size).toBe(3);
  });

  it("follows GB/T 42133 with --ofd-a: DocType OFD-A, fonts and a default colour space in PublicRes, DA/T 46 metadata", async () => {
    const ofd = await ofdOf("yunxi2021", true);
    const view = readOfdPackage(ofd);
    expect(node(view.ofd, "ofd:OFD")["@_DocType"]).toBe("OFD-A");
    const common = node(node(view.document, "ofd:Document"), "ofd:CommonData");
    const res = node(view.resources[0]!.xml, "ofd:Res");
    expect(view.resources[0]!.path).toBe("Doc_0/PublicRes.xml");
    const space = arrayOf(node(res, "ofd:ColorSpaces")["ofd:ColorSpace"] as XmlNode[])[0]!;
    expect(space["@_Type"]).toBe("RGB");
    expect(common["ofd:DefaultCS"]).toBe(space["@_ID"]);
    expect(view.fonts.every((f) => f.file !== undefined && f.path?.startsWith("Doc_0/Res/"))).toBe(true);
    // a subset keeps the tables §6.2.6c requires
    for (const f of view.fonts) {
      const tables = Object.keys((fontkit.create(Buffer.from(f.file!)) as unknown as { directory: { tables: object } }).directory.tables);
      for (const t of ["cmap", "loca", "glyf", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"]) expect(tables, `${f.fontName} ${t}`).toContain(t);
    }
    const info = node(arrayOf(node(view.ofd, "ofd:OFD")["ofd:DocBody"] as XmlNode[])[0], "ofd:DocInfo");
    const names = arrayOf(node(info, "ofd:CustomDatas")["ofd:CustomData"] as XmlNode[]).map((c) => c["@_Name"]);
    expect(names).toEqual(expect.arrayContaining(["年度", "机关", "题名", "责任者", "日期", "文种", "页数"]));
    const { findings } = await validatePackages([{ name: "ofd-a", parts: view.files }], OFD_XSD_DIR);
    expect(findings).toEqual([]);
  });

  it("reads the PDF the same whether its objects come through its cross-reference data or, where that is damaged, from the whole file", async () => {
    const info = ofdInfoOf(normalized(example("yunxi2021")), { templateVersion: "t", fallbackDate: "2026-01-01" });
    const pdf = pdfs.get("yunxi2021")!;
    const text = Buffer.from(pdf).toString("latin1");
    const at = text.lastIndexOf("startxref");
    const offset = /startxref\s+(\d+)/.exec(text.slice(at))![1]!;
    // startxref pointing into the middle of an object: the converter falls back to pdf-lib's full parse
    const damaged = Buffer.from(pdf);
    damaged.write(String(Number(offset) - 7).padStart(offset.length, "0"), at + text.slice(at).indexOf(offset), "latin1");
    expect(() => openPdf(damaged)).toThrow(CrossReferenceError);
    const whole = await pdfToOfd(damaged, { info });
    const lazy = await pdfToOfd(pdf, { info });
    expect(Buffer.from(whole.ofd).equals(Buffer.from(lazy.ofd))).toBe(true);
    // the same objects saved with a cross-reference table instead of a stream
    const table = await (await PDFDocument.load(pdf, { updateMetadata: false })).save({ useObjectStreams: false });
    expect(Buffer.from(table).toString("latin1")).toMatch(/\nxref\n/);
    expect(Buffer.from((await pdfToOfd(table, { info })).ofd).equals(Buffer.from(lazy.ofd))).toBe(true);
  });

  it("refuses a PDF with an image, naming what it cannot write", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595, 842]);
    // a 1×1 PNG
    const png = await doc.embedPng(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAghzaNwAAAABJRU5ErkJggg==", "base64"));
    page.drawImage(png, { x: 10, y: 10, width: 50, height: 50 });
    const error = await pdfToOfd(await doc.save(), { info: ofdInfoOf(normalized(example("yunxi2021")), { templateVersion: "t", fallbackDate: "2026-01-01" }) }).catch((e) => e);
    expect(error).toBeInstanceOf(OfdConversionError);
    expect(error.failure).toBe("unsupported-content");
    expect(error.message).toMatch(/page 1.*paintImageXObject/);
  });

  it("refuses a font it cannot embed (a standard Type 1 font, not embedded)", async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([595, 842]).drawText("Annual report", { x: 50, y: 700, size: 12, font, color: rgb(0, 0, 0) });
    const error = await pdfToOfd(await doc.save(), { info: ofdInfoOf(normalized(example("yunxi2021")), { templateVersion: "t", fallbackDate: "2026-01-01" }) }).catch((e) => e);
    expect(error).toBeInstanceOf(OfdConversionError);
    expect(error.failure).toBe("font");
  });

  it("refuses a font whose licence bits forbid embedding", async () => {
    // the same PDF with the OS/2 fsType of its first font set to "restricted licence embedding"
    const pdf = pdfs.get("yunxi2021")!;
    const doc = await PDFDocument.load(pdf);
    let patched = false;
    for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
      if (patched || !(object instanceof PDFRawStream) || !(object.dict.get(PDFName.of("Length1")) instanceof PDFNumber)) continue;
      const bytes = Buffer.from(decodePDFRawStream(object).decode());
      for (let i = 0; i < bytes.readUInt16BE(4); i++) {
        if (bytes.toString("latin1", 12 + 16 * i, 16 + 16 * i) === "OS/2") bytes.writeUInt16BE(0x0002, bytes.readUInt32BE(20 + 16 * i) + 8);
      }
      doc.context.assign(ref, doc.context.flateStream(bytes, { Length1: bytes.length }));
      patched = true;
    }
    expect(patched).toBe(true);
    const error = await pdfToOfd(await doc.save(), { info: ofdInfoOf(normalized(example("yunxi2021")), { templateVersion: "t", fallbackDate: "2026-01-01" }) }).catch((e) => e);
    expect(error).toBeInstanceOf(OfdConversionError);
    expect(error.failure).toBe("font");
    expect(error.message).toMatch(/forbid embedding/);
  });
});
