/**
 * Part C: every single-cell change to a consistent table 三 or 四 breaks at least one of A1–A4.
 * Generated over every cell of both tables in both examples (2019 and 2021 editions).
 */
import { describe, expect, it } from "vitest";
import { applicationLeaves, at, EDITIONS } from "../../functions/report/editions/index.js";
import { example, type ExampleName } from "../helpers/examples.js";
import { check } from "../helpers/validate.js";

interface Cell {
  readonly path: readonly string[];
  readonly name: string;
}

function cellsOf(name: ExampleName): Cell[] {
  const edition = EDITIONS[example(name).edition as "2019" | "2021"];
  const cells: Cell[] = [];
  for (const leaf of applicationLeaves(edition.applications)) {
    for (const column of edition.applications.columns) {
      cells.push({ path: ["applications", ...leaf.path, column.key], name: `${leaf.labels.join("")} ${column.label}` });
    }
  }
  for (const group of edition.reviewLitigation.groups) {
    for (const outcome of edition.reviewLitigation.outcomes) {
      cells.push({ path: ["reviewLitigation", group.key, outcome.key], name: `${group.heading}${group.label ?? ""} ${outcome.label}` });
    }
  }
  return cells;
}

describe.each(["raohe2019", "yunxi2021"] as const)("every cell of 三 and 四 in %s", (name) => {
  const cells = cellsOf(name);

  it("covers the whole of both tables", () => {
    const rows = name === "raohe2019" ? 23 : 25;
    expect(cells).toHaveLength(rows * 7 + 3 * 5);
  });

  it.each(cells.map((c) => [c.name, c] as const))("+1 on %s is caught", (_label, cell) => {
    const report = example(name);
    const parent = at(report, cell.path.slice(0, -1)) as Record<string, number>;
    parent[cell.path[cell.path.length - 1]!]! += 1;
    const result = check(report);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors.every((d) => ["A1", "A2", "A3", "A4"].includes(d.code))).toBe(true);
  });
});
