/**
 * Tables 二, 三 and 四 of a corpus report, built by walking the edition definitions (never a copy of an
 * example), with figures that satisfy A1–A4: totals are left out (the validator computes them) and
 * 一、本年新收 is chosen so that every column balances.
 */
import { applicationLeaves, type Edition } from "../../functions/report/editions/index.js";
import type { Random } from "./text.js";

/** How big the figures are: all zero (a quiet township), small, five digits in every cell, seven digits. */
export type Figures = "zero" | "small" | "fiveDigits" | "sevenDigits";

function count(random: Random, figures: Figures): number {
  switch (figures) {
    case "zero":
      return 0;
    case "small":
      return random.next() < 0.5 ? 0 : random.int(1, 40);
    case "fiveDigits":
      return random.int(10000, 99999);
    case "sevenDigits":
      // 23 rows of 6 columns stay below the schema's 1 000 000 000 per cell
      return random.int(1000000, 7000000);
  }
}

function amount(random: Random, figures: Figures): string {
  if (figures === "zero") return "0";
  const whole = figures === "small" ? random.int(0, 99) : figures === "fiveDigits" ? random.int(10000, 99999) : random.int(1000000, 9999999);
  return random.next() < 0.5 ? String(whole) : `${whole}.${random.int(1, 9999)}`;
}

type Json = Record<string, unknown>;

function setAt(root: Json, path: readonly string[], value: unknown): void {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Json;
  node[path[path.length - 1]!] = value;
}

export function proactive(edition: Edition, random: Random, figures: Figures, options: { rulemaking: boolean }): Json {
  const out: Json = {};
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      const values: Json = {};
      for (const field of group.fields) {
        const noRules = row.key === "regulations" && !options.rulemaking;
        if (field.kind === "amount") values[field.key] = noRules ? "0" : amount(random, figures);
        else values[field.key] = noRules ? 0 : count(random, figures);
        if (field.unit) values[field.unit.key] = random.pick(field.unit.values);
      }
      // 2019's 本年增/减 never takes the item count below zero (the plausibility check)
      const previous = group.fields.find((f) => f.key === "previousItems");
      const change = group.fields.find((f) => f.kind === "signedCount");
      if (previous && change && random.next() < 0.5) values[change.key] = -Math.min(values[previous.key] as number, values[change.key] as number);
      out[row.key] = values;
    }
  }
  return out;
}

export function applications(edition: Edition, random: Random, figures: Figures): Json {
  const table = edition.applications;
  const columns = table.columns.filter((c) => !c.isTotal);
  const out: Json = {};
  const row = () => Object.fromEntries(columns.map((c) => [c.key, count(random, figures)])) as Record<string, number>;
  const resultsTotal = Object.fromEntries(columns.map((c) => [c.key, 0])) as Record<string, number>;
  const isBalanceRow = (path: readonly string[], rows: readonly (readonly string[])[]) => rows.some((r) => r.join("/") === path.join("/"));
  for (const leaf of applicationLeaves(table)) {
    if (leaf.isResultsTotal || isBalanceRow(leaf.path, table.balance.incoming)) continue;
    const values = row();
    if (leaf.isResultItem) for (const c of columns) resultsTotal[c.key]! += values[c.key]!;
    setAt(out, leaf.path, values);
  }
  // carried over and received make up what was settled and what is carried forward (rule A1)
  const [receivedPath, carriedOverPath] = table.balance.incoming;
  const carriedForward = out[table.balance.outgoing[1]![0]!] as Record<string, number>;
  const received: Record<string, number> = {};
  const carriedOver: Record<string, number> = {};
  for (const c of columns) {
    const outgoing = resultsTotal[c.key]! + carriedForward[c.key]!;
    carriedOver[c.key] = figures === "zero" ? 0 : Math.min(outgoing, count(random, figures));
    received[c.key] = outgoing - carriedOver[c.key]!;
  }
  setAt(out, receivedPath!, received);
  setAt(out, carriedOverPath!, carriedOver);
  return out;
}

export function reviewLitigation(edition: Edition, random: Random, figures: Figures): Json {
  const table = edition.reviewLitigation;
  return Object.fromEntries(
    table.groups.map((g) => [g.key, Object.fromEntries(table.outcomes.filter((o) => !o.isTotal).map((o) => [o.key, count(random, figures)]))]),
  );
}
