/**
 * A tagged PDF's logical structure, read as assistive technology reads it: the structure tree of each
 * page with pdf.js (getStructTree, and the text of each marked-content sequence), and the table cells'
 * attributes (/Scope, /Headers, /ID) with pdf-lib, which pdf.js does not expose.
 */
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, PDFHexString } from "pdf-lib";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjs: Promise<PdfJs> | undefined;
const loadPdfJs = () => (pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

export interface StructNode {
  readonly role: string;
  /** the text of its content, in order, spaces removed */
  readonly text: string;
  readonly children: readonly StructNode[];
}

interface PdfJsNode {
  role?: string;
  type?: string;
  id?: string;
  children?: PdfJsNode[];
}

/** The text of every marked-content sequence, by pdf.js's id (`p<page ref>R_mc<MCID>`), and the text outside them. */
async function markedTexts(page: Awaited<ReturnType<Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>["getPage"]>>) {
  const content = await page.getTextContent({ includeMarkedContent: true });
  const texts = new Map<string, string>();
  const artifacts: string[] = [];
  let unmarked = "";
  const stack: { tag?: string; id?: string }[] = [];
  for (const item of content.items) {
    if ("type" in item && (item.type === "beginMarkedContent" || item.type === "beginMarkedContentProps")) {
      stack.push({ tag: (item as { tag?: string }).tag, id: (item as { id?: string }).id });
    } else if ("type" in item && item.type === "endMarkedContent") {
      stack.pop();
    } else if ("str" in item) {
      const id = [...stack].reverse().find((s) => s.id)?.id;
      if (stack.some((s) => s.tag === "Artifact")) artifacts.push(item.str);
      else if (id) texts.set(id, (texts.get(id) ?? "") + item.str);
      else unmarked += item.str;
    }
  }
  return { texts, artifacts: artifacts.join(""), unmarked };
}

export interface PageStructure {
  readonly tree: StructNode;
  /** text painted as /Artifact (page numbers, the watermark) */
  readonly artifacts: string;
  /** text painted outside any marked content: should be none */
  readonly unmarked: string;
}

/** The structure tree of every page, with the text of its content. */
export async function pageStructures(pdf: Uint8Array): Promise<PageStructure[]> {
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const pages: PageStructure[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { texts, artifacts, unmarked } = await markedTexts(page);
    const convert = (node: PdfJsNode): StructNode => {
      const children = (node.children ?? []).filter((c) => c.type !== "annotation" && c.type !== "object").map(convert);
      const own = node.type === "content" ? (texts.get(node.id!) ?? "") : "";
      return { role: node.role ?? node.type ?? "", text: (own + children.map((c) => c.text).join("")).replace(/\s+/g, ""), children };
    };
    const tree = (await page.getStructTree()) as PdfJsNode | null;
    pages.push({ tree: convert(tree ?? { role: "Root" }), artifacts: artifacts.replace(/\s+/g, ""), unmarked: unmarked.replace(/\s+/g, "") });
  }
  await doc.destroy();
  return pages;
}

/** Every node of a tree in reading order (pre-order). */
export function walk(node: StructNode): StructNode[] {
  return [node, ...node.children.flatMap(walk)];
}

export interface CellFacts {
  readonly role: "TH" | "TD";
  readonly text: string;
  readonly scope?: string;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** the texts of the header cells its /Headers name, in order */
  readonly headers: readonly string[];
}

export interface DocumentFacts {
  readonly marked: boolean;
  readonly lang?: string;
  readonly displayDocTitle: boolean;
  /** each Table element in document order, its cells row by row */
  readonly tables: readonly (readonly CellFacts[][])[];
}

/** The catalog's tagging entries and the cells of every table, attributes resolved. */
export async function documentFacts(pdf: Uint8Array): Promise<DocumentFacts> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const look = (v: unknown) => (v instanceof PDFRef ? ctx.lookup(v) : v);
  const dict = (v: unknown) => {
    const d = look(v);
    return d instanceof PDFDict ? d : undefined;
  };
  const get = (d: PDFDict | undefined, key: string) => look(d?.get(PDFName.of(key)));
  const text = (v: unknown) => (v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined);
  const catalog = doc.catalog;
  const markInfo = dict(get(catalog, "MarkInfo"));
  const viewer = dict(get(catalog, "ViewerPreferences"));

  // the text of each marked-content sequence, per page object number
  const { getDocument } = await loadPdfJs();
  const js = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const mcText = new Map<string, string>();
  for (let n = 1; n <= js.numPages; n++) {
    const page = await js.getPage(n);
    for (const [id, t] of (await markedTexts(page)).texts) mcText.set(id, t);
  }
  await js.destroy();

  const elements: PDFDict[] = [];
  const kids = (element: PDFDict): unknown[] => {
    const k = element.get(PDFName.of("K"));
    return k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
  };
  const textOf = (element: PDFDict, page?: PDFRef): string => {
    const pg = (element.get(PDFName.of("Pg")) as PDFRef | undefined) ?? page;
    return kids(element)
      .map((kid) => {
        if (kid instanceof PDFNumber) return mcText.get(`p${pg?.objectNumber}R_mc${kid.asNumber()}`) ?? "";
        const d = dict(kid);
        if (!d) return "";
        if (d.get(PDFName.of("Type"))?.toString() === "/MCR") {
          const mcPage = (d.get(PDFName.of("Pg")) as PDFRef | undefined) ?? pg;
          return mcText.get(`p${mcPage?.objectNumber}R_mc${(d.get(PDFName.of("MCID")) as PDFNumber).asNumber()}`) ?? "";
        }
        return d.get(PDFName.of("S")) ? textOf(d, pg) : "";
      })
      .join("")
      .replace(/\s+/g, "");
  };
  const collect = (node: unknown) => {
    const d = dict(node);
    if (!d || !d.get(PDFName.of("S"))) return;
    elements.push(d);
    for (const kid of kids(d)) collect(kid);
  };
  const root = dict(get(catalog, "StructTreeRoot"));
  if (root) for (const kid of kids(root)) collect(kid);

  const byId = new Map<string, PDFDict>();
  for (const element of elements) {
    const id = text(element.get(PDFName.of("ID")));
    if (id) byId.set(id, element);
  }
  const role = (d: PDFDict) => d.get(PDFName.of("S"))?.toString().slice(1) ?? "";
  const attributes = (d: PDFDict): PDFDict[] => {
    const a = look(d.get(PDFName.of("A")));
    return a instanceof PDFArray ? a.asArray().flatMap((x) => dict(x) ?? []) : a instanceof PDFDict ? [a] : [];
  };
  const tables = elements
    .filter((e) => role(e) === "Table")
    .map((table) => {
      const rows = kids(table)
        .flatMap((k) => dict(k) ?? [])
        .flatMap((r) => (role(r) === "TR" ? [r] : ["THead", "TBody", "TFoot"].includes(role(r)) ? kids(r).flatMap((x) => dict(x) ?? []) : []));
      return rows.map((row) =>
        kids(row)
          .flatMap((k) => dict(k) ?? [])
          .filter((c) => role(c) === "TH" || role(c) === "TD")
          .map((cell): CellFacts => {
            const attrs = attributes(cell);
            const attr = (key: string) => attrs.map((a) => a.get(PDFName.of(key))).find((v) => v !== undefined);
            const headers = look(attr("Headers"));
            return {
              role: role(cell) as "TH" | "TD",
              text: textOf(cell),
              ...(attr("Scope") ? { scope: attr("Scope")!.toString().slice(1) } : {}),
              rowSpan: (attr("RowSpan") as PDFNumber | undefined)?.asNumber() ?? 1,
              colSpan: (attr("ColSpan") as PDFNumber | undefined)?.asNumber() ?? 1,
              headers: headers instanceof PDFArray ? headers.asArray().map((h) => textOf(byId.get(text(h) ?? "") ?? PDFDict.withContext(ctx))) : [],
            };
          }),
      );
    });
  return {
    marked: get(markInfo, "Marked")?.toString() === "true",
    ...(text(get(catalog, "Lang")) ? { lang: text(get(catalog, "Lang")) } : {}),
    displayDocTitle: get(viewer, "DisplayDocTitle")?.toString() === "true",
    tables,
  };
}
