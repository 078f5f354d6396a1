/**
 * Reading an OFD package back, for the checks: its parts, the fonts it declares and the text of each
 * page, with a general XML parser (not the converter's own code).
 */
import { unzipSync } from "fflate";
import { XMLParser } from "fast-xml-parser";

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // keep text exactly: a trimmed TextCode would hide a misplaced run
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // repeatable elements always as arrays (the root <ofd:Page> of a Content.xml is not one)
  isArray: (name, jpath) =>
    (name === "ofd:Page" && String(jpath) !== "ofd:Page") ||
    ["ofd:Font", "ofd:TextObject", "ofd:PathObject", "ofd:TextCode", "ofd:CGTransform", "ofd:OutlineElem", "ofd:Layer", "ofd:Keyword", "ofd:CustomData", "ofd:DocBody", "ofd:ColorSpace"].includes(name),
});

export function parseXml(bytes: Uint8Array | string): XmlNode {
  return parser.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8")) as XmlNode;
}

export function unzipOfd(ofd: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(ofd)));
}

/** Resolves a location in the package against the folder of the part that names it. */
export function resolveLoc(base: string, loc: string): string {
  if (loc.startsWith("/")) return loc.slice(1);
  const parts = base.split("/").slice(0, -1);
  for (const segment of loc.split("/")) {
    if (segment === "..") parts.pop();
    else if (segment !== "." && segment !== "") parts.push(segment);
  }
  return parts.join("/");
}

const arrayOf = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export interface DeclaredFont {
  readonly id: string;
  readonly fontName: string;
  readonly familyName?: string;
  readonly bold: boolean;
  /** the embedded file, when there is one */
  readonly file?: Uint8Array;
  readonly path?: string;
}

export interface OfdPackageView {
  readonly files: Map<string, Uint8Array>;
  readonly ofd: XmlNode;
  readonly documentPath: string;
  readonly document: XmlNode;
  /** path → parsed part, for the document and its resources and pages */
  readonly resources: { path: string; xml: XmlNode }[];
  readonly pages: { id: string; path: string; xml: XmlNode }[];
  readonly fonts: DeclaredFont[];
}

export function readOfdPackage(ofd: Uint8Array): OfdPackageView {
  const files = unzipOfd(ofd);
  const text = (path: string) => {
    const bytes = files.get(path);
    if (!bytes) throw new Error(`the package has no ${path}`);
    return bytes;
  };
  const main = parseXml(text("OFD.xml"));
  const body = arrayOf((main["ofd:OFD"] as XmlNode)["ofd:DocBody"] as XmlNode[])[0]!;
  const documentPath = resolveLoc("OFD.xml", String(body["ofd:DocRoot"]));
  const document = parseXml(text(documentPath));
  const root = document["ofd:Document"] as XmlNode;
  const common = root["ofd:CommonData"] as XmlNode;
  const resources = [...arrayOf(common["ofd:PublicRes"] as string | string[]), ...arrayOf(common["ofd:DocumentRes"] as string | string[])].map((loc) => {
    const path = resolveLoc(documentPath, String(loc));
    return { path, xml: parseXml(text(path)) };
  });
  const fonts: DeclaredFont[] = [];
  for (const { path, xml } of resources) {
    const res = xml["ofd:Res"] as XmlNode;
    const base = resolveLoc(path, `${String(res["@_BaseLoc"] ?? "")}/x`).replace(/\/?x$/, "");
    const blocks = arrayOf(res["ofd:Fonts"] as XmlNode | XmlNode[] | undefined);
    for (const font of blocks.flatMap((block) => arrayOf(block["ofd:Font"] as XmlNode[] | undefined))) {
      const loc = font["ofd:FontFile"] as string | undefined;
      const filePath = loc ? resolveLoc(`${base}/x`, loc) : undefined;
      fonts.push({
        id: String(font["@_ID"]),
        fontName: String(font["@_FontName"]),
        ...(font["@_FamilyName"] ? { familyName: String(font["@_FamilyName"]) } : {}),
        bold: font["@_Bold"] === "true",
        ...(filePath && files.has(filePath) ? { file: files.get(filePath)!, path: filePath } : {}),
      });
    }
  }
  const pages = arrayOf(((root["ofd:Pages"] as XmlNode)["ofd:Page"] as XmlNode[]) ?? []).map((page) => {
    const path = resolveLoc(documentPath, String(page["@_BaseLoc"]));
    return { id: String(page["@_ID"]), path, xml: parseXml(text(path)) };
  });
  return { files, ofd: main, documentPath, document, resources, pages, fonts };
}
