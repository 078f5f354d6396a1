/** The committed example reports, loaded fresh (a deep copy) for each use so tests can mutate them. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const EXAMPLE_FILES = {
  raohe2019: fileURLToPath(new URL("../../examples/raohe-xiaojiahe-2023.json", import.meta.url)),
  yunxi2021: fileURLToPath(new URL("../../examples/yunxi-county-2024.json", import.meta.url)),
} as const;

export type ExampleName = keyof typeof EXAMPLE_FILES;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

const cache = new Map<ExampleName, string>();

export function example(name: ExampleName): Json {
  let text = cache.get(name);
  if (text === undefined) cache.set(name, (text = readFileSync(EXAMPLE_FILES[name], "utf8")));
  return JSON.parse(text);
}

/** A date after every example's statistics year and publication, so date checks stay quiet. */
export const TODAY = "2026-11-27";
