/**
 * Names a place in a report the way a 政务公开 officer would: the table, row and column in the
 * official wording, derived from the edition definitions (never typed twice).
 */
import { applicationLeaves, EDITIONS, type Edition, type EditionId } from "./editions/index.js";
import { parsePointer, pointer } from "./diagnostics.js";

/** 表二 / 表三 / 表四 with the section title, as messages name them. */
export function tableName(edition: Edition, key: "proactive" | "applications" | "reviewLitigation"): string {
  const section = edition.sections.find((s) => s.key === key)!;
  return `表${section.numeral}（${section.title.slice(2)}）`;
}

/** The row of table 三 at `path` below `applications`, as its official labels. */
export function applicationRowName(labels: readonly string[]): string {
  return `「${labels.join("／")}」行`;
}

export function reviewGroupName(edition: Edition, key: string): string {
  const group = edition.reviewLitigation.groups.find((g) => g.key === key)!;
  return group.label ? `「${group.heading}（${group.label}）」` : `「${group.heading}」`;
}

const FIXED: Readonly<Record<string, string>> = {
  "": "报告",
  "/schemaVersion": "报告格式版本号（schemaVersion）",
  "/edition": "年度报告格式版本（edition）",
  "/year": "统计年度（year）",
  "/agency": "机关（agency）",
  "/agency/name": "机关全称（agency.name）",
  "/agency/code": "机关标识（agency.code）",
  "/agency/level": "机关层级（agency.level）",
  "/title": "报告标题（title）",
  "/publishedAt": "发布日期（publishedAt）",
  "/preamble": "开头段落（preamble）",
  "/overview": "一、总体情况（overview）",
  "/overview/paragraphs": "一、总体情况的段落（overview.paragraphs）",
  "/overview/subsections": "一、总体情况的分节（overview.subsections）",
  "/sectionIntros": "表前说明（sectionIntros）",
  "/sectionIntros/proactive": "二、主动公开政府信息情况的表前说明",
  "/sectionIntros/applications": "三、收到和处理政府信息公开申请情况的表前说明",
  "/sectionIntros/reviewLitigation": "四、政府信息公开行政复议、行政诉讼情况的表前说明",
  "/problems": "五、存在的主要问题及改进情况（problems）",
  "/problems/paragraphs": "五、存在的主要问题及改进情况的段落（problems.paragraphs）",
  "/problems/subsections": "五、存在的主要问题及改进情况的分节（problems.subsections）",
  "/otherMatters": "六、其他需要报告的事项（otherMatters）",
  "/otherMatters/paragraphs": "六、其他需要报告的事项的段落（otherMatters.paragraphs）",
  "/otherMatters/subsections": "六、其他需要报告的事项的分节（otherMatters.subsections）",
  "/closing": "落款（closing）",
  "/closing/signatory": "落款单位（closing.signatory）",
  "/closing/date": "落款日期（closing.date）",
};

function buildNames(edition: Edition): Map<string, string> {
  const names = new Map(Object.entries(FIXED));
  const proactive = tableName(edition, "proactive");
  names.set("/proactive", proactive);
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      const rowName = `${proactive}「${group.heading}」「${row.label}」行`;
      names.set(pointer(["proactive", row.key]), rowName);
      for (const field of group.fields) {
        names.set(pointer(["proactive", row.key, field.key]), `${rowName}「${field.label}」列`);
        if (field.unit) names.set(pointer(["proactive", row.key, field.unit.key]), `${rowName}「${field.label}」的单位`);
      }
    }
  }
  const applications = tableName(edition, "applications");
  names.set("/applications", applications);
  for (const leaf of applicationLeaves(edition.applications)) {
    // the groups (三、本年度办理结果, （三）不予公开, …) as well as the rows
    for (let depth = 1; depth < leaf.path.length; depth++) {
      names.set(pointer(["applications", ...leaf.path.slice(0, depth)]), `${applications}${applicationRowName(leaf.labels.slice(0, depth))}`);
    }
    const rowName = `${applications}${applicationRowName(leaf.labels)}`;
    names.set(pointer(["applications", ...leaf.path]), rowName);
    for (const column of edition.applications.columns) {
      names.set(pointer(["applications", ...leaf.path, column.key]), `${rowName}「${column.label}」列`);
    }
  }
  const review = tableName(edition, "reviewLitigation");
  names.set("/reviewLitigation", review);
  for (const group of edition.reviewLitigation.groups) {
    const groupName = `${review}${reviewGroupName(edition, group.key)}`;
    names.set(pointer(["reviewLitigation", group.key]), groupName);
    for (const outcome of edition.reviewLitigation.outcomes) {
      names.set(pointer(["reviewLitigation", group.key, outcome.key]), `${groupName}「${outcome.label}」`);
    }
  }
  return names;
}

const namesByEdition = new Map<EditionId, Map<string, string>>();

function names(edition: Edition): Map<string, string> {
  let map = namesByEdition.get(edition.id);
  if (!map) namesByEdition.set(edition.id, (map = buildNames(edition)));
  return map;
}

/** Whether `path` is a place the edition's format defines (a row, a column, a field). */
export function isDefinedPath(edition: Edition, path: string): boolean {
  return names(edition).has(path);
}

/**
 * Names the place at `path`: its official name when it has one, otherwise the nearest named
 * ancestor followed by the remaining steps (第N段, 第N节, or the raw key).
 */
export function describePath(edition: Edition | undefined, path: string): string {
  const map = names(edition ?? EDITIONS["2021"]);
  const exact = map.get(path);
  if (exact !== undefined) return exact;
  const tokens = parsePointer(path);
  for (let n = tokens.length - 1; n >= 0; n--) {
    const base = map.get(pointer(tokens.slice(0, n)));
    if (base === undefined) continue;
    const rest = tokens.slice(n).map((token, i) => {
      if (/^\d+$/.test(token)) {
        const parent = tokens[n + i - 1];
        const ordinal = Number(token) + 1;
        return parent === "subsections" ? `第${ordinal}节` : `第${ordinal}段`;
      }
      if (token === "paragraphs" || token === "subsections") return "";
      return token === "heading" ? "的小标题" : `「${token}」`;
    });
    return `${base}${rest.join("")}`;
  }
  return path;
}

/** A part of the report a diagnostic belongs to: one of the six sections, or the parts around them. */
export interface ReportPart {
  /** the order the parts are printed in */
  readonly order: number;
  readonly title: string;
}

const BEFORE_SECTIONS: ReportPart = { order: 0, title: "报告信息（标题、机关、年度）" };
const PREAMBLE: ReportPart = { order: 1, title: "开头段落" };
const CLOSING: ReportPart = { order: 9, title: "落款" };

/** The part of the report at `path`: "一、总体情况" for /overview/…, and a section's intro belongs to its section. */
export function reportPartOf(edition: Edition | undefined, path: string): ReportPart {
  const tokens = parsePointer(path);
  const key = tokens[0] === "sectionIntros" ? tokens[1] : tokens[0];
  if (key === "preamble") return PREAMBLE;
  if (key === "closing") return CLOSING;
  const sections = (edition ?? EDITIONS["2021"]).sections;
  const index = sections.findIndex((s) => s.key === key);
  return index === -1 ? BEFORE_SECTIONS : { order: 2 + index, title: sections[index]!.title };
}
