/**
 * The view model of the HTML template: a report, normalised, laid out as the official format lays
 * it out. Every label and span comes from the edition definitions; the template itself only knows
 * "a heading", "a paragraph" and "a table of cells", so no label is typed twice.
 */
import { applicationLeaves, at, EDITIONS, type Edition } from "../report/editions/index.js";
import type { NormalizedReport } from "../report/index.js";
import { sectionBody } from "../report/section-text.js";

export interface Cell {
  readonly text: string;
  readonly rowspan?: number;
  readonly colspan?: number;
  /** a CSS class: "label", "number", "group", "corner" */
  readonly kind: "label" | "number" | "group" | "corner" | "head";
}

export type Row = readonly Cell[];

/** A table as the template prints it: column widths, header rows (repeated on every page), bodies. */
export interface TableView {
  readonly name: "proactive" | "applications" | "reviewLitigation";
  /** one entry per column (widths are in templates/report.css, by table and column) */
  readonly columns: readonly number[];
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
  /** the title on two centred lines: the agency, then 「YYYY年政府信息公开工作年度报告」 */
  readonly titleLines: readonly string[];
  readonly preamble: readonly string[];
  readonly sections: readonly SectionView[];
  readonly closing?: { readonly signatory: string; readonly date?: string };
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

function proactiveTable(edition: Edition, proactive: Readonly<Record<string, Values>>): TableView {
  const table = edition.proactive;
  const bodies = table.groups.map((group) => {
    const rows: Row[] = [
      [{ text: group.heading, colspan: 1 + table.valueColumns, kind: "group" }],
      [
        { text: group.contentLabel, kind: "head" },
        ...group.fields.map((f): Cell => ({ text: f.label, colspan: f.colspan ?? 1, kind: "head" })),
      ],
    ];
    for (const row of group.rows) {
      const values = proactive[row.key]!;
      rows.push([
        { text: row.label, kind: "label" },
        ...group.fields.map((f): Cell => {
          const unit = f.unit && values[f.unit.key] !== undefined ? String(values[f.unit.key]) : "";
          return { text: `${String(values[f.key])}${unit}`, colspan: f.colspan ?? 1, kind: "number" };
        }),
      ]);
    }
    return rows;
  });
  return { name: "proactive", columns: indices(1 + table.valueColumns), head: [], bodies };
}

function applicationsTable(edition: Edition, applications: unknown): TableView {
  const table = edition.applications;
  const dataColumns = table.columns;
  const grouped = dataColumns.filter((c) => c.group);
  const groupName = grouped[0]?.group;
  const head: Row[] = [
    [
      { text: table.cornerNote, rowspan: 3, colspan: table.labelColumns, kind: "corner" },
      { text: table.applicantHeading, colspan: dataColumns.length, kind: "head" },
    ],
    dataColumns.flatMap((c, i): Cell[] => {
      if (!c.group) return [{ text: c.label, rowspan: 2, kind: "head" }];
      return dataColumns.findIndex((d) => d.group === c.group) === i ? [{ text: groupName!, colspan: grouped.length, kind: "head" }] : [];
    }),
    grouped.map((c): Cell => ({ text: c.label, kind: "head" })),
  ];
  const body: Row[] = applicationLeaves(table).map((leaf) => {
    const values = at(applications, leaf.path) as Values;
    return [
      ...leaf.cells.map((cell): Cell => ({ text: cell.text, rowspan: cell.rowspan, colspan: cell.colspan, kind: "label" })),
      ...dataColumns.map((c) => number(values[c.key])),
    ];
  });
  return { name: "applications", columns: indices(table.labelColumns + dataColumns.length), head, bodies: [body] };
}

function reviewLitigationTable(edition: Edition, reviewLitigation: Readonly<Record<string, Values>>): TableView {
  const { groups, outcomes } = edition.reviewLitigation;
  const headings: Cell[] = [];
  for (const group of groups) {
    const last = headings[headings.length - 1];
    if (last && last.text === group.heading) {
      headings[headings.length - 1] = { ...last, colspan: (last.colspan ?? 1) + outcomes.length };
    } else {
      headings.push({ text: group.heading, colspan: outcomes.length, kind: "head" });
    }
  }
  const second: Cell[] = [];
  const third: Cell[] = [];
  for (const group of groups) {
    if (group.label) {
      second.push({ text: group.label, colspan: outcomes.length, kind: "head" });
      third.push(...outcomes.map((o): Cell => ({ text: o.label, kind: "head" })));
    } else {
      second.push(...outcomes.map((o): Cell => ({ text: o.label, rowspan: 2, kind: "head" })));
    }
  }
  const body: Row = groups.flatMap((g) => outcomes.map((o) => number(reviewLitigation[g.key]![o.key])));
  return {
    name: "reviewLitigation",
    columns: indices(groups.length * outcomes.length),
    head: [headings, second, third],
    bodies: [[body]],
  };
}

/** 。 or ： (and their kin) close a sub-heading that runs into its paragraph (spec D.2). */
const RUN_IN_HEADING = /[。：:；！？]$/u;

function subsections(body: { readonly subsections: readonly { heading: string; paragraphs: readonly string[] }[] }): SubsectionView[] {
  return body.subsections.map((s) => ({ heading: s.heading, runIn: RUN_IN_HEADING.test(s.heading.trimEnd()), paragraphs: s.paragraphs }));
}

/**
 * The anchor of the n-th section. Each section heading links to its own anchor, which makes Chromium
 * record a named destination for it; the PDF's bookmarks point at those destinations.
 */
export function sectionAnchor(index: number): string {
  return `section-${index + 1}`;
}

export function buildReportView(report: NormalizedReport, options: { draft?: boolean } = {}): ReportView {
  const edition = EDITIONS[report.edition];
  const intros = report.sectionIntros ?? {};
  const titleSuffix = `${report.year}${edition.titleSuffix}`;
  const titleLines =
    report.title === `${report.agency.name}${titleSuffix}` ? [report.agency.name, titleSuffix] : [report.title];
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
    titleLines,
    preamble: report.preamble,
    sections,
    ...(report.closing ? { closing: report.closing } : {}),
    draft: options.draft === true,
    lang: "zh-CN",
  };
}
