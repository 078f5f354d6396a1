/** The rule pack: every rule of spec/report-format.md Part C after `schema`, in the order reported. */
import { columnBalance } from "./a1-column-balance.js";
import { rowTotal } from "./a2-row-total.js";
import { resultsTotal } from "./a3-results-total.js";
import { reviewTotal } from "./a4-review-total.js";
import { editionYear } from "./edition-year.js";
import { textTable } from "./text-table.js";
import { priorYear } from "./prior-year.js";
import { plausibility } from "./plausibility.js";
import type { Rule } from "./rule.js";

export const RULES: readonly Rule[] = [columnBalance, rowTotal, resultsTotal, reviewTotal, editionYear, textTable, priorYear, plausibility];

export type { Rule, RuleContext } from "./rule.js";
