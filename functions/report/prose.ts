/** The prose of a report, paragraph by paragraph, with the JSON pointer of each. */
import { pointer } from "./diagnostics.js";
import type { NormalizedReport } from "./schema/index.js";
import { paragraphsPath, sectionBody, type SectionText } from "./section-text.js";

export { parseProseNumber } from "./phrases/numerals.js";

export interface Paragraph {
  readonly path: string;
  readonly text: string;
}

/** A paragraph whose pointer is written out only when asked for: most paragraphs draw no diagnostic. */
class ProseParagraph implements Paragraph {
  constructor(
    private readonly list: readonly (string | number)[],
    private readonly index: number | undefined,
    readonly text: string,
  ) {}

  private pointer: string | undefined;

  get path(): string {
    return (this.pointer ??= pointer(this.index === undefined ? this.list : [...this.list, this.index]));
  }
}

/** Where a paragraph stands: the JSON pointer tokens of its list, and its index (none for a sub-heading). */
export type ParagraphVisitor = (text: string, list: readonly (string | number)[], index: number | undefined) => void;

/**
 * Every paragraph (and sub-heading) of the prose in reading order, without making an object of each:
 * the text-table rule reads them all and names few.
 */
export function eachParagraph(report: NormalizedReport, visit: ParagraphVisitor): void {
  const add = (tokens: readonly (string | number)[], texts: readonly string[] | undefined) => {
    if (!texts) return;
    for (let i = 0; i < texts.length; i++) visit(texts[i]!, tokens, i);
  };
  const addSection = (key: "overview" | "problems" | "otherMatters", text: SectionText) => {
    const body = sectionBody(text);
    add([key, ...paragraphsPath(text)], body.paragraphs);
    body.subsections.forEach((s, i) => {
      visit(s.heading, [key, "subsections", i, "heading"], undefined);
      add([key, "subsections", i, "paragraphs"], s.paragraphs);
    });
  };
  add(["preamble"], report.preamble);
  addSection("overview", report.overview);
  const intros = report.sectionIntros;
  if (intros) for (const key of ["proactive", "applications", "reviewLitigation"] as const) add(["sectionIntros", key], intros[key]);
  addSection("problems", report.problems);
  addSection("otherMatters", report.otherMatters);
}

/** The paragraph `eachParagraph` visited with these arguments. */
export function paragraphAt(text: string, list: readonly (string | number)[], index: number | undefined): Paragraph {
  return new ProseParagraph(list, index, text);
}

export function paragraphs(report: NormalizedReport): Paragraph[] {
  const out: Paragraph[] = [];
  eachParagraph(report, (text, list, index) => out.push(new ProseParagraph(list, index, text)));
  return out;
}
