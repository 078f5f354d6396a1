/**
 * A PDF → the document model, with pdf.js (its legacy build runs in Node): the text with positions,
 * and the table rulings from each page's drawing operations, to rebuild the cells. Works for what
 * Chromium (our own renders), WPS and Word produce; a PDF whose pages are only pictures (a scan) is
 * refused with a clear reason rather than read as an empty report.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { table, type Block, type SourceDocument } from "../document.js";
import { ImportError } from "../errors.js";
import { Deadline, LIMITS } from "../limits.js";
import { isCjk } from "../text.js";
import { authoredRows, findTables, locate, type PageTable, type Rulings, type Segment } from "./pdf-tables.js";
import { cellText, groupLines, measure, paragraphs, type FlowItem, type Line, type Run } from "./pdf-text.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let loading: Promise<PdfJs> | undefined;
/**
 * pdf.js and its worker, loaded on first use. The worker module is handed over as globalThis.pdfjsWorker
 * (pdf.js's own hook), so a bundle carries it instead of looking for a worker file beside itself.
 */
function load(): Promise<PdfJs> {
  loading ??= (async () => {
    const worker = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return import("pdfjs-dist/legacy/build/pdf.mjs");
  })();
  return loading;
}

/**
 * pdf.js's character maps and standard fonts, for PDFs whose fonts are not embedded (older Word
 * output): NIANBAO_PDFJS_DIR where a deployment puts them, else the installed package.
 */
function pdfjsDataDir(): string | undefined {
  if (process.env.NIANBAO_PDFJS_DIR) return process.env.NIANBAO_PDFJS_DIR;
  try {
    return dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  } catch {
    return undefined;
  }
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** The rules a page draws: stroked axis-aligned lines and rectangle edges, and thin filled rectangles. */
export function rulingsOf(ops: { fnArray: number[]; argsArray: unknown[] }, OPS: PdfJs["OPS"]): Rulings {
  const horizontal: Segment[] = [];
  const vertical: Segment[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let path: { lines: [number, number, number, number][]; rects: [number, number, number, number][] } = { lines: [], rects: [] };
  const addLine = (x1: number, y1: number, x2: number, y2: number) => {
    if (Math.abs(y1 - y2) <= 0.5 && Math.abs(x2 - x1) > 2) horizontal.push({ at: (y1 + y2) / 2, a: Math.min(x1, x2), b: Math.max(x1, x2) });
    else if (Math.abs(x1 - x2) <= 0.5 && Math.abs(y2 - y1) > 2) vertical.push({ at: (x1 + x2) / 2, a: Math.min(y1, y2), b: Math.max(y1, y2) });
  };
  const paint = (stroke: boolean, fill: boolean) => {
    if (stroke) {
      for (const l of path.lines) addLine(...l);
      for (const [x0, y0, x1, y1] of path.rects) {
        addLine(x0, y0, x1, y0);
        addLine(x0, y1, x1, y1);
        addLine(x0, y0, x0, y1);
        addLine(x1, y0, x1, y1);
      }
    } else if (fill) {
      for (const [x0, y0, x1, y1] of path.rects) {
        const w = Math.abs(x1 - x0);
        const h = Math.abs(y1 - y0);
        if (h <= 2.5 && w > 2) addLine(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
        else if (w <= 2.5 && h > 2) addLine((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
      }
    }
    path = { lines: [], rects: [] };
  };
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    switch (fn) {
      case OPS.save:
        stack.push(ctm);
        break;
      case OPS.restore:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.transform:
        ctm = multiply(ctm, args as Matrix);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push(ctm);
        if (Array.isArray(args[0])) ctm = multiply(ctm, args[0] as Matrix);
        break;
      case OPS.paintFormXObjectEnd:
        ctm = stack.pop() ?? ctm;
        break;
      case OPS.constructPath: {
        const sub = args[0] as number[];
        const coords = args[1] as number[];
        if (!Array.isArray(sub)) break;
        let k = 0;
        let cx = 0;
        let cy = 0;
        for (const op of sub) {
          if (op === OPS.rectangle) {
            const [x, y, w, h] = coords.slice(k, k + 4) as [number, number, number, number];
            k += 4;
            const [ax, ay] = apply(ctm, x, y);
            const [bx, by] = apply(ctm, x + w, y + h);
            path.rects.push([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)]);
          } else if (op === OPS.moveTo) {
            [cx, cy] = apply(ctm, coords[k]!, coords[k + 1]!);
            k += 2;
          } else if (op === OPS.lineTo) {
            const [nx, ny] = apply(ctm, coords[k]!, coords[k + 1]!);
            k += 2;
            path.lines.push([cx, cy, nx, ny]);
            [cx, cy] = [nx, ny];
          } else if (op === OPS.curveTo) k += 6;
          else if (op === OPS.curveTo2 || op === OPS.curveTo3) k += 4;
        }
        break;
      }
      case OPS.stroke:
      case OPS.closeStroke:
        paint(true, false);
        break;
      case OPS.fill:
      case OPS.eoFill:
        paint(false, true);
        break;
      case OPS.fillStroke:
      case OPS.eoFillStroke:
      case OPS.closeFillStroke:
      case OPS.closeEOFillStroke:
        paint(true, true);
        break;
      case OPS.endPath:
        path = { lines: [], rects: [] };
        break;
    }
  }
  return { horizontal, vertical };
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

function familyName(raw: string | undefined): string {
  if (!raw) return "";
  let name = raw.replace(/^[A-Z]{6}\+/, "");
  try {
    name = Buffer.from(name, "latin1").toString("utf8");
  } catch {
    // keep the raw name
  }
  return name;
}

/** pdf.js writes a space into a run wherever glyphs stand apart; beside Chinese that is justification, not text. */
function withoutJustification(text: string): string {
  return text.replace(/ +/g, (spaces, at: number) => (isCjk(text[at - 1]) || isCjk(text[at + spaces.length]) ? "" : spaces));
}

const PAGE_NUMBER = /^[-—–－~·\s]*(\d{1,4}|[ivxlcdm]{1,6})[-—–－~·\s]*$|^第\s*\d+\s*页(\s*[,，/／]?\s*共\s*\d+\s*页)?$|^\d+\s*[/／]\s*\d+$/i;

interface PageContent {
  readonly lines: Line[];
  readonly tables: { readonly grid: PageTable; readonly rows: ReturnType<typeof authoredRows> }[];
  readonly height: number;
}

export async function readPdf(bytes: Uint8Array, deadline = new Deadline()): Promise<SourceDocument> {
  const pdfjs = await load();
  const dataDir = pdfjsDataDir();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    maxImageSize: 1,
    ...(dataDir ? { cMapUrl: `${join(dataDir, "cmaps")}/`, cMapPacked: true, standardFontDataUrl: `${join(dataDir, "standard_fonts")}/` } : {}),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    const name = (error as Error).name;
    if (name === "PasswordException") throw ImportError.unreadable("这份 PDF 设有打开密码，无法读取；请提供未加密的文件");
    throw ImportError.unreadable(`这份 PDF 已损坏或不是有效的 PDF（${(error as Error).message}）`);
  }
  try {
    if (doc.numPages > LIMITS.pages) throw ImportError.tooComplex(`PDF 有 ${doc.numPages} 页，超过 ${LIMITS.pages} 页`);
    // text first: a scan is refused before any drawing is read
    const texts: { items: TextItemLike[]; styles: Record<string, { vertical?: boolean }> }[] = [];
    let characters = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      deadline.check();
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.filter((i): i is TextItemLike & typeof i => "str" in i);
      characters += items.reduce((sum, i) => sum + i.str.replace(/\s+/g, "").length, 0);
      texts.push({ items, styles: content.styles as Record<string, { vertical?: boolean }> });
    }
    if (characters < 20) {
      throw new ImportError("no_text_layer", `这份 PDF 的 ${doc.numPages} 页里没有文字层（可能是扫描件或图片），无法读取；请提供原始 Word 文件、网页，或带文字层的 PDF`);
    }
    const pages: PageContent[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      deadline.check();
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      if (ops.fnArray.length > LIMITS.operationsPerPage) throw ImportError.tooComplex(`第 ${n} 页的绘图指令超过 ${LIMITS.operationsPerPage} 条`);
      const fonts = new Map<string, string>();
      const family = (fontName: string) => {
        if (!fonts.has(fontName)) {
          let name: string | undefined;
          try {
            name = (page.commonObjs.get(fontName) as { name?: string } | undefined)?.name;
          } catch {
            name = undefined;
          }
          fonts.set(fontName, familyName(name) || fontName);
        }
        return fonts.get(fontName)!;
      };
      const { items, styles } = texts[n - 1]!;
      const runs: Run[] = [];
      for (const item of items) {
        if (item.str.trim() === "") continue;
        const [a, b, , d, x, y] = item.transform as [number, number, number, number, number, number];
        // rotated text outside the reading direction is a watermark (草稿), not content
        if (Math.abs(b) > Math.abs(a) * 0.2) continue;
        const vertical = styles[item.fontName]?.vertical === true;
        runs.push({ text: withoutJustification(item.str), x, y, width: item.width, size: Math.hypot(b, d) || Math.abs(a), family: family(item.fontName), vertical });
        if (vertical) runs[runs.length - 1] = { ...runs[runs.length - 1]!, y: y - item.height / 2 };
      }
      pages.push(layoutPage(runs, rulingsOf(ops as never, pdfjs.OPS), page.view));
      page.cleanup();
    }
    return { format: "pdf", blocks: flow(pages), pages: doc.numPages };
  } finally {
    await doc.destroy();
  }
}

/**
 * pdf.js joins text on one baseline into one run even across a cell's rule, with a space where the
 * figures stand apart (「95619 77165」 over a row of narrow cells); such a run is cut into its words,
 * each placed at even advances. A figure wider than its cell runs into the next one on the page
 * itself; no reader can separate those, and none is attempted.
 */
function splitAtRules(run: Run, grids: readonly PageTable[]): Run[] {
  const grid = grids.find((g) => run.y <= g.top + 1 && run.y >= g.bottom - 1 && run.x < g.right && run.x + run.width > g.left);
  if (!grid || run.vertical || !/\S\s+\S/.test(run.text)) return [run];
  if (!grid.xs.slice(1, -1).some((x) => run.x < x - 1 && run.x + run.width > x + 1)) return [run];
  const advance = run.width / [...run.text].length;
  const pieces: Run[] = [];
  for (const word of run.text.matchAll(/\S+/g)) {
    const before = [...run.text.slice(0, word.index)].length;
    pieces.push({ ...run, text: word[0], x: run.x + before * advance, width: [...word[0]].length * advance });
  }
  return pieces;
}

function layoutPage(runs: readonly Run[], rulings: Rulings, view: number[]): PageContent {
  const grids = findTables(rulings);
  const inTable = new Map<PageTable, Map<number, Run[]>>();
  const loose: Run[] = [];
  for (const run of runs.flatMap((r) => splitAtRules(r, grids))) {
    const cx = run.vertical ? run.x + run.width / 2 : run.x + Math.min(run.width, run.size) / 2;
    const cy = run.vertical ? run.y : run.y + run.size * 0.3;
    const grid = grids.find((g) => locate(g, cx, cy));
    if (!grid) {
      if (!run.vertical) loose.push(run);
      continue;
    }
    const { r, c } = locate(grid, cx, cy)!;
    const index = grid.slot[r]![c]!;
    const cells = inTable.get(grid) ?? inTable.set(grid, new Map()).get(grid)!;
    (cells.get(index) ?? cells.set(index, []).get(index)!).push(run);
  }
  const tables = grids.map((grid) => {
    const texts = new Map<number, string>();
    for (const [index, cellRuns] of inTable.get(grid) ?? []) texts.set(index, cellText(cellRuns));
    return { grid, rows: authoredRows(grid, texts) };
  });
  return { lines: groupLines(loose), tables, height: (view[3] ?? 842) - (view[1] ?? 0) };
}

/** Page furniture: page numbers, and lines repeated at the same place on many pages (running heads). */
function furniture(pages: readonly PageContent[]): Set<Line> {
  const drop = new Set<Line>();
  const repeated = new Map<string, Line[]>();
  for (const page of pages) {
    for (const line of page.lines) {
      const margin = line.y < page.height * 0.1 || line.y > page.height * 0.9;
      if (!margin) continue;
      if (PAGE_NUMBER.test(line.text.trim())) drop.add(line);
      const key = `${Math.round(line.y / 4)}:${line.text.replace(/\d+/g, "#")}`;
      (repeated.get(key) ?? repeated.set(key, []).get(key)!).push(line);
    }
  }
  for (const lines of repeated.values()) if (pages.length >= 2 && lines.length >= Math.max(2, pages.length / 2)) lines.forEach((l) => drop.add(l));
  return drop;
}

/** The pages in reading order: lines and tables by their height on the page, page after page. */
function flow(pages: readonly PageContent[]): Block[] {
  const drop = furniture(pages);
  const kept = pages.map((p) => p.lines.filter((l) => !drop.has(l)));
  const all = kept.flat();
  const sizes = new Map<number, number>();
  for (const l of all) sizes.set(Math.round(l.size), (sizes.get(Math.round(l.size)) ?? 0) + l.text.length);
  const bodySize = [...sizes.entries()].sort((p, q) => q[1] - p[1])[0]?.[0] ?? 12;
  const documentMeasure = all.length ? measure(all, bodySize) : { left: 0, right: 0, size: bodySize };
  const blocks: Block[] = [];
  let items: FlowItem[] = [];
  const closeText = () => {
    blocks.push(...paragraphs(items));
    items = [];
  };
  pages.forEach((page, index) => {
    const lines = kept[index]!;
    const pageMeasure = lines.filter((l) => Math.abs(l.size - bodySize) <= bodySize * 0.15).length >= 4 ? measure(lines, bodySize) : documentMeasure;
    const events: ({ y: number; line: Line } | { y: number; table: PageContent["tables"][number] })[] = [
      ...lines.map((line) => ({ y: line.y, line })),
      ...page.tables.map((t) => ({ y: t.grid.top, table: t })),
    ].sort((p, q) => q.y - p.y);
    for (const event of events) {
      if ("line" in event) {
        items.push({ kind: "line", line: event.line, measure: pageMeasure });
        continue;
      }
      closeText();
      if (blocks.length > LIMITS.blocks) throw ImportError.tooComplex(`段落和表格超过 ${LIMITS.blocks} 个`);
      blocks.push(table(event.table.rows));
    }
  });
  closeText();
  return blocks;
}
