/** The D.2 rules, in the order an editor reads a page. */
import type { LayoutRule } from "../findings.js";
import { closingRule } from "./closing.js";
import { headingRule } from "./headings.js";
import { labelRule } from "./labels.js";
import { lineGridRule } from "./line-grid.js";
import { stretchedLineRule } from "./stretched-lines.js";
import { subheadingRule } from "./subheadings.js";
import { tableRule } from "./tables.js";
import { titleRule } from "./title.js";

export const LAYOUT_RULES: readonly LayoutRule[] = [titleRule, lineGridRule, stretchedLineRule, subheadingRule, headingRule, tableRule, labelRule, closingRule];
