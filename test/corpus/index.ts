/**
 * The layout corpus: report variations that stress pagination and line breaking (issue 9, spec D.2).
 *
 *   layoutCorpus({ limit?, seed? }) → [{ name, report }]
 *
 * Every report is valid JSON of the report contract, generated from the edition definitions. The
 * variation axes:
 *   - all-zero township reports of both editions (the most common kind);
 *   - a city report with five-digit figures in every cell (and one with seven);
 *   - agency names of every length from 4 to 40 characters;
 *   - 0 to 40 prose paragraphs;
 *   - sub-headings with and without closing punctuation, in 一, 五 and 六;
 *   - long URLs, e-mail addresses and phone numbers in the prose;
 *   - the closing block at every position relative to a page end (六 grows a line at a time), and the
 *     tables at every position (the preamble grows a line at a time);
 *   - custom titles, long sign-off names, intros before the tables.
 *
 * The same seed always gives the same list. `limit` takes a spread over all axes (families are
 * interleaved), not the first family only.
 */
import { EDITIONS, type EditionId } from "../../functions/report/editions/index.js";
import type { Report } from "../../functions/report/index.js";
import { applications, proactive, reviewLitigation, type Figures } from "./tables.js";
import {
  agencyNameOfLength,
  cityName,
  contactDetails,
  paragraph,
  paragraphOfLines,
  Random,
  sentence,
  townshipName,
  type AgencyName,
} from "./text.js";

export interface CorpusReport {
  /** what the variation stresses, e.g. "closing-line-07-2021" */
  readonly name: string;
  readonly report: Report;
}

export interface CorpusOptions {
  /** at most this many reports, spread over every axis */
  readonly limit?: number;
  /** another seed gives other names, prose and figures on the same axes (default 1) */
  readonly seed?: number;
}

/** Lines of prose one page holds (22) plus a little, so a sweep crosses a whole page end. */
const PAGE_SWEEP_LINES = 24;

/** The report year each edition is meant for. */
const YEARS: Readonly<Record<EditionId, number>> = { "2019": 2020, "2021": 2024 };

interface Shape {
  readonly edition: EditionId;
  readonly agency: AgencyName;
  readonly figures: Figures;
  /** paragraphs in 一 before its sub-sections */
  readonly overviewParagraphs?: readonly string[];
  readonly subheadings?: "runIn" | "ownLine" | "mixed";
  readonly preamble?: readonly string[];
  readonly problems?: Report["problems"];
  readonly otherMatters?: Report["otherMatters"];
  readonly sectionIntros?: Report["sectionIntros"];
  readonly title?: string;
  readonly closing?: Report["closing"] | null;
}

const OVERVIEW_TOPICS = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"];
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function heading(index: number, topic: string, style: "runIn" | "ownLine"): string {
  return `（${NUMERALS[index]}）${topic}${style === "runIn" ? (index % 2 === 0 ? "。" : "：") : ""}`;
}

function build(random: Random, shape: Shape): Report {
  const edition = EDITIONS[shape.edition];
  const year = YEARS[shape.edition];
  const { agency, figures } = shape;
  const zero = figures === "zero";
  const rulemaking = agency.level === "province" || agency.level === "city" || agency.level === "national";
  const styleOf = (i: number) => (shape.subheadings === "ownLine" ? "ownLine" : shape.subheadings === "mixed" && i % 2 === 1 ? "ownLine" : "runIn");
  const report: Record<string, unknown> = {
    edition: shape.edition,
    year,
    agency: { name: agency.name, level: agency.level },
    ...(shape.title ? { title: shape.title } : {}),
    publishedAt: `${year + 1}-01-20`,
    preamble: shape.preamble ?? [
      `本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自${year}年1月1日至${year}年12月31日。${contactDetails(random, agency.name, year)}`,
    ],
    overview: {
      paragraphs: shape.overviewParagraphs ?? [paragraph(random, 90)],
      subsections: OVERVIEW_TOPICS.map((topic, i) => ({
        heading: heading(i, topic, styleOf(i)),
        paragraphs: [zero && topic === "依申请公开" ? `${year}年，本机关未收到政府信息公开申请。` : paragraph(random, random.int(40, 160))],
      })),
    },
    ...(shape.sectionIntros ? { sectionIntros: shape.sectionIntros } : {}),
    proactive: proactive(edition, random, figures, { rulemaking }),
    applications: applications(edition, random, figures),
    reviewLitigation: reviewLitigation(edition, random, figures),
    problems: shape.problems ?? [paragraph(random, 120), paragraph(random, 100)],
    otherMatters: shape.otherMatters ?? [zero ? `${year}年，本机关未收取信息处理费。` : sentence(random)],
  };
  if (shape.closing !== null) report.closing = shape.closing ?? { signatory: agency.name, date: `${year + 1}-01-20` };
  return report as unknown as Report;
}

type Family = (random: Random) => { name: string; shape: Shape }[];

const EDITION_LIST: readonly EditionId[] = ["2019", "2021"];

const FAMILIES: readonly Family[] = [
  // the quiet township of both editions, with every kind of sub-heading
  (random) =>
    EDITION_LIST.flatMap((edition) =>
      (["runIn", "ownLine", "mixed"] as const).map((subheadings) => ({
        name: `zero-township-${subheadings}-${edition}`,
        shape: { edition, agency: townshipName(random), figures: "zero" as const, subheadings },
      })),
    ),
  // big figures: five digits in every cell of a city report, and seven
  (random) =>
    EDITION_LIST.flatMap((edition) =>
      (["fiveDigits", "sevenDigits", "small"] as const).map((figures) => ({
        name: `city-${figures}-${edition}`,
        shape: { edition, agency: cityName(random), figures },
      })),
    ),
  // the closing block at every line of a page: 六 grows one line at a time
  (random) =>
    EDITION_LIST.flatMap((edition) =>
      Array.from({ length: PAGE_SWEEP_LINES + 1 }, (_, lines) => ({
        name: `closing-line-${String(lines).padStart(2, "0")}-${edition}`,
        shape: {
          edition,
          agency: townshipName(random),
          figures: (edition === "2019" ? "zero" : "small") as Figures,
          otherMatters: lines === 0 ? ["无。"] : [paragraphOfLines(random, lines)],
        },
      })),
    ),
  // the tables and headings at every line of a page: the preamble grows one line at a time
  (random) =>
    EDITION_LIST.flatMap((edition) =>
      Array.from({ length: PAGE_SWEEP_LINES }, (_, lines) => ({
        name: `shift-line-${String(lines).padStart(2, "0")}-${edition}`,
        shape: {
          edition,
          agency: cityName(random),
          figures: (lines % 3 === 0 ? "fiveDigits" : "small") as Figures,
          preamble: [paragraphOfLines(random, lines + 1)],
          overviewParagraphs: [],
        },
      })),
    ),
  // agency names of every length from 4 to 40: titles and the closing block break between words
  (random) =>
    Array.from({ length: 37 }, (_, i) => {
      const agency = agencyNameOfLength(random, i + 4);
      return { name: `name-${String(i + 4).padStart(2, "0")}`, shape: { edition: EDITION_LIST[i % 2]!, agency, figures: "small" as const } };
    }),
  // 0 to 40 paragraphs of prose, spread over 一, 五 and 六
  (random) =>
    [0, 1, 2, 3, 5, 8, 12, 17, 23, 30, 40].map((count, i) => {
      const paragraphs = Array.from({ length: count }, () => paragraph(random, random.int(30, 260)));
      const third = Math.ceil(count / 3);
      return {
        name: `paragraphs-${String(count).padStart(2, "0")}`,
        shape: {
          edition: EDITION_LIST[i % 2]!,
          agency: townshipName(random),
          figures: "small" as const,
          overviewParagraphs: paragraphs.slice(0, third),
          problems: paragraphs.slice(third, 2 * third),
          otherMatters: paragraphs.slice(2 * third),
        },
      };
    }),
  // sub-headings in 五 and 六 (spec B.2), with and without closing punctuation
  (random) =>
    EDITION_LIST.flatMap((edition) =>
      (["runIn", "ownLine"] as const).map((style) => {
        const sections = (topics: readonly string[]) => ({
          paragraphs: style === "ownLine" ? [] : [paragraph(random, 60)],
          subsections: topics.map((topic, i) => ({ heading: heading(i, topic, style), paragraphs: [paragraph(random, random.int(50, 200))] })),
        });
        return {
          name: `subsections-${style}-${edition}`,
          shape: {
            edition,
            agency: cityName(random),
            figures: "small" as const,
            subheadings: style,
            problems: sections(["存在的主要问题", "改进措施"]),
            otherMatters: sections(["收取信息处理费情况", "落实上年度政务公开工作要点情况", "人大代表建议和政协提案办理结果公开情况"]),
          },
        };
      }),
    ),
  // long Latin runs: URLs, e-mail addresses and phone numbers inside justified lines
  (random) =>
    Array.from({ length: 8 }, (_, i) => {
      const agency = i % 2 === 0 ? townshipName(random) : cityName(random);
      const year = YEARS[EDITION_LIST[i % 2]!];
      const contacts = Array.from({ length: 3 }, () => contactDetails(random, agency.name, year));
      return {
        name: `latin-runs-${i + 1}`,
        shape: {
          edition: EDITION_LIST[i % 2]!,
          agency,
          figures: "small" as const,
          preamble: [`${paragraph(random, random.int(10, 80))}${contacts[0]}`],
          overviewParagraphs: [`${sentence(random)}${contacts[1]}${sentence(random)}`],
          otherMatters: [contacts[2]!],
        },
      };
    }),
  // what else an agency writes: custom titles, a long sign-off, no sign-off, intros before the tables
  (random) => {
    const agency = agencyNameOfLength(random, 30);
    const year = YEARS["2021"];
    const intro = (lines: number) => [paragraphOfLines(random, lines)];
    return [
      { name: "title-custom-year", shape: { edition: "2021", agency, figures: "small", title: `${agency.name}${year}年度政府信息公开工作报告` } },
      { name: "title-custom-prefix", shape: { edition: "2021", agency: townshipName(random), figures: "zero", title: `关于${townshipName(random).name}${year}年政府信息公开工作年度报告的公告` } },
      { name: "closing-long-signatory", shape: { edition: "2021", agency, figures: "small", closing: { signatory: agencyNameOfLength(random, 36).name, date: `${year + 1}-01-20` } } },
      { name: "closing-no-date", shape: { edition: "2019", agency: townshipName(random), figures: "zero", closing: { signatory: townshipName(random).name } } },
      { name: "closing-none", shape: { edition: "2019", agency: townshipName(random), figures: "zero", closing: null } },
      {
        name: "intros-before-every-table",
        shape: { edition: "2021", agency: cityName(random), figures: "fiveDigits", sectionIntros: { proactive: intro(3), applications: intro(5), reviewLitigation: intro(2) } },
      },
      { name: "intros-long-before-table-3", shape: { edition: "2019", agency: cityName(random), figures: "small", sectionIntros: { applications: intro(14) } } },
    ] satisfies { name: string; shape: Shape }[];
  },
];

/**
 * Reorders a sweep so that every prefix samples it evenly (bit-reversed order: 0, 16, 8, 24, 4, …):
 * a limited corpus still has closing blocks near the top, the middle and the foot of a page.
 */
function spread<T>(items: readonly T[]): T[] {
  let bits = 0;
  while (1 << bits < items.length) bits++;
  const reversed = (i: number) => {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    return r;
  };
  return Array.from({ length: 1 << bits }, (_, i) => reversed(i))
    .filter((i) => i < items.length)
    .map((i) => items[i]!);
}

/** The layout corpus for a seed; see the file comment. */
export function layoutCorpus(options: CorpusOptions = {}): CorpusReport[] {
  const seed = options.seed ?? 1;
  // each family draws from its own generator, so adding a family never changes another's reports
  const families = FAMILIES.map((family, i) => spread(family(new Random(seed * 7919 + i * 104729))));
  const random = families.map((_, i) => new Random(seed * 31 + i));
  const all: CorpusReport[] = [];
  // round-robin over the families: any prefix covers every axis
  for (let round = 0; all.length < families.reduce((n, f) => n + f.length, 0); round++) {
    families.forEach((family, i) => {
      const entry = family[round];
      if (entry) all.push({ name: entry.name, report: build(random[i]!, entry.shape) });
    });
  }
  return options.limit === undefined ? all : all.slice(0, options.limit);
}
