/**
 * Sub-headings (D.2): a （一） head that ends with 。 or ： runs into its paragraph; one without
 * closing punctuation stands on its own line. The head is what is set in the sub-heading face (楷体)
 * at the start of a paragraph.
 */
import { fontFamily } from "../document.js";
import type { LayoutFinding, LayoutRule } from "../findings.js";
import { excerpt } from "../flow.js";

const SUBHEADING = /^（[一二三四五六七八九十]+）/u;
const CLOSING_PUNCTUATION = /[。：:；！？]$/u;

export const subheadingRule: LayoutRule = {
  codes: ["subheading-placement"],
  description: "以「。」或「：」结尾的小标题接排正文，不带标点的小标题单独成行",
  check(doc) {
    const findings: LayoutFinding[] = [];
    const body = fontFamily(doc.bodyFont);
    for (const page of doc.pages) {
      const lines = page.lines.filter((l) => l.role === "body" || l.role === "subheading");
      lines.forEach((line, i) => {
        const text = line.text.replace(/\s+/g, "");
        if (!SUBHEADING.test(text) || fontFamily(line.glyphs[0]!.font) === body) return;
        const headEnd = line.glyphs.findIndex((g) => fontFamily(g.font) === body);
        const head = line.glyphs.slice(0, headEnd < 0 ? undefined : headEnd).map((g) => g.text).join("").replace(/\s+/g, "");
        const runIn = headEnd >= 0;
        const punctuated = CLOSING_PUNCTUATION.test(head);
        // an own-line head may wrap; then its next line is in the same face
        const wraps = !runIn && lines[i + 1] !== undefined && fontFamily(lines[i + 1]!.glyphs[0]!.font) !== body && !SUBHEADING.test(lines[i + 1]!.text);
        if (punctuated && !runIn && !wraps) {
          findings.push({ code: "subheading-placement", page: page.number, text: excerpt(head), message: `小标题「${excerpt(head, 24)}」以标点结尾，应接排正文，却单独成行。` });
        } else if (!punctuated && runIn) {
          findings.push({ code: "subheading-placement", page: page.number, text: excerpt(line.text), message: `小标题「${excerpt(head, 24)}」不带结尾标点，应单独成行，却与正文接排。` });
        }
      });
    }
    return findings;
  },
};
