/**
 * The recogniser: a document model → the report JSON, and notes on whatever was not read for sure.
 * Every label it looks for comes from the edition definitions (functions/report/editions); the
 * edition itself is read from the tables (their header wording and rows), then the year.
 */
import { EDITIONS, type EditionId } from "../../report/editions/index.js";
import type { Block, SourceDocument } from "../document.js";
import { ImportError } from "../errors.js";
import { buildApplications, readApplications } from "./applications.js";
import { CellWriter, type Json } from "./cells.js";
import { Notes, type ImportNote } from "./notes.js";
import { front, lines, outline, sectionProse, takeClosing, type SectionProse } from "./outline.js";
import { buildProactive, readProactive } from "./proactive.js";
import { buildReview, readReview } from "./review.js";
import { tableRows } from "./rows.js";

export type { ImportNote } from "./notes.js";

export interface Recognised {
  readonly report: Json;
  readonly notes: readonly ImportNote[];
}

const TITLE = /^(.*?)(\d{4})年度?政府信息公开工作(年度)?报告$/;

function yearOf(title: string | undefined, preamble: readonly string[]): { year?: number; sure: boolean } {
  const inTitle = title ? TITLE.exec(title) : null;
  if (inTitle) return { year: Number(inTitle[2]), sure: true };
  const text = preamble.join("");
  const period = /(?:自|从)\s*(\d{4})\s*年\s*1\s*月\s*1\s*日/.exec(text);
  if (period) return { year: Number(period[1]), sure: false };
  const any = /(\d{4})\s*年/.exec(text);
  return any ? { year: Number(any[1]), sure: false } : { sure: false };
}

function chooseEdition(evidence: Record<EditionId, number>, year: number | undefined): { edition: EditionId; sure: boolean } {
  if (evidence["2021"] > evidence["2019"]) return { edition: "2021", sure: evidence["2019"] === 0 };
  if (evidence["2019"] > evidence["2021"]) return { edition: "2019", sure: evidence["2021"] === 0 };
  return { edition: year !== undefined && year <= 2020 ? "2019" : "2021", sure: false };
}

/** 五 and 六: a list of paragraphs, or (B.2) paragraphs and sub-sections when the text has sub-headings. */
function sectionText(prose: SectionProse): string[] | Json {
  return prose.subsections.length ? { paragraphs: prose.paragraphs, subsections: prose.subsections } : prose.paragraphs;
}

function intro(blocks: readonly Block[] | undefined, key: string, notes: Notes): string[] {
  if (!blocks) return [];
  const firstTable = blocks.findIndex((b) => b.kind === "table");
  const paragraphs: string[] = [];
  blocks.forEach((b, i) => {
    if (b.kind !== "paragraph") return;
    if (firstTable >= 0 && i > firstTable) notes.add(["sectionIntros", key, paragraphs.length], "这段文字印在表格之后，读作表前说明", 0.6);
    paragraphs.push(b.text);
  });
  return paragraphs;
}

export function recognise(document: SourceDocument): Recognised {
  const notes = new Notes();
  const blocks = lines(document.blocks);
  const parts = outline(blocks);
  const found = parts.sections.filter(Boolean).length;
  if (found < 3) {
    throw new ImportError(
      "no_report_found",
      found === 0
        ? "文档中没有找到政府信息公开工作年度报告：没有「一、总体情况」至「六、其他需要报告的事项」这些部分"
        : `文档中只找到 ${found} 个年度报告的部分标题，不像一份政府信息公开工作年度报告`,
    );
  }
  const head = front(parts.front);
  const sections = parts.sections;
  sections.forEach((s, i) => {
    if (!s) notes.add([["overview", "proactive", "applications", "reviewLitigation", "problems", "otherMatters"][i]!], `没有找到「${EDITIONS["2021"].sections[i]!.title}」这一部分的标题`, 0);
  });

  // tables: by the section they stand in, or anywhere when that heading is missing
  const rowsIn = (i: number) => tableRows(sections[i] ?? blocks);
  const proactive = readProactive(rowsIn(1));
  const applications = readApplications(rowsIn(2));
  const review = readReview(rowsIn(3));

  const { year, sure: yearSure } = yearOf(head.title, head.preamble);
  const evidence = {
    "2019": proactive.evidence["2019"] + applications.evidence["2019"],
    "2021": proactive.evidence["2021"] + applications.evidence["2021"],
  };
  const { edition, sure: editionSure } = chooseEdition(evidence, year);
  if (!editionSure) notes.add(["edition"], `表格的格式不能完全确定年度报告格式的版本，按 ${edition} 年版读取`, evidence["2019"] + evidence["2021"] === 0 ? 0.4 : 0.7);
  const writer = new CellWriter(EDITIONS[edition], notes);

  const titleMatch = head.title ? TITLE.exec(head.title) : null;
  const six = [...(sections[5] ?? [])];
  const closing = takeClosing(six);
  let agencyName = titleMatch?.[1]?.trim() ?? "";
  if (!agencyName && closing) {
    agencyName = closing.signatory;
    notes.add(["agency", "name"], "标题中没有读出机关名称，取落款单位", 0.6);
  }
  if (!agencyName) notes.add(["agency", "name"], "没有读出机关名称", 0);
  if (year === undefined) notes.add(["year"], "没有读出统计年度", 0);
  else if (!yearSure) notes.add(["year"], `标题中没有年度，按正文读作 ${year} 年`, 0.6);

  const overview = sectionProse(sections[0] ?? []);
  overview.doubtful.forEach((i) => notes.add(["overview", "paragraphs", i], "这段以（一）等编号开头，但分不出小标题，读作段落", 0.5));
  const defaultTitle = year !== undefined ? `${agencyName}${year}${EDITIONS[edition].titleSuffix}` : undefined;
  const intros: Json = {};
  (["proactive", "applications", "reviewLitigation"] as const).forEach((key, k) => {
    const paragraphs = intro(sections[k + 1], key, notes);
    if (paragraphs.length) intros[key] = paragraphs;
  });

  const report: Json = {
    edition,
    ...(year !== undefined ? { year } : {}),
    agency: { name: agencyName },
    ...(head.title && head.title !== defaultTitle ? { title: head.title } : {}),
    preamble: head.preamble,
    overview: { paragraphs: overview.paragraphs, subsections: overview.subsections },
    ...(Object.keys(intros).length ? { sectionIntros: intros } : {}),
    proactive: buildProactive(proactive, writer),
    applications: buildApplications(applications, writer),
    reviewLitigation: buildReview(review, writer),
    problems: sectionText(sectionProse(sections[4] ?? [])),
    otherMatters: sectionText(sectionProse(six)),
    ...(closing ? { closing } : {}),
  };
  for (const label of [...proactive.unknown, ...applications.unknown]) notes.add([], `表格中有一行「${label}」不属于官方格式，未读取`, 0.5);
  return { report, notes: notes.items };
}
