/**
 * Corrects the header associations of the official tables in the structure tree Chromium writes.
 *
 * Chromium takes a table cell's headers from its accessibility tree: every column header above the
 * cell in the whole table, and every row header in its row. That is right for tables 三 and 四, but
 * table 二 repeats a header row in each group, so a cell of the last group would be announced with
 * the column headers of all four groups, and without the group's own heading (第二十条第（一）项).
 * The view model knows each cell's headers exactly (table-headers.ts); this module finds the tables'
 * structure elements (Table → TR → TH/TD, in document order, as the template writes them), gives every
 * TH the template's id and its /Scope, every TD its /Headers, and rebuilds the structure tree's ID
 * tree. A table whose structure does not match its view (the template changed, say) is left as
 * Chromium wrote it.
 *
 * Chromium also ties the header rows it repeats on every page a table spans to the same TH elements,
 * so a screen reader would read 「申请人情况申请人情况申请人情况」. The repetitions become pagination
 * artifacts instead (as Word marks its repeated header rows): they leave the structure tree and the
 * parent tree, and the caller re-marks their content (see pdf-artifacts.ts). The header rows read are
 * those on the page where the table's body begins: a table that starts a page after a forced break
 * (the second part of table 三) also gets an empty piece of its header on the page before.
 */
import { dictionaryEnd, isSpace, type PdfFile } from "./pdf-objects.js";
import type { HeaderScope } from "./table-headers.js";

/** A cell of a table as the template printed it. */
export interface StructureCell {
  readonly scope?: HeaderScope;
  readonly id?: string;
  readonly headers?: string;
  readonly rowspan?: number;
  readonly colspan?: number;
}

/** A table: its rows, head rows first (`headRows` of them), in document order. */
export interface StructureTable {
  readonly rows: readonly (readonly StructureCell[])[];
  readonly headRows: number;
}

/** Marked-content sequences to re-mark as artifacts: MCIDs by page object number. */
export type RepeatedContent = Map<number, Set<number>>;

const PDF_SCOPE: Record<HeaderScope, string> = { col: "Column", colgroup: "Column", row: "Row", rowgroup: "Row" };

/** The end of the PDF value that starts at `i` (a dictionary, array, string, name, number or reference). */
function valueEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x3c && text.charCodeAt(i + 1) === 0x3c) return dictionaryEnd(text, i);
  if (c === 0x5b) {
    // an array: its own brackets balanced, dictionaries and strings inside skipped whole
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x5b) depth++;
      else if (d === 0x5d && --depth === 0) return j + 1;
      else if (d === 0x28 || (d === 0x3c && text.charCodeAt(j + 1) === 0x3c)) j = valueEnd(text, j) - 1;
    }
    return text.length;
  }
  if (c === 0x28) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x5c) j++;
      else if (d === 0x28) depth++;
      else if (d === 0x29 && --depth === 0) return j + 1;
    }
    return text.length;
  }
  if (c === 0x3c) return text.indexOf(">", i) + 1;
  const ref = referenceEnd(text, i);
  if (ref > 0) return ref;
  let j = i + 1;
  while (j < text.length && !isSpace(text.charCodeAt(j)) && !isDelimiter(text.charCodeAt(j))) j++;
  return j;
}

/** `/<>[]()` */
const isDelimiter = (c: number) => c === 0x2f || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x28 || c === 0x29;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlphanumeric = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** The end of a reference `N G R` that starts at `i`, or -1. */
function referenceEnd(text: string, i: number): number {
  let j = i;
  for (let part = 0; part < 2; part++) {
    const digits = j;
    while (isDigit(text.charCodeAt(j))) j++;
    const spaces = j;
    while (isSpace(text.charCodeAt(j))) j++;
    if (spaces === digits || j === spaces) return -1;
  }
  return text.charCodeAt(j) === 0x52 && !isAlphanumeric(text.charCodeAt(j + 1)) ? j + 1 : -1;
}

/** Where the value of `key` begins in a dictionary's text (its first occurrence), and where the key does; -1 if absent. */
const names = new Map<string, string>();
function entryAt(dict: string, key: string): { key: number; value: number } | undefined {
  let name = names.get(key);
  if (name === undefined) names.set(key, (name = `/${key}`));
  for (let at = dict.indexOf(name); at >= 0; at = dict.indexOf(name, at + 1)) {
    let value = at + key.length + 1;
    if (isAlphanumeric(dict.charCodeAt(value))) continue;
    while (isSpace(dict.charCodeAt(value))) value++;
    return { key: at, value };
  }
  return undefined;
}

/** A dictionary's text without the entry `key`. */
function withoutEntry(dict: string, key: string): string {
  const found = entryAt(dict, key);
  if (!found) return dict;
  return dict.slice(0, found.key) + dict.slice(valueEnd(dict, found.value));
}

/** The value of `key` in a dictionary's text (its first occurrence: enough for the keys read here). */
function entry(dict: string, key: string): string | undefined {
  const found = entryAt(dict, key);
  return found ? dict.slice(found.value, valueEnd(dict, found.value)) : undefined;
}

/** A dictionary's text with entries added before its closing >>. */
function withEntries(dict: string, added: string): string {
  const end = dict.lastIndexOf(">>");
  return `${dict.slice(0, end)}\n${added}>>`;
}

/** The object numbers of the references in a value, wherever they stand in it. */
function refs(value: string | undefined): number[] {
  const found: number[] = [];
  if (!value) return found;
  for (let i = 0; i < value.length; i++) {
    // a reference starts with a digit that does not continue a number
    if (!isDigit(value.charCodeAt(i)) || (i > 0 && isDigit(value.charCodeAt(i - 1)))) continue;
    const end = referenceEnd(value, i);
    if (end > 0) {
      found.push(parseInt(value.slice(i, i + 10), 10));
      i = end - 1;
    }
  }
  return found;
}

interface Element {
  readonly num: number;
  readonly type: string;
  readonly kids: readonly Element[];
}

function readTree(pdf: PdfFile, num: number, seen: Set<number>): Element | undefined {
  const object = pdf.objects.get(num);
  if (!object || object.stream || seen.has(num)) return undefined;
  // an annotation, a page: not an element (Skia writes /Type first)
  const text = object.text;
  if (!text.startsWith("<</Type /StructElem\n") && !/\/Type\s*\/StructElem\b/.test(text)) return undefined;
  const type = structureType(text);
  if (!type) return undefined;
  seen.add(num);
  const kids: Element[] = [];
  for (const kid of refs(entry(text, "K"))) {
    const element = readTree(pdf, kid, seen);
    if (element) kids.push(element);
  }
  return { num, type, kids };
}

/** The /S of an element: its structure type (a name). */
function structureType(text: string): string | undefined {
  for (let at = text.indexOf("/S"); at >= 0; at = text.indexOf("/S", at + 1)) {
    let i = at + 2;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x2f) continue;
    const start = ++i;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && !isDelimiter(text.charCodeAt(i))) i++;
    if (i > start) return text.slice(start, i);
  }
  return undefined;
}

function preorder(element: Element, type: string, found: Element[] = []): Element[] {
  if (element.type === type) found.push(element);
  for (const kid of element.kids) preorder(kid, type, found);
  return found;
}

function subtree(element: Element): Element[] {
  return [element, ...element.kids.flatMap(subtree)];
}

const pdfString = (text: string) => (/[\\()]/.test(text) ? `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})` : `(${text})`);

/** The attributes of a cell as PDF/UA wants them: /Scope on a TH, /Headers on a TD, spans above 1. */
function cellAttributes(cell: StructureCell): string {
  const spans = `${(cell.rowspan ?? 1) > 1 ? ` /RowSpan ${cell.rowspan}` : ""}${(cell.colspan ?? 1) > 1 ? ` /ColSpan ${cell.colspan}` : ""}`;
  if (cell.scope) return `/A <</O /Table /Scope /${PDF_SCOPE[cell.scope]}${spans}>>${cell.id ? ` /ID ${pdfString(cell.id)}` : ""}`;
  let headers = "";
  for (const id of (cell.headers ?? "").split(" ")) if (id) headers += headers ? ` ${pdfString(id)}` : pdfString(id);
  return `/A <</O /Table${headers ? ` /Headers [${headers}]` : ""}${spans}>>`;
}

/**
 * Rewrites the table cells' attributes, the ID tree and the parent tree in `pdf` (in place). Returns
 * the number of tables corrected and the repeated header content to re-mark as artifacts.
 */
export function correctTableHeaders(pdf: PdfFile, tables: readonly StructureTable[]): { corrected: number; repeated: RepeatedContent } {
  const repeated: RepeatedContent = new Map();
  const rootNum = refs(entry(pdf.objects.get(pdf.root)?.text ?? "", "StructTreeRoot"))[0];
  const rootObject = rootNum === undefined ? undefined : pdf.objects.get(rootNum);
  if (rootNum === undefined || !rootObject) return { corrected: 0, repeated };
  const seen = new Set<number>([rootNum]);
  const top = refs(entry(rootObject.text, "K")).flatMap((kid) => readTree(pdf, kid, seen) ?? []);
  const found = top.flatMap((element) => preorder(element, "Table"));

  let corrected = 0;
  found.forEach((table, t) => {
    const view = tables[t];
    const rows = table.kids.flatMap((kid) => (kid.type === "TR" ? [kid] : ["THead", "TBody", "TFoot"].includes(kid.type) ? kid.kids.filter((r) => r.type === "TR") : []));
    if (!view || rows.length !== view.rows.length) return;
    const cells = rows.map((row) => row.kids.filter((kid) => kid.type === "TH" || kid.type === "TD"));
    const matches = cells.every((row, r) => row.length === view.rows[r]!.length && row.every((cell, c) => (cell.type === "TH") === Boolean(view.rows[r]![c]!.scope)));
    if (!matches) return;
    const bodyPage = firstContentPage(pdf, cells.slice(view.headRows).flat());
    cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        const object = pdf.objects.get(cell.num)!;
        object.text = withEntries(withoutEntry(withoutEntry(object.text, "A"), "ID"), cellAttributes(view.rows[r]![c]!));
        if (r < view.headRows) for (const element of subtree(cell)) keepOnePage(pdf, element.num, repeated, bodyPage);
      }),
    );
    corrected++;
  });
  if (corrected > 0) rebuildIdTree(pdf, rootNum, seen);
  if (repeated.size > 0) dropFromParentTree(pdf, rootObject.text, repeated);
  return { corrected, repeated };
}

/** The items of an element's /K array, each with the page of its content (none for a child element). */
function contentItems(pdf: PdfFile, num: number): { item: string; page?: number }[] {
  const text = pdf.objects.get(num)?.text ?? "";
  const k = entry(text, "K");
  const items: string[] = [];
  if (k?.startsWith("[")) {
    for (let i = 1; i < k.length - 1; ) {
      while (i < k.length - 1 && isSpace(k.charCodeAt(i))) i++;
      if (i >= k.length - 1) break;
      const end = valueEnd(k, i);
      items.push(k.slice(i, end));
      i = end;
      // a child element's reference `N G R` is one item, not two marked-content ids
      if (items.at(-1) === "R" && items.length >= 3) items.push(items.splice(-3).join(" "));
    }
  } else if (k) {
    items.push(k);
  }
  const ownPage = refs(entry(text, "Pg"))[0];
  const pageOf = (item: string) => (item.startsWith("<<") ? (refs(entry(item, "Pg"))[0] ?? ownPage) : /^\d+$/.test(item) ? ownPage : undefined);
  return items.map((item) => ({ item, page: pageOf(item) }));
}

/** The page of the first content of these elements and their descendants, in reading order. */
function firstContentPage(pdf: PdfFile, elements: readonly Element[]): number | undefined {
  for (const element of elements) {
    const own = contentItems(pdf, element.num).find(({ page }) => page !== undefined)?.page;
    if (own !== undefined) return own;
    const below = firstContentPage(pdf, element.kids);
    if (below !== undefined) return below;
  }
  return undefined;
}

/**
 * Keeps only the content of an element on one page: `page`, or where it has none there, its first;
 * records the rest in `repeated`.
 */
function keepOnePage(pdf: PdfFile, num: number, repeated: RepeatedContent, page: number | undefined): void {
  const object = pdf.objects.get(num)!;
  if (!entry(object.text, "K")?.startsWith("[")) return;
  const items = contentItems(pdf, num);
  const pages = items.flatMap((i) => (i.page === undefined ? [] : [i.page]));
  const keep = page !== undefined && pages.includes(page) ? page : pages[0];
  const kept = items.flatMap(({ item, page }) => {
    if (page === undefined || page === keep) return [item];
    const mcid = /^\d+$/.test(item) ? Number(item) : Number(entry(item, "MCID"));
    if (!repeated.has(page)) repeated.set(page, new Set());
    repeated.get(page)!.add(mcid);
    return [];
  });
  if (kept.length === items.length) return;
  object.text = withEntries(withoutEntry(object.text, "K"), `/K [${kept.join(" ")}]`);
}

/** Empties the parent tree's entries of content that is no longer part of the structure. */
function dropFromParentTree(pdf: PdfFile, rootText: string, repeated: RepeatedContent): void {
  const parentTree = pdf.objects.get(refs(entry(rootText, "ParentTree"))[0] ?? -1);
  const nums = parentTree ? entry(parentTree.text, "Nums") : undefined;
  if (!nums) return;
  const arrays = new Map<number, number>(); // StructParents key → array object
  for (const m of nums.matchAll(/(\d+)\s+(\d+)\s+\d+\s+R/g)) arrays.set(Number(m[1]), Number(m[2]));
  for (const [page, mcids] of repeated) {
    const key = Number(entry(pdf.objects.get(page)?.text ?? "", "StructParents"));
    const array = pdf.objects.get(arrays.get(key) ?? -1);
    if (!array) continue;
    const items = [...array.text.matchAll(/\d+\s+\d+\s+R|null/g)].map((m) => m[0]);
    for (const mcid of mcids) if (mcid < items.length) items[mcid] = "null";
    array.text = `[${items.join(" ")}]`;
  }
}

/** The structure tree's ID tree, rebuilt from the elements' /ID entries as one sorted leaf. */
function rebuildIdTree(pdf: PdfFile, rootNum: number, elements: ReadonlySet<number>): void {
  const ids: [string, number][] = [];
  for (const num of elements) {
    const text = pdf.objects.get(num)?.text ?? "";
    const id = text.includes("/ID") ? entry(text, "ID") : undefined;
    if (id) ids.push([id, num]);
  }
  ids.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const root = pdf.objects.get(rootNum)!;
  const old = refs(entry(root.text, "IDTree"))[0];
  // the old tree's nodes go: nothing else refers to them
  const stale = old === undefined ? [] : [old];
  for (let i = 0; i < stale.length; i++) stale.push(...refs(entry(pdf.objects.get(stale[i]!)?.text ?? "", "Kids")));
  for (const num of stale) pdf.objects.delete(num);
  const treeNum = old ?? Math.max(...pdf.objects.keys()) + 1;
  pdf.objects.set(treeNum, { text: `<</Names [${ids.map(([id, num]) => `${id} ${num} 0 R`).join(" ")}]>>` });
  root.text = withEntries(withoutEntry(root.text, "IDTree"), `/IDTree ${treeNum} 0 R`);
}
