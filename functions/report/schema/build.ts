/**
 * Builds the JSON Schema (draft 2020-12) of the report contract from the edition definitions.
 *
 * The built schema is committed (report.schema.json, normalized-report.schema.json) and the run time
 * loads the committed file; `npm run schema:generate` rewrites the files and their TypeScript types,
 * and a test fails when the committed files and this builder disagree.
 */
import {
  EDITION_IDS,
  EDITIONS,
  type ApplicationRowNode,
  type Edition,
  type EditionId,
  type FieldKind,
} from "../editions/index.js";

/** `input`: what callers may send. `normalized`: what the service stores — every total present, amounts as strings. */
export type SchemaMode = "input" | "normalized";

type Schema = Record<string, unknown>;

export const SCHEMA_IDS: Readonly<Record<SchemaMode, string>> = {
  input: "urn:nianbao:schema:report:1",
  normalized: "urn:nianbao:schema:normalized-report:1",
};

/** Amounts: up to 12 integer digits and 4 decimals, rendered exactly as written. */
export const AMOUNT_PATTERN = "^\\d{1,12}(\\.\\d{1,4})?$";
/**
 * Text is Unicode prose, never markup; it may not carry control characters (other than tab, line
 * feed and carriage return) nor lone surrogates, which have no place in a printed report. Written as
 * `not` a search for one such character: a whole-string `^[^…]*$` overflows V8's regular-expression
 * stack on multi-megabyte strings, while a search for one character is a plain scan.
 */
export const FORBIDDEN_TEXT_CHARACTER = "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\uD800-\\uDFFF]";
const plainText = { not: { pattern: FORBIDDEN_TEXT_CHARACTER } } as const;
export const AGENCY_CODE_PATTERN = "^[a-z0-9-]{1,64}$";
export const AGENCY_LEVELS = ["national", "province", "city", "county", "township", "department"] as const;
export const LIMITS = {
  count: 1_000_000_000,
  paragraphChars: 20_000,
  lineChars: 200,
  agencyNameChars: 100,
  paragraphs: 200,
  subsections: 30,
  yearFrom: 2008,
  yearTo: 2100,
} as const;

function ref(name: string): Schema {
  return { $ref: `#/$defs/${name}` };
}

function strictObject(
  title: string | undefined,
  properties: Record<string, Schema>,
  required: readonly string[],
  description?: string,
): Schema {
  return {
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    type: "object",
    properties,
    required: [...required],
    additionalProperties: false,
  };
}

/**
 * Labels a use of a shared definition. A `$comment` rather than a `description`, so that the type
 * generator keeps one TypeScript type per definition instead of one per use.
 */
function described(schema: Schema, label: string): Schema {
  return "$ref" in schema ? { ...schema, $comment: label } : { ...schema, description: label };
}

const KIND_DEF: Readonly<Record<FieldKind, string>> = { count: "count", signedCount: "signedCount", amount: "amount" };

function titled(mode: SchemaMode, name: string): string {
  return mode === "normalized" ? `Normalized${name}` : name;
}

function proactiveSchema(edition: Edition, mode: SchemaMode): Schema {
  const properties: Record<string, Schema> = {};
  for (const group of edition.proactive.groups) {
    for (const row of group.rows) {
      const fields: Record<string, Schema> = {};
      const required: string[] = [];
      for (const field of group.fields) {
        fields[field.key] = described(ref(KIND_DEF[field.kind]), field.label);
        required.push(field.key);
        if (field.unit) {
          fields[field.unit.key] = {
            description: `${field.label}的单位`,
            type: "string",
            enum: [...field.unit.values],
          };
        }
      }
      properties[row.key] = strictObject(undefined, fields, required, `${group.heading} ${row.label}`);
    }
  }
  return strictObject(
    titled(mode, `Proactive${edition.id}`),
    properties,
    Object.keys(properties),
    `二、${edition.proactive.title}（${edition.id}年版）`,
  );
}

function applicationNodeSchema(node: ApplicationRowNode, mode: SchemaMode): Schema {
  if (!node.children) return described(ref("applicantRow"), node.label);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const child of node.children) {
    properties[child.key] = applicationNodeSchema(child, mode);
    if (!(child.isTotal && mode === "input")) required.push(child.key);
  }
  return strictObject(undefined, properties, required, node.label);
}

function applicationsSchema(edition: Edition, mode: SchemaMode): Schema {
  const root: ApplicationRowNode = { key: "applications", label: `三、${edition.applications.title}`, children: edition.applications.rows };
  return { title: titled(mode, `Applications${edition.id}`), ...applicationNodeSchema(root, mode) };
}

function reviewLitigationSchema(edition: Edition, mode: SchemaMode): Schema {
  const properties: Record<string, Schema> = {};
  for (const group of edition.reviewLitigation.groups) {
    properties[group.key] = described(ref("outcome"), group.label ? `${group.heading}（${group.label}）` : group.heading);
  }
  return strictObject(
    titled(mode, "ReviewLitigation"),
    properties,
    Object.keys(properties),
    `四、${edition.reviewLitigation.title}`,
  );
}

/** The sections written as paragraphs or as paragraphs with sub-sections (spec B.2). */
export const SECTION_TEXT_KEYS = ["problems", "otherMatters"] as const;

function sectionTitle(edition: Edition, key: Edition["sections"][number]["key"]): string {
  return edition.sections.find((s) => s.key === key)!.title;
}

function reportSchema(edition: Edition, mode: SchemaMode): Schema {
  const normalized = mode === "normalized";
  const properties: Record<string, Schema> = {
    schemaVersion: { description: "报告JSON格式的版本", const: 1 },
    edition: { description: `年度报告格式版本：${edition.formatName}（${edition.issuedWith}）`, const: edition.id },
    year: { description: "统计年度", type: "integer", minimum: LIMITS.yearFrom, maximum: LIMITS.yearTo },
    agency: ref("agency"),
    title: described(ref("line"), "报告标题；缺省为“机关全称+年份+年政府信息公开工作年度报告”"),
    publishedAt: described(ref("isoDate"), "发布日期"),
    preamble: described(ref("paragraphs"), "正文前的开头段落"),
    overview: described(ref("sectionBody"), sectionTitle(edition, "overview")),
    sectionIntros: ref("sectionIntros"),
    proactive: ref(`proactive${edition.id}`),
    applications: ref(`applications${edition.id}`),
    reviewLitigation: ref("reviewLitigation"),
    ...Object.fromEntries(SECTION_TEXT_KEYS.map((key) => [key, described(ref("sectionText"), sectionTitle(edition, key))])),
    closing: ref("closing"),
  };
  const required = ["edition", "year", "agency", "preamble", "overview", "proactive", "applications", "reviewLitigation", "problems", "otherMatters"];
  if (normalized) required.splice(0, 0, "schemaVersion", "title");
  return strictObject(titled(mode, `Report${edition.id}`), properties, required, `${edition.formatName}（${edition.id}年版）`);
}

function columnsRow(mode: SchemaMode, name: string, description: string, columns: readonly { key: string; label: string; isTotal?: boolean }[]): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const column of columns) {
    properties[column.key] = described(ref("count"), column.label);
    if (!(column.isTotal && mode === "input")) required.push(column.key);
  }
  return strictObject(titled(mode, name), properties, required, description);
}

/** The whole schema of a report in the given mode. */
export function buildReportSchema(mode: SchemaMode): Schema {
  // Table 三's columns, table 四 and the overview are shared by the editions; the schema defines them
  // once, so an edition that ever changed them would need its own definitions here.
  const reference = EDITIONS["2021"];
  for (const id of EDITION_IDS) {
    const e = EDITIONS[id];
    if (e.applications.columns !== reference.applications.columns || e.reviewLitigation !== reference.reviewLitigation) {
      throw new Error(`edition ${id} changes a shared table; give it its own schema definitions`);
    }
  }
  const amount: Schema =
    mode === "input"
      ? {
          title: "Amount",
          description: "金额：十进制数字字符串（JSON数字也可，规范化为字符串），按原样呈现",
          anyOf: [
            { type: "string", pattern: AMOUNT_PATTERN },
            { type: "number", minimum: 0, maximum: 999_999_999_999.9999 },
          ],
        }
      : { title: "NormalizedAmount", description: "金额：十进制数字字符串，按原样呈现", type: "string", pattern: AMOUNT_PATTERN };

  const defs: Record<string, Schema> = {
    count: { description: "件数：0至1000000000的整数", type: "integer", minimum: 0, maximum: LIMITS.count },
    signedCount: { description: "增减数：整数，可为负", type: "integer", minimum: -LIMITS.count, maximum: LIMITS.count },
    amount,
    text: { type: "string", maxLength: LIMITS.paragraphChars, ...plainText },
    line: { type: "string", minLength: 1, maxLength: LIMITS.lineChars, ...plainText },
    isoDate: { description: "日期（YYYY-MM-DD）", type: "string", format: "date" },
    paragraphs: { type: "array", items: ref("text"), maxItems: LIMITS.paragraphs },
    agency: strictObject(
      titled(mode, "Agency"),
      {
        name: { description: "机关全称", type: "string", minLength: 1, maxLength: LIMITS.agencyNameChars, ...plainText },
        code: { description: "调用方给机关的标识", type: "string", pattern: AGENCY_CODE_PATTERN },
        level: { description: "机关层级", type: "string", enum: [...AGENCY_LEVELS] },
      },
      ["name"],
      "发布报告的行政机关",
    ),
    subsection: strictObject(
      titled(mode, "Subsection"),
      { heading: described(ref("line"), "小标题，如“（一）主动公开政府信息的情况。”；以“。”或“：”结尾的接排正文，否则单独成行"), paragraphs: ref("paragraphs") },
      ["heading", "paragraphs"],
    ),
    sectionBody: strictObject(
      titled(mode, "SectionBody"),
      {
        paragraphs: described(ref("paragraphs"), "分节之前的段落"),
        subsections: { type: "array", maxItems: LIMITS.subsections, items: ref("subsection") },
      },
      ["paragraphs", "subsections"],
      "段落与带小标题的分节",
    ),
    sectionText: {
      title: titled(mode, "SectionText"),
      description: "段落数组，或与“一、总体情况”相同的段落与分节",
      anyOf: [ref("paragraphs"), ref("sectionBody")],
    },
    sectionIntros: strictObject(
      titled(mode, "SectionIntros"),
      {
        proactive: described(ref("paragraphs"), "二、主动公开政府信息情况：表前的说明段落"),
        applications: described(ref("paragraphs"), "三、收到和处理政府信息公开申请情况：表前的说明段落"),
        reviewLitigation: described(ref("paragraphs"), "四、政府信息公开行政复议、行政诉讼情况：表前的说明段落"),
      },
      [],
      "表二、三、四之前的说明段落（可选）",
    ),
    closing: strictObject(
      titled(mode, "Closing"),
      { signatory: described(ref("line"), "落款单位"), date: described(ref("isoDate"), "落款日期") },
      ["signatory"],
      "落款",
    ),
    applicantRow: columnsRow(mode, "ApplicantRow", "表三的一行：各类申请人的件数", reference.applications.columns),
    outcome: columnsRow(mode, "Outcome", "表四的一组：行政复议或行政诉讼的结果", reference.reviewLitigation.outcomes),
    reviewLitigation: reviewLitigationSchema(reference, mode),
  };
  for (const id of EDITION_IDS) {
    const edition = EDITIONS[id];
    defs[`proactive${id}`] = proactiveSchema(edition, mode);
    defs[`applications${id}`] = applicationsSchema(edition, mode);
    defs[`report${id}`] = reportSchema(edition, mode);
  }

  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_IDS[mode],
    title: titled(mode, "Report"),
    description:
      mode === "input"
        ? "政府信息公开工作年度报告（报告JSON格式第1版）。此文件由 npm run schema:generate 生成，勿手改。"
        : "规范化后的政府信息公开工作年度报告：所有总计齐备，金额为字符串。此文件由 npm run schema:generate 生成，勿手改。",
    type: "object",
    discriminator: { propertyName: "edition" },
    oneOf: EDITION_IDS.map((id: EditionId) => ref(`report${id}`)),
    $defs: defs,
  };
}
