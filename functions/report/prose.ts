/** The prose of a report, paragraph by paragraph, with the JSON pointer of each. */
import { pointer } from "./diagnostics.js";
import type { NormalizedReport } from "./schema/index.js";
import { paragraphsPath, sectionBody, type SectionText } from "./section-text.js";

export { parseProseNumber } from "./phrases/numerals.js";

export interface Paragraph {
  readonly path: string;
  readonly text: string;
}

export function paragraphs(report: NormalizedReport): Paragraph[] {
  const out: Paragraph[] = [];
  const add = (tokens: readonly (string | number)[], texts: readonly string[] | undefined) => {
    if (!texts || texts.length === 0) return;
    const base = pointer(tokens);
    for (let i = 0; i < texts.length; i++) out.push({ path: `${base}/${i}`, text: texts[i]! });
  };
  const addSection = (key: "overview" | "problems" | "otherMatters", text: SectionText) => {
    const body = sectionBody(text);
    add([key, ...paragraphsPath(text)], body.paragraphs);
    body.subsections.forEach((s, i) => {
      out.push({ path: `/${key}/subsections/${i}/heading`, text: s.heading });
      add([key, "subsections", i, "paragraphs"], s.paragraphs);
    });
  };
  add(["preamble"], report.preamble);
  addSection("overview", report.overview);
  const intros = report.sectionIntros;
  if (intros) for (const key of ["proactive", "applications", "reviewLitigation"] as const) add(["sectionIntros", key], intros[key]);
  addSection("problems", report.problems);
  addSection("otherMatters", report.otherMatters);
  return out;
}
