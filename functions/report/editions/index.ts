export type * from "./model.js";
export { applicationLeaves, at, balanceLeaves, type ApplicationLeaf, type LabelCell } from "./derive.js";
import { EDITION_2019 } from "./edition2019.js";
import { EDITION_2021 } from "./edition2021.js";
import type { Edition, EditionId } from "./model.js";

export const EDITIONS: Readonly<Record<EditionId, Edition>> = { "2019": EDITION_2019, "2021": EDITION_2021 };

export const EDITION_IDS = Object.keys(EDITIONS) as EditionId[];

export function isEditionId(value: unknown): value is EditionId {
  return typeof value === "string" && Object.hasOwn(EDITIONS, value);
}
