/**
 * Reading a .docx back as Word would: the OOXML package (zip, content types, relationships), the
 * main document's paragraphs and tables (merged cells resolved from w:gridSpan and w:vMerge), the
 * section's page setup, the footers and the document properties.
 */
import { strFromU8, unzipSync } from "fflate";
import { XMLParser } from "fast-xml-parser";

type Node = Record<string, unknown>;

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", preserveOrder: true, trimValues: false, parseTagValue: false });

/** The children of an element in document order, as [tag, node] pairs. */
function children(node: unknown): [string, Node][] {
  if (!Array.isArray(node)) return [];
  return node.flatMap((item: Node) => Object.keys(item).filter((k) => k !== ":@").map((k) => [k, item] as [string, Node]));
}
const kids = (item: Node, tag: string) => item[tag] as unknown[];
const attrs = (item: Node) => (item[":@"] ?? {}) as Record<string, string>;

function find(node: unknown, tag: string): Node | undefined {
  for (const [t, item] of children(node)) {
    if (t === tag) return item;
    const deeper = find(kids(item, t), tag);
    if (deeper) return deeper;
  }
  return undefined;
}

function findAll(node: unknown, tag: string, found: Node[] = []): Node[] {
  for (const [t, item] of children(node)) {
    if (t === tag) found.push(item);
    else findAll(kids(item, t), tag, found);
  }
  return found;
}

export interface DocxRun {
  readonly text: string;
  /** the w:rFonts of the run: ascii and eastAsia */
  readonly fonts: { readonly ascii?: string; readonly eastAsia?: string };
  readonly size?: number;
}

export interface DocxParagraph {
  readonly style?: string;
  readonly align?: string;
  readonly runs: readonly DocxRun[];
  readonly text: string;
}

export interface DocxCell {
  readonly text: string;
  readonly colspan: number;
  readonly rowspan: number;
  readonly fonts: readonly string[];
}

export interface DocxTable {
  /** rows of the cells that start there (vertically merged continuations left out), spans resolved */
  readonly rows: readonly (readonly DocxCell[])[];
  /** how many leading rows repeat as header rows */
  readonly headerRows: number;
}

export interface DocxFacts {
  readonly parts: ReadonlyMap<string, string>;
  readonly contentTypes: { readonly overrides: Record<string, string>; readonly defaults: Record<string, string> };
  readonly mainPart: string;
  readonly body: readonly (DocxParagraph | DocxTable)[];
  readonly paragraphs: readonly DocxParagraph[];
  readonly tables: readonly DocxTable[];
  readonly page: { readonly width: number; readonly height: number; readonly margins: Record<string, number> };
  readonly footers: { readonly default?: string; readonly even?: string };
  readonly evenAndOddHeaders: boolean;
  readonly title?: string;
  /** every eastAsia font named in the document's runs and styles */
  readonly fonts: ReadonlySet<string>;
}

function runOf(item: Node): DocxRun {
  const props = find(kids(item, "w:r"), "w:rPr");
  const fonts = props ? find(kids(props, "w:rPr"), "w:rFonts") : undefined;
  const size = props ? find(kids(props, "w:rPr"), "w:sz") : undefined;
  let text = "";
  for (const [t, child] of children(kids(item, "w:r"))) {
    if (t === "w:t") text += children(kids(child, t)).map(([, v]) => String((v as Node)["#text"] ?? "")).join("");
    else if (t === "w:br") text += "\n";
  }
  const f = fonts ? attrs(fonts) : {};
  return { text, fonts: { ascii: f["@w:ascii"], eastAsia: f["@w:eastAsia"] }, ...(size ? { size: Number(attrs(size)["@w:val"]) } : {}) };
}

function paragraphOf(item: Node): DocxParagraph {
  const props = find(kids(item, "w:p"), "w:pPr");
  const style = props ? find(kids(props, "w:pPr"), "w:pStyle") : undefined;
  const jc = props ? find(kids(props, "w:pPr"), "w:jc") : undefined;
  const runs = findAll(kids(item, "w:p"), "w:r").map(runOf);
  return {
    ...(style ? { style: attrs(style)["@w:val"] } : {}),
    ...(jc ? { align: attrs(jc)["@w:val"] } : {}),
    runs,
    text: runs.map((r) => r.text).join(""),
  };
}

function tableOf(item: Node): DocxTable {
  const grid: { cell: DocxCell & { merge?: string }; col: number }[][] = [];
  let headerRows = 0;
  let counting = true;
  for (const [tag, row] of children(kids(item, "w:tbl"))) {
    if (tag !== "w:tr") continue;
    const rowProps = find(kids(row, "w:tr"), "w:trPr");
    const isHeader = rowProps !== undefined && find(kids(rowProps, "w:trPr"), "w:tblHeader") !== undefined;
    if (counting && isHeader) headerRows++;
    else counting = false;
    let col = 0;
    const cells: { cell: DocxCell & { merge?: string }; col: number }[] = [];
    for (const [t, cell] of children(kids(row, "w:tr"))) {
      if (t !== "w:tc") continue;
      const props = find(kids(cell, "w:tc"), "w:tcPr");
      const span = props ? find(kids(props, "w:tcPr"), "w:gridSpan") : undefined;
      const merge = props ? find(kids(props, "w:tcPr"), "w:vMerge") : undefined;
      const paragraphs = findAll(kids(cell, "w:tc"), "w:p").map(paragraphOf);
      const colspan = span ? Number(attrs(span)["@w:val"]) : 1;
      cells.push({
        col,
        cell: {
          text: paragraphs.map((p) => p.text).join(""),
          colspan,
          rowspan: 1,
          fonts: paragraphs.flatMap((p) => p.runs.flatMap((r) => (r.fonts.eastAsia ? [r.fonts.eastAsia] : []))),
          ...(merge ? { merge: attrs(merge)["@w:val"] ?? "continue" } : {}),
        },
      });
      col += colspan;
    }
    grid.push(cells);
  }
  // a restart cell spans down over the continue cells below it in its column
  const rows = grid.map((cells, r) =>
    cells
      .filter(({ cell }) => cell.merge !== "continue")
      .map(({ cell, col }) => {
        let rowspan = 1;
        if (cell.merge === "restart") while (grid[r + rowspan]?.some((c) => c.col === col && c.cell.merge === "continue")) rowspan++;
        const { merge, ...rest } = cell;
        void merge;
        return { ...rest, rowspan };
      }),
  );
  return { rows, headerRows };
}

export function readDocx(bytes: Uint8Array): DocxFacts {
  const files = unzipSync(bytes);
  const parts = new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
  const xml = (name: string) => parser.parse(parts.get(name) ?? "") as unknown[];

  const types = xml("[Content_Types].xml");
  const overrides: Record<string, string> = {};
  const defaults: Record<string, string> = {};
  for (const o of findAll(types, "Override")) overrides[attrs(o)["@PartName"]!] = attrs(o)["@ContentType"]!;
  for (const d of findAll(types, "Default")) defaults[attrs(d)["@Extension"]!] = attrs(d)["@ContentType"]!;

  const rels = findAll(xml("_rels/.rels"), "Relationship");
  const office = rels.find((r) => attrs(r)["@Type"]?.endsWith("/officeDocument"));
  const mainPart = (attrs(office ?? {})["@Target"] ?? "").replace(/^\//, "");
  const document = xml(mainPart);
  const bodyNode = find(document, "w:body")!;
  const body = children(kids(bodyNode, "w:body")).flatMap(([tag, item]): (DocxParagraph | DocxTable)[] =>
    tag === "w:p" ? [paragraphOf(item)] : tag === "w:tbl" ? [tableOf(item)] : [],
  );
  const sect = find(kids(bodyNode, "w:body"), "w:sectPr")!;
  const size = attrs(find(kids(sect, "w:sectPr"), "w:pgSz")!);
  const margins = Object.fromEntries(Object.entries(attrs(find(kids(sect, "w:sectPr"), "w:pgMar")!)).map(([k, v]) => [k.replace("@w:", ""), Number(v)]));

  const docRels = findAll(xml(mainPart.replace(/([^/]+)$/, "_rels/$1.rels")), "Relationship");
  const footers: { default?: string; even?: string } = {};
  for (const ref of findAll(kids(sect, "w:sectPr"), "w:footerReference")) {
    const target = docRels.find((r) => attrs(r)["@Id"] === attrs(ref)["@r:id"]);
    const part = `word/${attrs(target ?? {})["@Target"]}`;
    const kind = attrs(ref)["@w:type"] as "default" | "even";
    footers[kind] = parts.get(part);
  }
  const settings = parts.get("word/settings.xml") ?? "";
  const titleNode = parts.has("docProps/core.xml") ? find(xml("docProps/core.xml"), "dc:title") : undefined;
  const title = titleNode ? children(kids(titleNode, "dc:title")).map(([, v]) => String((v as Node)["#text"] ?? "")).join("") : undefined;
  const fonts = new Set<string>();
  for (const name of [mainPart, "word/styles.xml"]) for (const f of findAll(xml(name), "w:rFonts")) if (attrs(f)["@w:eastAsia"]) fonts.add(attrs(f)["@w:eastAsia"]!);
  return {
    parts,
    contentTypes: { overrides, defaults },
    mainPart,
    body,
    paragraphs: body.filter((b): b is DocxParagraph => "runs" in b),
    tables: body.filter((b): b is DocxTable => "headerRows" in b),
    page: { width: Number(size["@w:w"]), height: Number(size["@w:h"]), margins },
    footers,
    evenAndOddHeaders: /<w:evenAndOddHeaders\b(?![^>]*w:val="(false|0)")/.test(settings),
    ...(title !== undefined ? { title } : {}),
    fonts,
  };
}
