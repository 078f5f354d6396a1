/**
 * What a round trip (report → printed document → import) must give back: the normalised report as
 * printed. Not printed, so not expected back: the caller's agency code and level, the publish date.
 * Sections 五 and 六 sent as plain paragraphs that happen to open with （一） print exactly like
 * sub-sections; there only the printed text is compared.
 */
import type { NormalizedReport } from "../../functions/report/index.js";
import { sectionBody, type SectionText } from "../../functions/report/section-text.js";

type Json = Record<string, unknown>;

function printedText(text: SectionText): string[] {
  const body = sectionBody(text);
  return [
    ...body.paragraphs,
    ...body.subsections.flatMap((s) => (s.paragraphs.length && /[。：:]$/.test(s.heading) ? [s.heading + s.paragraphs[0], ...s.paragraphs.slice(1)] : [s.heading, ...s.paragraphs])),
  ];
}

/**
 * The report as printed, for comparison. `original` (the report that was printed) decides how 五 and
 * 六 are compared: structure when it wrote them with sub-sections, printed text when as paragraphs.
 */
export function printed(report: NormalizedReport, original: NormalizedReport = report): Json {
  // through JSON, as a report travels: a -0 a generator produced is the 0 the document prints
  const copy = JSON.parse(JSON.stringify(report)) as Json & { agency: Json };
  delete copy.agency.code;
  delete copy.agency.level;
  delete copy.publishedAt;
  delete copy.schemaVersion;
  for (const key of ["problems", "otherMatters"] as const) {
    copy[key] = Array.isArray(original[key]) ? printedText(report[key]) : sectionBody(report[key]);
  }
  return copy;
}
