/** What the engine reads from a paragraph: one claim per statement of a figure. */
import type { PhraseFamily, Quantity } from "./family.js";

/** What a paragraph says about one figure. Claims are shared between readings of the same text: never mutate one. */
export interface Claim {
  readonly family: PhraseFamily;
  /** the phrase as written */
  readonly quote: string;
  /** a figure ("共收到申请250件"), a denial ("未收到申请"), or every case having an outcome ("均获维持") */
  readonly form: "figure" | "none" | "all";
  /** the figure stated: a count, or money in 元 (`money: "yuan"`) or 万元 (`"wanYuan"`) */
  readonly stated?: number;
  /** for "all": the figure stated is the sum of these cells (the cases' totals) */
  readonly statedAs?: Quantity;
  /** the table figures the phrase may mean, placeholders resolved; the first is the one it is checked against */
  readonly readings: readonly Quantity[];
  /** where the phrase starts (a figure) or ends (a denial) in the paragraph: claims come in reading order */
  readonly at: number;
}
