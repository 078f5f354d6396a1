/** The prose of a report, paragraph by paragraph, with the JSON pointer of each. */
import { pointer } from "./diagnostics.js";
import type { NormalizedReport } from "./schema/index.js";

export { parseProseNumber } from "./phrases/numerals.js";

export interface Paragraph {
  readonly path: string;
  readonly text: string;
}

interface Subsection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

/** A section of prose: a list of paragraphs, or (overview, and 五/六 since B.2) paragraphs and sub-sections. */
type Section = readonly string[] | { readonly paragraphs: readonly string[]; readonly subsections?: readonly Subsection[] } | undefined;

export function paragraphs(report: NormalizedReport): Paragraph[] {
  const out: Paragraph[] = [];
  const add = (tokens: readonly (string | number)[], texts: readonly string[] | undefined) => {
    if (!texts || texts.length === 0) return;
    const base = pointer(tokens);
    for (let i = 0; i < texts.length; i++) out.push({ path: `${base}/${i}`, text: texts[i]! });
  };
  const section = (key: string, value: Section) => {
    if (value === undefined) return;
    if (Array.isArray(value)) return add([key], value as readonly string[]);
    const shaped = value as Exclude<Section, readonly string[] | undefined>;
    add([key, "paragraphs"], shaped.paragraphs);
    shaped.subsections?.forEach((s, i) => {
      out.push({ path: pointer([key, "subsections", i, "heading"]), text: s.heading });
      add([key, "subsections", i, "paragraphs"], s.paragraphs);
    });
  };
  add(["preamble"], report.preamble);
  section("overview", report.overview);
  const intros = report.sectionIntros;
  if (intros) for (const key of ["proactive", "applications", "reviewLitigation"] as const) add(["sectionIntros", key], intros[key]);
  section("problems", report.problems as Section);
  section("otherMatters", report.otherMatters as Section);
  return out;
}
