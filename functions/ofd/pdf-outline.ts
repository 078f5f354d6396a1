/**
 * The PDF's bookmarks (ISO 32000-1 §12.3.3) with the page and position each points at: the outline
 * items' /Dest or GoTo action, named destinations looked up in the catalog's /Dests dictionary or the
 * /Names /Dests name tree.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject } from "pdf-lib";
import type { OutlineEntry } from "./pdf-content.js";
import type { PdfObjects } from "./pdf-objects.js";
import { PT_TO_MM } from "./page-walker.js";

/** Outlines deeper or longer than this are malformed (or cyclic). */
const MAX_ITEMS = 10_000;

function stringOf(value: PDFObject | undefined): string | undefined {
  if (value instanceof PDFName) return value.decodeText();
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText();
  return undefined;
}

/** The value of `key` in a name tree (§7.9.6). */
function nameTreeLookup(objects: PdfObjects, node: PDFDict | undefined, key: string, depth = 0): PDFObject | undefined {
  if (!node || depth > 32) return undefined;
  const names = objects.array(node, "Names");
  if (names) {
    for (let i = 0; i + 1 < names.length; i += 2) if (stringOf(names[i]) === key) return objects.resolve(names[i + 1]);
  }
  for (const kid of objects.array(node, "Kids") ?? []) {
    if (!(kid instanceof PDFDict)) continue;
    const limits = objects.array(kid, "Limits");
    const [low, high] = [stringOf(limits?.[0]), stringOf(limits?.[1])];
    if (low !== undefined && high !== undefined && (key < low || key > high)) continue;
    const found = nameTreeLookup(objects, kid, key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A destination array, or undefined: explicit, or named (a destination dictionary gives its /D). */
function destinationOf(objects: PdfObjects, item: PDFDict): PDFObject[] | undefined {
  const action = objects.dict(item, "A");
  let dest = action ? (objects.name(action, "S") === "GoTo" ? objects.get(action, "D") : undefined) : objects.get(item, "Dest");
  const name = stringOf(dest);
  if (name !== undefined) {
    const catalog = objects.source.catalog;
    const tree = objects.dict(objects.dict(catalog, "Names"), "Dests");
    dest = tree ? nameTreeLookup(objects, tree, name) : objects.get(objects.dict(catalog, "Dests"), name);
    if (dest instanceof PDFDict) dest = objects.get(dest, "D");
  }
  return dest instanceof PDFArray ? dest.asArray() : undefined;
}

function positionOf(objects: PdfObjects, dest: PDFObject[] | undefined, pageRefs: readonly PDFRef[], views: readonly (readonly number[])[]): Pick<OutlineEntry, "pageIndex" | "left" | "top"> {
  if (!dest) return {};
  const target = dest[0];
  const pageIndex = target instanceof PDFRef ? pageRefs.indexOf(target) : target instanceof PDFNumber ? target.asNumber() : -1;
  if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= pageRefs.length) return {};
  const kind = objects.resolve(dest[1]);
  if (!(kind instanceof PDFName) || kind.decodeText() !== "XYZ" || !(target instanceof PDFRef)) return { pageIndex };
  const view = views[pageIndex]!;
  const numberAt = (i: number) => {
    const v = objects.resolve(dest[i]);
    return v instanceof PDFNumber ? v.asNumber() : undefined; // null: the position is kept
  };
  const left = numberAt(2);
  const top = numberAt(3);
  return {
    pageIndex,
    ...(left !== undefined ? { left: Math.max(0, (left - view[0]!) * PT_TO_MM) } : {}),
    ...(top !== undefined ? { top: Math.max(0, (view[3]! - top) * PT_TO_MM) } : {}),
  };
}

export function readOutline(objects: PdfObjects, pageRefs: readonly PDFRef[], views: readonly (readonly number[])[]): OutlineEntry[] {
  const seen = new Set<PDFDict>();
  const children = (parent: PDFDict | undefined): OutlineEntry[] => {
    const entries: OutlineEntry[] = [];
    for (let item = objects.dict(parent, "First"); item && !seen.has(item) && seen.size < MAX_ITEMS; item = objects.dict(item, "Next")) {
      seen.add(item);
      const title = objects.text(item, "Title") ?? "";
      entries.push({ title, ...positionOf(objects, destinationOf(objects, item), pageRefs, views), children: children(item) });
    }
    return entries;
  };
  return children(objects.dict(objects.source.catalog, "Outlines"));
}
