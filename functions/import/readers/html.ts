/**
 * A web page → the document model, with parse5 (the WHATWG parsing algorithm, as browsers parse).
 *
 * Real pages are a CMS article inside navigation and footers, a whole page saved from a browser, or
 * Word's "save as web page" and pasted markup (<o:p>, mso- styles, &nbsp; runs, <p> inside cells,
 * GBK encoding). The report is the part of the page that holds its section headings: the nearest
 * element containing them all, plus the title printed just above it.
 */
import { parse, type DefaultTreeAdapterMap } from "parse5";
import { paragraph, table, type Block, type Cell, type Paragraph, type SourceDocument } from "../document.js";
import { ImportError } from "../errors.js";
import { Deadline, LIMITS } from "../limits.js";
import { sectionHeadingIndex } from "../recognise/outline.js";
import { cleanText } from "../text.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];
type ParentNode = DefaultTreeAdapterMap["parentNode"];

const SKIPPED = new Set([
  "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "select", "button",
  "input", "textarea", "canvas", "audio", "video", "img", "map", "nav",
]);
const BLOCKS = new Set([
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
  "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
]);
/** inline elements whose text stands apart when a paragraph opens with them: a run-in sub-heading */
const EMPHASIS = new Set(["b", "strong", "em", "i", "span", "font", "u"]);

function isEmphasis(el: Element): boolean {
  if (el.tagName === "b" || el.tagName === "strong") return true;
  if (!EMPHASIS.has(el.tagName)) return false;
  const style = attr(el, "style") ?? "";
  return (attr(el, "class") ?? "").trim() !== "" || /font-weight|font-family|bold|楷/i.test(style) || attr(el, "face") !== undefined;
}

/** Decodes the page: BOM, then the charset a <meta> declares, then UTF-8, then GB18030 (which covers GBK/GB2312). */
export function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 4096));
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared && /^(gb2312|gbk|gb18030|x-gbk|cp936)$/.test(declared)) return new TextDecoder("gb18030").decode(bytes);
  if (declared && declared !== "utf-8" && declared !== "utf8") {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // an unknown label: fall through to detection
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function isHidden(el: Element): boolean {
  if (attr(el, "hidden") !== undefined || attr(el, "aria-hidden") === "true") return true;
  const style = (attr(el, "style") ?? "").toLowerCase().replace(/\s+/g, "");
  return /display:none|visibility:hidden|mso-hide:all/.test(style);
}

function alignOf(el: Element): Paragraph["align"] | undefined {
  const style = (attr(el, "style") ?? "").toLowerCase();
  const value = /text-align\s*:\s*(left|center|right|justify)/.exec(style)?.[1] ?? attr(el, "align")?.toLowerCase();
  if (el.tagName === "center") return "center";
  return value === "left" || value === "center" || value === "right" || value === "justify" ? value : undefined;
}

interface Emitted {
  readonly block: Block;
  /** the element the block came from, for finding the report within the page */
  readonly container: ParentNode;
}

interface Context {
  /** the nearest block element: where a paragraph's text lives */
  readonly block: ParentNode;
  readonly align: Paragraph["align"] | undefined;
  readonly level: number | undefined;
}

class Walker {
  readonly emitted: Emitted[] = [];
  private text = "";
  private lead: string | undefined;
  private leadStart = -1;
  /** the context of the paragraph being collected, set by its first text */
  private context: Context | undefined;
  private elements = 0;

  constructor(private readonly deadline: Deadline) {}

  private append(text: string, context: Context): void {
    if (this.text.trim() === "") this.context = context;
    this.text += text;
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    const text = cleanText(this.text);
    const context = this.context;
    if (text !== "" && context) {
      const lead = this.lead !== undefined ? cleanText(this.lead) : "";
      const block = paragraph(text, {
        ...(context.level ? { level: context.level } : {}),
        ...(context.align ? { align: context.align } : {}),
        ...(lead && text.startsWith(lead) && lead.length < text.length ? { lead } : {}),
      });
      this.emitted.push({ block, container: context.block });
      if (this.emitted.length > LIMITS.blocks) throw ImportError.tooComplex(`段落超过 ${LIMITS.blocks} 个`);
    }
    this.text = "";
    this.lead = undefined;
    this.leadStart = -1;
    this.context = undefined;
  }

  walk(node: ParentNode, depth: number, context: Context): void {
    if (depth > LIMITS.nestingDepth) throw ImportError.tooComplex(`网页元素嵌套超过 ${LIMITS.nestingDepth} 层`);
    for (const child of node.childNodes) {
      if (child.nodeName === "#text") {
        this.append((child as DefaultTreeAdapterMap["textNode"]).value, context);
        continue;
      }
      if (!isElement(child)) continue;
      if (++this.elements > LIMITS.elements) throw ImportError.tooComplex(`网页元素超过 ${LIMITS.elements} 个`);
      if ((this.elements & 0x3ff) === 0) this.deadline.check();
      const tag = child.tagName;
      if (SKIPPED.has(tag) || isHidden(child)) continue;
      if (tag === "br") {
        this.append("\n", context);
        continue;
      }
      if (tag === "table" && !isLayoutTable(child)) {
        this.flush();
        this.emitTable(child);
        continue;
      }
      if (BLOCKS.has(tag)) {
        this.flush();
        const heading = /^h([1-6])$/.exec(tag);
        this.walk(child, depth + 1, { block: child, align: alignOf(child) ?? context.align, level: heading ? Number(heading[1]) : undefined });
        this.flush();
        continue;
      }
      const opensLead = this.lead === undefined && this.leadStart < 0 && this.text.trim() === "" && isEmphasis(child);
      if (opensLead) this.leadStart = this.text.length;
      this.walk(child, depth + 1, context);
      if (opensLead) {
        const lead = this.text.slice(this.leadStart);
        if (lead.trim() === "") this.leadStart = -1;
        else this.lead = lead;
      }
    }
  }

  private emitTable(el: Element): void {
    const rows: Cell[][] = [];
    const caption = el.childNodes.find((n) => isElement(n) && n.tagName === "caption") as Element | undefined;
    if (caption) {
      const text = cleanText(textOf(caption, 0));
      if (text) this.emitted.push({ block: paragraph(text, { align: "center" }), container: el });
    }
    for (const tr of tableRowsOf(el)) {
      const cells: Cell[] = [];
      for (const td of tr.childNodes) {
        if (!isElement(td) || (td.tagName !== "td" && td.tagName !== "th") || isHidden(td)) continue;
        cells.push({ text: cleanText(textOf(td, 0)), rowspan: span(attr(td, "rowspan"), 65534), colspan: span(attr(td, "colspan"), 1000) });
      }
      rows.push(cells);
      if (rows.length > LIMITS.tableRows) throw ImportError.tooComplex(`表格超过 ${LIMITS.tableRows} 行`);
    }
    if (rows.length) this.emitted.push({ block: table(rows), container: el.parentNode ?? el });
  }
}

function span(value: string | undefined, max: number): number {
  const n = Number.parseInt(value ?? "1", 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** A table that holds the page's layout (other tables inside it, or a single cell) rather than data. */
function isLayoutTable(el: Element): boolean {
  const rows = tableRowsOf(el);
  if (rows.length <= 1 && rows.every((r) => r.childNodes.filter(isElement).length <= 1)) return true;
  const stack: Node[] = [...el.childNodes];
  let visited = 0;
  while (stack.length && visited++ < 100_000) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (node.tagName === "table") return true;
    stack.push(...node.childNodes);
  }
  return false;
}

function tableRowsOf(el: Element): Element[] {
  const rows: Element[] = [];
  for (const child of el.childNodes) {
    if (!isElement(child)) continue;
    if (child.tagName === "tr") rows.push(child);
    else if (child.tagName === "thead" || child.tagName === "tbody" || child.tagName === "tfoot") {
      for (const tr of child.childNodes) if (isElement(tr) && tr.tagName === "tr") rows.push(tr);
    }
  }
  return rows;
}

/** A cell's text: its paragraphs and line breaks as "\n". */
function textOf(node: ParentNode, depth: number): string {
  if (depth > LIMITS.nestingDepth) throw ImportError.tooComplex(`网页元素嵌套超过 ${LIMITS.nestingDepth} 层`);
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeName === "#text") out += (child as DefaultTreeAdapterMap["textNode"]).value;
    else if (isElement(child) && !SKIPPED.has(child.tagName) && !isHidden(child)) {
      if (child.tagName === "br") out += "\n";
      else if (BLOCKS.has(child.tagName)) out += `\n${textOf(child, depth + 1)}\n`;
      else out += textOf(child, depth + 1);
    }
  }
  return out;
}

function parentOf(node: ParentNode): ParentNode | undefined {
  return (node as Element).parentNode ?? undefined;
}

function ancestors(node: ParentNode): ParentNode[] {
  const chain: ParentNode[] = [];
  for (let n: ParentNode | null = node; n; n = (n as Element).parentNode ?? null) chain.unshift(n);
  return chain;
}

/** The blocks of the report: those inside the nearest element holding every section heading, and the title above. */
function reportBlocks(emitted: readonly Emitted[]): Block[] {
  const headings: Emitted[] = [];
  let next = 0;
  for (const e of emitted) {
    if (e.block.kind !== "paragraph") continue;
    const index = sectionHeadingIndex(e.block.text);
    if (index >= next) {
      headings.push(e);
      next = index + 1;
    }
  }
  if (headings.length < 2) return emitted.map((e) => e.block);
  const chains = headings.map((h) => ancestors(h.container));
  let depth = 0;
  while (chains.every((c) => c[depth] !== undefined && c[depth] === chains[0]![depth])) depth++;
  const root = chains[0]![depth - 1];
  if (!root || root.nodeName === "#document" || (isElement(root) && (root.tagName === "html" || root.tagName === "body"))) {
    return emitted.map((e) => e.block);
  }
  const inside = (e: Emitted) => ancestors(e.container).includes(root);
  const first = emitted.findIndex(inside);
  const kept = emitted.filter(inside).map((e) => e.block);
  // the title often stands outside the article body (an <h1> above the text)
  const hasTitle = kept.some((b) => b.kind === "paragraph" && /政府信息公开.*报告/.test(b.text) && sectionHeadingIndex(b.text) < 0 && b.text.length <= 120);
  if (!hasTitle) {
    for (let i = first - 1; i >= 0 && i >= first - 12; i--) {
      const b = emitted[i]!.block;
      if (b.kind === "paragraph" && /政府信息公开.*报告/.test(b.text.replace(/\s+/g, "")) && b.text.length <= 120) {
        // a title set on lines of its own (one element each, in one header): its lines above, and
        // the agency's line above a 「2024年…报告」 line however it is set
        let start = i;
        const parent = parentOf(emitted[i]!.container);
        while (start > 0 && i - start < 3 && emitted[start - 1]!.block.kind === "paragraph" && parent && parentOf(emitted[start - 1]!.container) === parent) start--;
        if (start === i && /^\d{4}\s*年/.test(b.text) && emitted[i - 1]?.block.kind === "paragraph") start--;
        return [...emitted.slice(start, i + 1).map((e) => e.block), ...kept];
      }
    }
  }
  return kept;
}

export function readHtml(bytes: Uint8Array, deadline = new Deadline()): SourceDocument {
  const text = decodeHtml(bytes);
  const document = parse(text);
  deadline.check();
  const walker = new Walker(deadline);
  walker.walk(document, 0, { block: document, align: undefined, level: undefined });
  walker.finish();
  return { format: "html", blocks: reportBlocks(walker.emitted) };
}
