/**
 * Facts derived from an edition's description: the data rows of table 三 with their label spans,
 * and which rows add up to which. Derived here once so that the validator, the template and the tests
 * read the same structure.
 */
import type { ApplicationRowNode, ApplicationsTable } from "./model.js";

/** A label cell of a table-三 data row, with the spans it is printed with. */
export interface LabelCell {
  readonly text: string;
  readonly rowspan: number;
  readonly colspan: number;
}

/** A data row of table 三. */
export interface ApplicationLeaf {
  /** JSON keys from `applications` down to the row object, e.g. ["results", "withheld", "stateSecret"] */
  readonly path: readonly string[];
  /** the labels of the row and its ancestors, outermost first, e.g. 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 */
  readonly labels: readonly string[];
  /** the label cells that start on this row (an ancestor's cell starts on its first leaf) */
  readonly cells: readonly LabelCell[];
  /** true for （七）总计 */
  readonly isResultsTotal: boolean;
  /** true for the rows that （七）总计 adds up (every leaf under 三、本年度办理结果 but the total) */
  readonly isResultItem: boolean;
  /** reads this row's cells below an `applications` object (undefined where a level is missing) */
  readonly read: (applications: unknown) => Record<string, number> | undefined;
}

/** A getter for a fixed path: the validator reads every row of table 三 on every validation. */
function getter(path: readonly string[]): (root: unknown) => Record<string, number> | undefined {
  return (root) => at(root, path) as Record<string, number> | undefined;
}

function leafCount(node: ApplicationRowNode): number {
  return node.children ? node.children.reduce((n, c) => n + leafCount(c), 0) : 1;
}

const cache = new WeakMap<ApplicationsTable, readonly ApplicationLeaf[]>();

/** The data rows of table 三 in print order. */
export function applicationLeaves(table: ApplicationsTable): readonly ApplicationLeaf[] {
  const cached = cache.get(table);
  if (cached) return cached;
  const leaves: ApplicationLeaf[] = [];
  const walk = (
    node: ApplicationRowNode,
    depth: number,
    path: readonly string[],
    labels: readonly string[],
    pending: readonly LabelCell[],
    underResults: boolean,
  ): void => {
    const nodePath = [...path, node.key];
    const nodeLabels = [...labels, node.label];
    if (node.children) {
      const cell: LabelCell = { text: node.label, rowspan: leafCount(node), colspan: 1 };
      node.children.forEach((child, i) =>
        walk(child, depth + 1, nodePath, nodeLabels, i === 0 ? [...pending, cell] : [], underResults || node.key === "results"),
      );
      return;
    }
    const cell: LabelCell = { text: node.label, rowspan: 1, colspan: table.labelColumns - depth };
    leaves.push({
      path: nodePath,
      labels: nodeLabels,
      cells: [...pending, cell],
      isResultsTotal: underResults && node.isTotal === true,
      isResultItem: underResults && node.isTotal !== true,
      read: getter(nodePath),
    });
  };
  for (const row of table.rows) walk(row, 0, [], [], [], false);
  cache.set(table, leaves);
  return leaves;
}

/** Reads the object at `path` below `root`, or undefined. */
export function at(root: unknown, path: readonly string[]): unknown {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (node === null || typeof node !== "object") return undefined;
    const key = path[i]!;
    // own properties only: a key like "constructor" must never reach the prototype
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const balanceCache = new WeakMap<ApplicationsTable, { incoming: ApplicationLeaf[]; outgoing: ApplicationLeaf[] }>();

/** The rows of the balance the corner note states (rule A1 and the prior-year check). */
export function balanceLeaves(table: ApplicationsTable): { incoming: ApplicationLeaf[]; outgoing: ApplicationLeaf[] } {
  let cached = balanceCache.get(table);
  if (!cached) {
    const leaves = applicationLeaves(table);
    const leafAt = (path: readonly string[]) => leaves.find((l) => l.path.length === path.length && l.path.every((k, i) => k === path[i]))!;
    cached = { incoming: table.balance.incoming.map(leafAt), outgoing: table.balance.outgoing.map(leafAt) };
    balanceCache.set(table, cached);
  }
  return cached;
}
