/**
 * The laid-out page as the pagination pass sees it: the report's flow, block by block (title lines,
 * paragraphs, headings, tables, the closing block), with the position of each block and of each line
 * of text in it, read from one DevTools DOMSnapshot of the page as Chromium laid it out on load (the
 * body is exactly as wide as the printed text block, so every line breaks as it will in print).
 */

export type BlockKind = "title" | "paragraph" | "heading" | "subheading" | "table" | "closing";

export interface LineBox {
  readonly top: number;
  readonly bottom: number;
  /** where the line starts in the block's text (UTF-16 offset over its text nodes in order) */
  readonly offset: number;
}

export interface FlowBlock {
  readonly kind: BlockKind;
  /** DevTools backend node id of the element */
  readonly node: number;
  readonly top: number;
  readonly bottom: number;
  /** the lines of text of a paragraph, heading or title line */
  readonly lines: readonly LineBox[];
  /** for a table: its name (proactive, applications, reviewLitigation) */
  readonly table?: string;
  /** for a table: the tops of its body rows */
  readonly rows?: readonly { readonly top: number; readonly bottom: number }[];
  /** the element's children, for rewriting it: text, or an element with a class and its text */
  readonly content: readonly ({ readonly text: string } | { readonly tag: string; readonly className: string; readonly text: string })[];
  readonly className: string;
}

/** The parts of DOMSnapshot.captureSnapshot's answer this pass reads. */
export interface DomSnapshot {
  readonly strings: readonly string[];
  readonly documents: readonly {
    readonly nodes: {
      readonly parentIndex?: readonly number[];
      readonly nodeType?: readonly number[];
      readonly nodeName?: readonly number[];
      readonly nodeValue?: readonly number[];
      readonly backendNodeId?: readonly number[];
      readonly attributes?: readonly (readonly number[])[];
    };
    readonly layout: { readonly nodeIndex: readonly number[]; readonly bounds: readonly (readonly number[])[] };
    readonly textBoxes: {
      readonly layoutIndex: readonly number[];
      readonly bounds: readonly (readonly number[])[];
      readonly start: readonly number[];
      readonly length: readonly number[];
    };
  }[];
}

const TEXT_NODE = 3;
const FLOW_PARENTS = new Set(["HEADER", "MAIN", "SECTION"]);

function kindOf(name: string, className: string, parent: string): BlockKind | undefined {
  if (name === "P") return parent === "HEADER" ? "title" : /\bsubhead-line\b/.test(className) ? "subheading" : "paragraph";
  if (name === "H1") return "heading";
  if (name === "TABLE") return "table";
  if (name === "FOOTER" && /\bclosing\b/.test(className)) return "closing";
  return undefined;
}

export function readFlow(snapshot: DomSnapshot): FlowBlock[] {
  const { strings } = snapshot;
  const doc = snapshot.documents[0];
  if (!doc) return [];
  const nodes = doc.nodes;
  const count = nodes.nodeName?.length ?? 0;
  const str = (i: number | undefined) => (i === undefined || i < 0 ? "" : (strings[i] ?? ""));
  const name = (i: number) => str(nodes.nodeName?.[i]);
  const attribute = (i: number, key: string) => {
    const attrs = nodes.attributes?.[i] ?? [];
    for (let a = 0; a < attrs.length; a += 2) if (str(attrs[a]) === key) return str(attrs[a + 1]);
    return "";
  };
  const layoutOf = new Map<number, number>();
  doc.layout.nodeIndex.forEach((node, i) => layoutOf.set(node, i));

  // every node's flow block (nodes come in document order, parents first)
  const blockOf = new Int32Array(count).fill(-1);
  const blocks: { kind: BlockKind; node: number; index: number; className: string; textNodes: number[] }[] = [];
  for (let i = 0; i < count; i++) {
    const parent = nodes.parentIndex?.[i] ?? -1;
    const kind = parent >= 0 && FLOW_PARENTS.has(name(parent)) ? kindOf(name(i), attribute(i, "class"), name(parent)) : undefined;
    if (kind) {
      blockOf[i] = blocks.length;
      blocks.push({ kind, node: i, index: blocks.length, className: attribute(i, "class"), textNodes: [] });
    } else if (parent >= 0) {
      blockOf[i] = blockOf[parent]!;
    }
    if (blockOf[i]! >= 0 && nodes.nodeType?.[i] === TEXT_NODE) blocks[blockOf[i]!]!.textNodes.push(i);
  }

  // each text node's offset within its block's text
  const textOffset = new Map<number, number>();
  for (const block of blocks) {
    let offset = 0;
    for (const t of block.textNodes) {
      textOffset.set(t, offset);
      offset += str(nodes.nodeValue?.[t]).length;
    }
  }
  // text boxes of one line share its middle (faces differ in ascent, so their tops differ)
  const boxesOf = blocks.map(() => [] as { top: number; bottom: number; middle: number; left: number; offset: number }[]);
  const boxes = doc.textBoxes;
  for (let b = 0; b < boxes.layoutIndex.length; b++) {
    const node = doc.layout.nodeIndex[boxes.layoutIndex[b]!]!;
    const block = blockOf[node]!;
    if (block < 0) continue;
    const [left, top, , height] = boxes.bounds[b]!;
    boxesOf[block]!.push({ top: top!, bottom: top! + height!, middle: top! + height! / 2, left: left!, offset: (textOffset.get(node) ?? 0) + boxes.start[b]! });
  }
  const linesOf = boxesOf.map((list) => {
    const lines: { top: number; bottom: number; middle: number; left: number; offset: number }[] = [];
    for (const box of list.sort((a, b) => a.middle - b.middle || a.left - b.left)) {
      const line = lines[lines.length - 1];
      if (line && Math.abs(box.middle - line.middle) < (line.bottom - line.top) / 2) {
        line.top = Math.min(line.top, box.top);
        line.bottom = Math.max(line.bottom, box.bottom);
        if (box.left < line.left) Object.assign(line, { left: box.left, offset: box.offset });
      } else {
        lines.push({ ...box });
      }
    }
    return lines;
  });

  return blocks.flatMap((block): FlowBlock[] => {
    const layout = layoutOf.get(block.node);
    if (layout === undefined) return [];
    const [, top, , height] = doc.layout.bounds[layout]!;
    const element = block.node;
    const rows: { top: number; bottom: number }[] = [];
    if (block.kind === "table") {
      for (let i = element + 1; i < count && blockOf[i] === block.index; i++) {
        if (name(i) !== "TR" || name(nodes.parentIndex?.[i] ?? -1) !== "TBODY") continue;
        const l = layoutOf.get(i);
        if (l !== undefined) rows.push({ top: doc.layout.bounds[l]![1]!, bottom: doc.layout.bounds[l]![1]! + doc.layout.bounds[l]![3]! });
      }
    }
    const content: FlowBlock["content"][number][] = [];
    for (let i = element + 1; i < count && blockOf[i] === block.index; i++) {
      const parent = nodes.parentIndex?.[i];
      if (parent !== element) continue;
      if (nodes.nodeType?.[i] === TEXT_NODE) content.push({ text: str(nodes.nodeValue?.[i]) });
      else {
        let text = "";
        for (let j = i + 1; j < count && blockOf[j] === block.index; j++) {
          let p = nodes.parentIndex?.[j] ?? -1;
          while (p > i) p = nodes.parentIndex?.[p] ?? -1;
          if (p !== i) break;
          if (nodes.nodeType?.[j] === TEXT_NODE) text += str(nodes.nodeValue?.[j]);
        }
        content.push({ tag: name(i).toLowerCase(), className: attribute(i, "class"), text });
      }
    }
    return [
      {
        kind: block.kind,
        node: nodes.backendNodeId?.[element] ?? -1,
        top: top!,
        bottom: top! + height!,
        lines: linesOf[block.index]!.map(({ top, bottom, offset }) => ({ top, bottom, offset })),
        ...(block.kind === "table" ? { table: /\btable-(\w+)/.exec(block.className)?.[1] ?? "", rows } : {}),
        content,
        className: block.className,
      },
    ];
  });
}
