/**
 * What changed between two versions of a report: every figure and every piece of text that differs,
 * named from the edition's own labels ("表三 （一）予以公开 · 自然人：12 → 13").
 */
import { parsePointer, pointer } from "../report/diagnostics.js";
import { applicationLeaves, EDITIONS, isEditionId, type Edition } from "../report/editions/index.js";
import { describePath } from "../report/labels.js";

export interface Change {
  readonly path: string;
  readonly label: string;
  readonly kind: "figure" | "text";
  readonly before?: string;
  readonly after?: string;
}

function numeral(edition: Edition, key: string): string {
  return `表${edition.sections.find((s) => s.key === key)?.numeral ?? ""}`;
}

/** A figure's short name: table, row, column. */
export function figureLabel(edition: Edition, path: string): string | undefined {
  const [table, ...rest] = parsePointer(path);
  if (table === "proactive" && rest.length === 2) {
    const group = edition.proactive.groups.find((g) => g.rows.some((r) => r.key === rest[0]));
    const row = group?.rows.find((r) => r.key === rest[0]);
    const field = group?.fields.find((f) => f.key === rest[1]);
    if (row && field) return `${numeral(edition, "proactive")} ${row.label} · ${field.label}`;
  }
  if (table === "applications") {
    const leaf = applicationLeaves(edition.applications).find((l) => pointer(l.path) === pointer(rest.slice(0, -1)));
    const column = edition.applications.columns.find((c) => c.key === rest[rest.length - 1]);
    if (leaf && column) return `${numeral(edition, "applications")} ${(leaf.labels.length > 1 ? leaf.labels.slice(1) : leaf.labels).join(" ")} · ${column.label}`;
  }
  if (table === "reviewLitigation" && rest.length === 2) {
    const group = edition.reviewLitigation.groups.find((g) => g.key === rest[0]);
    const outcome = edition.reviewLitigation.outcomes.find((o) => o.key === rest[1]);
    if (group && outcome) return `${numeral(edition, "reviewLitigation")} ${group.heading}${group.label ? `（${group.label}）` : ""} · ${outcome.label}`;
  }
  return undefined;
}

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((item, i) => leaves(item, `${path}/${i}`, out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) leaves(item, pointer([...parsePointer(path), key]), out);
  else if (value !== undefined) out.set(path, String(value));
}

/** The changes from `before` to `after` (two normalised reports), in the order of the report. */
export function compareReports(before: unknown, after: unknown): Change[] {
  const editionId = (after as { edition?: unknown })?.edition;
  const edition = isEditionId(editionId) ? EDITIONS[editionId] : EDITIONS["2021"];
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(before, "", a);
  leaves(after, "", b);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const order = new Map<string, number>();
  for (const p of [...b.keys(), ...a.keys()]) if (!order.has(p)) order.set(p, order.size);
  return paths
    .filter((p) => a.get(p) !== b.get(p))
    .sort((x, y) => order.get(x)! - order.get(y)!)
    .map((path): Change => {
      const figure = figureLabel(edition, path);
      return {
        path,
        label: figure ?? describePath(edition, path),
        kind: figure ? "figure" : "text",
        ...(a.has(path) ? { before: a.get(path)! } : {}),
        ...(b.has(path) ? { after: b.get(path)! } : {}),
      };
    });
}
