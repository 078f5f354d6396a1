/**
 * The view model of the HTML template: a report, normalised, laid out as the official format lays
 * it out. Every label and span comes from the edition definitions; the template itself only knows
 * "a heading", "a paragraph" and "a table of cells", so no label is typed twice.
 */
import { applicationLeaves, at, EDITIONS, type Edition } from "../report/editions/index.js";
import type { NormalizedReport } from "../report/index.js";
import { sectionBody } from "../report/section-text.js";
import { labelWords, nameWords, titleWords } from "../report/words.js";
import { breakWords } from "./line-breaks.js";

export interface Cell {
  readonly text: string;
  /** a label's words: the only places it may wrap (spec D.2) */
  readonly words?: readonly string[];
  readonly rowspan?: number;
  readonly colspan?: number;
  /** a CSS class: "label", "number", "group", "corner" */
  readonly kind: "label" | "number" | "group" | "corner" | "head";
}

export type Row = readonly Cell[];

/** A column: its number, and for a column of figures the digits of its widest figure. */
export interface ColumnView {
  readonly index: number;
  readonly figures?: number;
}

/** A table as the template prints it: column widths, header rows (repeated on every page), bodies. */
export interface TableView {
  readonly name: "proactive" | "applications" | "reviewLitigation";
  /** one entry per column (widths are in templates/report.css, by table, column and figure width) */
  readonly columns: readonly ColumnView[];
  /** digits of the table's widest figure: sets the figures' type size (templates/report.css) */
  readonly figures: number;
  /** the second part of a table broken across pages: it starts a page */
  readonly continued?: boolean;
  readonly head: readonly Row[];
  /** each body is kept on one page where possible (a group of table 二) */
  readonly bodies: readonly (readonly Row[])[];
}

export interface SubsectionView {
  readonly heading: string;
  /** a heading that ends with closing punctuation runs into its first paragraph; one without stands on its own line */
  readonly runIn: boolean;
  readonly paragraphs: readonly string[];
}

export interface SectionView {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly subsections: readonly SubsectionView[];
  readonly table?: TableView;
}

export interface ReportView {
  readonly title: string;
  /** the title's centred lines, each as its words: the agency, then 「YYYY年政府信息公开工作年度报告」 */
  readonly titleLines: readonly (readonly string[])[];
  readonly preamble: readonly string[];
  readonly sections: readonly SectionView[];
  readonly closing?: { readonly signatoryLines: readonly (readonly string[])[]; readonly date?: string };
  readonly draft: boolean;
  readonly lang: "zh-CN";
}

type Values = Readonly<Record<string, number | string>>;

function indices(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

function number(value: number | string | undefined): Cell {
  return { text: String(value ?? ""), kind: "number" };
}

/** The labels are the editions' fixed wording: each is split into words once per process. */
const wordsOfLabel = new Map<string, readonly string[]>();

function label(text: string, kind: Cell["kind"], spans: { rowspan?: number; colspan?: number } = {}): Cell {
  let words = wordsOfLabel.get(text);
  if (!words) wordsOfLabel.set(text, (words = labelWords(text)));
  return { text, words, kind, ...spans };
}

/** The digits of the widest figure in each column (0 for a column of labels), and of the whole table. */
function figureColumns(rows: readonly Row[], count: number): { columns: ColumnView[]; figures: number } {
  const digits = new Array<number>(count).fill(0);
  // figures fill the last columns of every row (label cells spanning rows from above shift the rest)
  for (const row of rows) {
    let column = count;
    for (const cell of [...row].reverse()) {
      column -= cell.colspan ?? 1;
      if (cell.kind === "number") digits[column] = Math.max(digits[column]!, cell.text.replace(/[^\d]/g, "").length);
    }
  }
  return { columns: digits.map((d, i) => ({ index: i + 1, ...(d > 0 ? { figures: d } : {}) })), figures: Math.max(1, ...digits) };
}

function proactiveTable(edition: Edition, proactive: Readonly<Record<string, Values>>): TableView {
  const table = edition.proactive;
  const bodies = table.groups.map((group) => {
    const rows: Row[] = [
      [label(group.heading, "group", { colspan: 1 + table.valueColumns })],
      [label(group.contentLabel, "head"), ...group.fields.map((f) => label(f.label, "head", { colspan: f.colspan ?? 1 }))],
    ];
    for (const row of group.rows) {
      const values = proactive[row.key]!;
      rows.push([
        label(row.label, "label"),
        ...group.fields.map((f): Cell => {
          const unit = f.unit && values[f.unit.key] !== undefined ? String(values[f.unit.key]) : "";
          return { text: `${String(values[f.key])}${unit}`, colspan: f.colspan ?? 1, kind: "number" };
        }),
      ]);
    }
    return rows;
  });
  // table 二's columns are wide enough for any figure at the table's size
  return { name: "proactive", columns: indices(1 + table.valueColumns).map((index) => ({ index })), figures: 1, head: [], bodies };
}

function applicationsTable(edition: Edition, applications: unknown): TableView {
  const table = edition.applications;
  const dataColumns = table.columns;
  const grouped = dataColumns.filter((c) => c.group);
  const groupName = grouped[0]?.group;
  const head: Row[] = [
    [
      label(table.cornerNote, "corner", { rowspan: 3, colspan: table.labelColumns }),
      label(table.applicantHeading, "head", { colspan: dataColumns.length }),
    ],
    dataColumns.flatMap((c, i): Cell[] => {
      if (!c.group) return [label(c.label, "head", { rowspan: 2 })];
      return dataColumns.findIndex((d) => d.group === c.group) === i ? [label(groupName!, "head", { colspan: grouped.length })] : [];
    }),
    grouped.map((c) => label(c.label, "head")),
  ];
  const body: Row[] = applicationLeaves(table).map((leaf) => {
    const values = at(applications, leaf.path) as Values;
    return [
      ...leaf.cells.map((cell) => label(cell.text, "label", { rowspan: cell.rowspan, colspan: cell.colspan })),
      ...dataColumns.map((c) => number(values[c.key])),
    ];
  });
  return { name: "applications", ...figureColumns(body, table.labelColumns + dataColumns.length), head, bodies: [body] };
}

function reviewLitigationTable(edition: Edition, reviewLitigation: Readonly<Record<string, Values>>): TableView {
  const { groups, outcomes } = edition.reviewLitigation;
  const headings: Cell[] = [];
  for (const group of groups) {
    const last = headings[headings.length - 1];
    if (last && last.text === group.heading) {
      headings[headings.length - 1] = { ...last, colspan: (last.colspan ?? 1) + outcomes.length };
    } else {
      headings.push(label(group.heading, "head", { colspan: outcomes.length }));
    }
  }
  const second: Cell[] = [];
  const third: Cell[] = [];
  for (const group of groups) {
    if (group.label) {
      second.push(label(group.label, "head", { colspan: outcomes.length }));
      third.push(...outcomes.map((o) => label(o.label, "head")));
    } else {
      second.push(...outcomes.map((o) => label(o.label, "head", { rowspan: 2 })));
    }
  }
  const body: Row = groups.flatMap((g) => outcomes.map((o) => number(reviewLitigation[g.key]![o.key])));
  return { name: "reviewLitigation", ...figureColumns([body], groups.length * outcomes.length), head: [headings, second, third], bodies: [[body]] };
}

/** 。 or ： (and their kin) close a sub-heading that runs into its paragraph (spec D.2). */
const RUN_IN_HEADING = /[。：:；！？]$/u;

function subsections(body: { readonly subsections: readonly { heading: string; paragraphs: readonly string[] }[] }): SubsectionView[] {
  return body.subsections.map((s) => ({ heading: s.heading, runIn: RUN_IN_HEADING.test(s.heading.trimEnd()), paragraphs: s.paragraphs }));
}

/**
 * Rows of table 三 before which it may break when it is taller than a page (spec D.2): the first row
 * of each group, never a row inside （三）不予公开 and the like.
 */
export function applicationBreaks(edition: Edition): number[] {
  return applicationLeaves(edition.applications).flatMap((leaf, i) => (i > 0 && (leaf.path.length <= 2 || leaf.cells.length > 1) ? [i] : []));
}

/** Marks a label as continued from the previous page: 三、本年度办理结果（续）. */
export const CONTINUED = "（续）";

/**
 * Table 三 in two parts, broken before body row `beforeRow`: the labels spanning the break close on
 * the first part and open again, marked （续）, on the second, which repeats the header.
 */
export function splitTableView(table: TableView, beforeRow: number): [TableView, TableView] {
  const rows = table.bodies.flat();
  const first: Row[] = [];
  const carried: Cell[] = [];
  rows.forEach((row, r) => {
    if (r >= beforeRow) return;
    first.push(
      row.map((cell) => {
        const span = cell.rowspan ?? 1;
        if (r + span <= beforeRow) return cell;
        carried.push(label(`${cell.text}${CONTINUED}`, cell.kind, { rowspan: r + span - beforeRow, ...(cell.colspan ? { colspan: cell.colspan } : {}) }));
        return { ...cell, rowspan: beforeRow - r };
      }),
    );
  });
  const second: Row[] = rows.slice(beforeRow).map((row, i) => (i === 0 ? [...carried, ...row] : row));
  return [
    { ...table, bodies: [first] },
    { ...table, bodies: [second], continued: true },
  ];
}

/**
 * The anchor of the n-th section. Each section heading links to its own anchor, which makes Chromium
 * record a named destination for it; the PDF's bookmarks point at those destinations.
 */
export function sectionAnchor(index: number): string {
  return `section-${index + 1}`;
}

/** Character cells of a title line (二号 in the 156 mm text block) and of a body line (三号, 28 to a line). */
const TITLE_CELLS = 20;
const BODY_CELLS = 28;
/** The closing block's name keeps two characters of right indent (GB/T 9704 §7.3.5.2). */
const SIGNATORY_CELLS = BODY_CELLS - 2;

/** The default title on its two parts, the agency (on as many lines as it needs) and the year's report. */
function titleLines(report: NormalizedReport, suffix: string): string[][] {
  if (report.title === `${report.agency.name}${suffix}`) return breakWords(nameWords(report.agency.name), TITLE_CELLS, suffix);
  return breakWords(titleWords(report.title), TITLE_CELLS);
}

export function buildReportView(report: NormalizedReport, options: { draft?: boolean } = {}): ReportView {
  const edition = EDITIONS[report.edition];
  const intros = report.sectionIntros ?? {};
  const sections = edition.sections.map((section, index): SectionView => {
    const base = { id: sectionAnchor(index), title: section.title, subsections: [] as SubsectionView[] };
    switch (section.key) {
      case "overview":
        return { ...base, paragraphs: report.overview.paragraphs, subsections: subsections(report.overview) };
      case "proactive":
        return { ...base, paragraphs: intros.proactive ?? [], table: proactiveTable(edition, report.proactive as never) };
      case "applications":
        return { ...base, paragraphs: intros.applications ?? [], table: applicationsTable(edition, report.applications) };
      case "reviewLitigation":
        return { ...base, paragraphs: intros.reviewLitigation ?? [], table: reviewLitigationTable(edition, report.reviewLitigation as never) };
      case "problems":
      case "otherMatters": {
        const body = sectionBody(report[section.key]);
        return { ...base, paragraphs: body.paragraphs, subsections: subsections(body) };
      }
    }
  });
  return {
    title: report.title,
    titleLines: titleLines(report, `${report.year}${edition.titleSuffix}`),
    preamble: report.preamble,
    sections,
    ...(report.closing
      ? { closing: { signatoryLines: breakWords(nameWords(report.closing.signatory), SIGNATORY_CELLS), ...(report.closing.date ? { date: report.closing.date } : {}) } }
      : {}),
    draft: options.draft === true,
    lang: "zh-CN",
  };
}
