/**
 * The OFD package (GB/T 33190-2016 §7): OFD.xml → Doc_0/Document.xml → PublicRes (fonts) and one
 * Content.xml per page, zipped.
 *
 * The bytes depend on the content only: IDs are numbered in a fixed order, the DocID is a digest of
 * the parts, and every zip entry carries the same timestamp (the document's date), so converting the
 * same PDF twice gives the same file.
 */
import { createHash } from "node:crypto";
import type { EmbeddedFont } from "./embedded-font.js";
import type { OutlineEntry, Rgb } from "./pdf-content.js";
import { mm, type Box, type PageObjectModel, type PathObjectModel, type TextCodeModel, type TextObjectModel } from "./page-objects.js";
import { element, escape, part } from "./xml.js";
import { zip } from "./zip.js";

export type OfdDocType = "OFD" | "OFD-A";

export interface OfdDocInfo {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  /** YYYY-MM-DD (xs:date) */
  readonly creationDate: string;
  readonly creator: string;
  readonly creatorVersion: string;
  /** name → value, in order */
  readonly customData: readonly (readonly [string, string])[];
}

export interface OfdDocumentModel {
  readonly docType: OfdDocType;
  readonly info: OfdDocInfo;
  /** the PhysicalBox, mm */
  readonly pageWidth: number;
  readonly pageHeight: number;
  /** the fonts in the order they are declared, with each one's number */
  readonly fonts: readonly { readonly number: number; readonly font: EmbeddedFont }[];
  readonly pages: readonly (readonly PageObjectModel[])[];
  readonly outline: readonly OutlineEntry[];
}

export interface OfdPackage {
  readonly bytes: Uint8Array;
  readonly docId: string;
  /** every file in the package by its path, for checks and tests */
  readonly parts: ReadonlyMap<string, Uint8Array>;
}

const DOC = "Doc_0";
const BLACK = "0 0 0";

const box = (b: Box) => `${mm(b[0])} ${mm(b[1])} ${mm(b[2])} ${mm(b[3])}`;
const color = (c: Rgb) => c.join(" ");
const alpha255 = (a: number) => Math.round(Math.max(0, Math.min(1, a)) * 255);

/** Consecutive equal offsets as "g N v" (GB/T 33190 §11.3), where that is shorter. */
export function deltaArray(deltas: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < deltas.length; ) {
    let j = i + 1;
    while (j < deltas.length && deltas[j] === deltas[i]) j++;
    const value = mm(deltas[i]!);
    const count = j - i;
    // "g N v" against "v v … v", by their lengths
    const groupedLength = 3 + String(count).length + value.length;
    const plainLength = count * (value.length + 1) - 1;
    out.push(count > 1 && groupedLength < plainLength ? `g ${count} ${value}` : Array<string>(count).fill(value).join(" "));
    i = j;
  }
  return out.join(" ");
}

class Ids {
  private next = 1;
  take(): number {
    return this.next++;
  }
  get max(): number {
    return this.next - 1;
  }
}

// A report's pages hold thousands of text and path objects: they are written with templates rather
// than through element(), which builds an attribute object per element (a third of the packaging time).

/** ` name="value"`, or nothing for an absent value; numbers never need escaping. */
function attribute(name: string, value: string | number | undefined): string {
  return value === undefined ? "" : ` ${name}="${typeof value === "string" ? escape(value) : value}"`;
}

/** `<ofd:name …attributes>inner</ofd:name>`, or self-closing when there is nothing inside. */
function wrap(name: string, attributes: string, inner: string): string {
  return inner.length === 0 ? `<ofd:${name}${attributes}/>` : `<ofd:${name}${attributes}>${inner}</ofd:${name}>`;
}

/** Opaque colour elements by the colour's array: a page's rules share one fill. */
const opaqueColors = { FillColor: new WeakMap<Rgb, string>(), StrokeColor: new WeakMap<Rgb, string>() };

function colorElement(name: "FillColor" | "StrokeColor", rgb: Rgb, alpha: number): string {
  if (alpha < 1) return `<ofd:${name} Value="${color(rgb)}" Alpha="${alpha255(alpha)}"/>`;
  let element = opaqueColors[name].get(rgb);
  if (element === undefined) {
    element = `<ofd:${name} Value="${color(rgb)}"/>`;
    opaqueColors[name].set(rgb, element);
  }
  return element;
}

function textCode(code: TextCodeModel): string {
  let out = "";
  for (const s of code.substitutions) {
    out += element("CGTransform", { CodePosition: s.codePosition, CodeCount: s.codeCount, GlyphCount: s.glyphs.length }, [element("Glyphs", {}, s.glyphs.join(" "))]);
  }
  const attributes = ` X="${mm(code.x)}" Y="${mm(code.y)}"${code.deltaX.length > 0 ? ` DeltaX="${deltaArray(code.deltaX)}"` : ""}`;
  return `${out}<ofd:TextCode${attributes}${code.text.length === 0 ? "/>" : `>${escape(code.text)}</ofd:TextCode>`}`;
}

function textObject(id: number, object: TextObjectModel, fontId: number): string {
  let inner = color(object.fill) !== BLACK || object.alpha < 1 ? colorElement("FillColor", object.fill, object.alpha) : "";
  for (const code of object.codes) inner += textCode(code);
  const attributes =
    ` ID="${id}" Boundary="${box(object.boundary)}" Font="${fontId}" Size="${mm(object.size)}"` +
    // readers that draw with system fonts choose the face by weight (ofd.js sets font-weight from it)
    attribute("Weight", object.weight !== 400 ? object.weight : undefined) +
    attribute("Italic", object.italic ? "true" : undefined) +
    attribute("HScale", Math.abs(object.hScale - 1) > 0.001 ? Math.round(object.hScale * 1000) / 1000 : undefined);
  return wrap("TextObject", attributes, inner);
}

function pathObject(id: number, object: PathObjectModel): string {
  const { fill, stroke } = object;
  let inner = stroke ? colorElement("StrokeColor", stroke.color, stroke.alpha) : "";
  if (fill) inner += colorElement("FillColor", fill.color, fill.alpha);
  inner += wrap("AbbreviatedData", "", escape(object.data));
  let attributes = ` ID="${id}" Boundary="${box(object.boundary)}"`;
  if (stroke) {
    attributes +=
      ` LineWidth="${mm(stroke.width)}"` +
      attribute("Cap", stroke.cap !== "Butt" ? stroke.cap : undefined) +
      attribute("Join", stroke.join !== "Miter" ? stroke.join : undefined) +
      attribute("DashPattern", stroke.dash ? stroke.dash.pattern.map(mm).join(" ") : undefined) +
      attribute("DashOffset", stroke.dash?.offset ? mm(stroke.dash.offset) : undefined);
  }
  // both written: readers disagree on the defaults (the standard's are Stroke=true, Fill=false)
  attributes += ` Stroke="${stroke ? "true" : "false"}" Fill="${fill ? "true" : "false"}"${fill?.evenOdd ? ' Rule="Even-Odd"' : ""}`;
  return wrap("PathObject", attributes, inner);
}

function outlineElement(entry: OutlineEntry, pageIds: readonly number[]): string {
  const pageId = entry.pageIndex !== undefined ? pageIds[entry.pageIndex] : undefined;
  const actions =
    pageId !== undefined
      ? [
          element("Actions", {}, [
            element("Action", { Event: "CLICK" }, [
              element("Goto", {}, [
                element("Dest", {
                  Type: "XYZ",
                  PageID: pageId,
                  Left: entry.left !== undefined ? mm(entry.left) : undefined,
                  Top: entry.top !== undefined ? mm(entry.top) : undefined,
                }),
              ]),
            ]),
          ]),
        ]
      : [];
  return element("OutlineElem", { Title: entry.title }, [...actions, ...entry.children.map((child) => outlineElement(child, pageIds))]);
}

function docInfo(info: OfdDocInfo, docId: string): string {
  return element("DocInfo", {}, [
    element("DocID", {}, docId),
    element("Title", {}, info.title),
    element("Author", {}, info.author),
    element("Subject", {}, info.subject),
    element("CreationDate", {}, info.creationDate),
    ...(info.keywords.length > 0 ? [element("Keywords", {}, info.keywords.map((k) => element("Keyword", {}, k)))] : []),
    element("Creator", {}, info.creator),
    element("CreatorVersion", {}, info.creatorVersion),
    ...(info.customData.length > 0 ? [element("CustomDatas", {}, info.customData.map(([name, value]) => element("CustomData", { Name: name }, value)))] : []),
  ]);
}

export async function writeOfdPackage(model: OfdDocumentModel): Promise<OfdPackage> {
  const ids = new Ids();
  const files = new Map<string, Uint8Array>();
  /** parts the PDF already holds deflated (the font programs), by path */
  const deflated = new Map<string, Uint8Array>();
  const utf8 = (text: string) => Buffer.from(text, "utf8");

  // resources first, then pages: their IDs come in the order they are written
  const fontIds = new Map<number, number>();
  const fontElements = model.fonts.map(({ number, font }) => {
    const id = ids.take();
    fontIds.set(number, id);
    const file = `font_${id}.ttf`;
    files.set(`${DOC}/Res/${file}`, font.program.file);
    if (font.program.deflated) deflated.set(`${DOC}/Res/${file}`, font.program.deflated);
    return element(
      "Font",
      {
        ID: id,
        FontName: font.postscriptName,
        FamilyName: font.familyName,
        Bold: font.weight >= 600 ? true : undefined,
        Italic: font.italic ? true : undefined,
        Serif: font.serif ? true : undefined,
        FixedWidth: font.fixedWidth ? true : undefined,
      },
      [element("FontFile", {}, file)],
    );
  });
  const archival = model.docType === "OFD-A";
  // GB/T 42133 §6.2.6a / §6.3.1: colour spaces live in PublicRes, and a default one is declared
  const colorSpaceId = archival ? ids.take() : undefined;
  const publicRes = part("Res", { BaseLoc: "Res" }, [
    ...(colorSpaceId !== undefined ? [element("ColorSpaces", {}, [element("ColorSpace", { ID: colorSpaceId, Type: "RGB", BitsPerComponent: 8 })])] : []),
    element("Fonts", {}, fontElements),
  ]);

  const pageIds: number[] = [];
  const pageEntries: string[] = [];
  model.pages.forEach((objects, index) => {
    const pageId = ids.take();
    const layerId = ids.take();
    pageIds.push(pageId);
    const content = objects.map((object) => {
      const id = ids.take();
      return object.kind === "text" ? textObject(id, object, fontIds.get(object.font)!) : pathObject(id, object);
    });
    const base = `Pages/Page_${index}/Content.xml`;
    pageEntries.push(element("Page", { ID: pageId, BaseLoc: base }));
    files.set(`${DOC}/${base}`, utf8(part("Page", {}, [element("Content", {}, [element("Layer", { ID: layerId, Type: "Body" }, content)])])));
  });

  const document = part("Document", {}, [
    element("CommonData", {}, [
      element("MaxUnitID", {}, String(ids.max)),
      element("PageArea", {}, [element("PhysicalBox", {}, `0 0 ${mm(model.pageWidth)} ${mm(model.pageHeight)}`)]),
      element("PublicRes", {}, "PublicRes.xml"),
      ...(colorSpaceId !== undefined ? [element("DefaultCS", {}, String(colorSpaceId))] : []),
    ]),
    element("Pages", {}, pageEntries),
    ...(model.outline.length > 0 ? [element("Outlines", {}, model.outline.map((entry) => outlineElement(entry, pageIds)))] : []),
  ]);
  files.set(`${DOC}/Document.xml`, utf8(document));
  files.set(`${DOC}/PublicRes.xml`, utf8(publicRes));

  // the DocID names this content: a digest of every other part and of the document information
  const digest = createHash("sha256");
  for (const path of [...files.keys()].sort()) digest.update(path).update("\0").update(files.get(path)!).update("\0");
  digest.update(docInfo(model.info, ""));
  const docId = digest.digest("hex").slice(0, 32);
  const ofd = part("OFD", { Version: "1.0", DocType: model.docType }, [
    element("DocBody", {}, [docInfo(model.info, docId), element("DocRoot", {}, `${DOC}/Document.xml`)]),
  ]);

  const ordered = new Map<string, Uint8Array>([["OFD.xml", utf8(ofd)]]);
  for (const path of [`${DOC}/Document.xml`, `${DOC}/PublicRes.xml`]) ordered.set(path, files.get(path)!);
  for (const [path, bytes] of files) if (!ordered.has(path)) ordered.set(path, bytes);

  const entries = [...ordered].map(([path, data]) => ({ path, data, ...(deflated.has(path) ? { deflated: deflated.get(path)! } : {}) }));
  return { bytes: zip(entries, model.info.creationDate), docId, parts: ordered };
}
