/**
 * `schema`: structure, types, ranges, unknown properties and the edition's shape, checked by Ajv
 * against the committed JSON Schema and reported in Chinese at the exact place.
 */
import { at, EDITIONS, isEditionId, type Edition } from "../editions/index.js";
import { parsePointer, pointer, type Diagnostic } from "../diagnostics.js";
import { describePath, isDefinedPath } from "../labels.js";
import { checkReportSchema, type ErrorObject } from "../schema/index.js";
import { AMOUNT_PATTERN, LIMITS, SECTION_TEXT_KEYS } from "../schema/build.js";

/** More than this many structural problems are summarised rather than listed. */
export const MAX_SCHEMA_DIAGNOSTICS = 100;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  integer: "整数",
  number: "数字",
  string: "字符串",
  object: "JSON对象",
  array: "数组",
  boolean: "布尔值",
};

const AMOUNT_TEXT = "金额（不超过12位整数、4位小数的十进制数，如“20.3”）";

function otherEditions(edition: Edition): Edition[] {
  return Object.values(EDITIONS).filter((e) => e.id !== edition.id);
}

const SECTION_TEXT_TEXT = "段落数组，或含paragraphs（段落）和subsections（分节）的对象";

const SECTION_TEXT_PATHS = new Set(SECTION_TEXT_KEYS.map((key) => `/${key}`));

/** 五 and 六 take either form (spec B.2): only the form the value has can explain what is wrong with it. */
function isSectionTextForm(error: ErrorObject): boolean {
  return SECTION_TEXT_PATHS.has(error.instancePath) && (error.keyword === "type" || error.keyword === "anyOf");
}

function problem(error: ErrorObject, edition: Edition, input: unknown): { path: string; text: string } | undefined {
  const p = error.params as Record<string, unknown>;
  const path = error.instancePath;
  const inAmount = error.schemaPath.includes("/amount/");
  if (isSectionTextForm(error)) {
    const value = at(input, parsePointer(path));
    // a list or an object is one of the two forms, and that form's own errors say what is wrong
    if (error.keyword !== "anyOf" || (value !== null && typeof value === "object")) return undefined;
    return { path, text: `${describePath(edition, path)}应为${SECTION_TEXT_TEXT}` };
  }
  switch (error.keyword) {
    case "required": {
      const child = `${path}/${String(p.missingProperty).replace(/~/g, "~0").replace(/\//g, "~1")}`;
      return { path: child, text: `缺少必填项：${describePath(edition, child)}` };
    }
    case "additionalProperties": {
      const child = pointer([...parsePointer(path), String(p.additionalProperty)]);
      const elsewhere = otherEditions(edition).find((e) => isDefinedPath(e, child));
      const hint = elsewhere ? `；这是${elsewhere.id}年版格式的项目，而本报告声明的是${edition.id}年版（edition）` : "";
      return { path: child, text: `${describePath(edition, path)}中不允许有“${String(p.additionalProperty)}”${hint}` };
    }
    case "type":
      if (inAmount) return undefined; // summarised by the anyOf error
      return { path, text: `${describePath(edition, path)}应为${TYPE_NAMES[String(p.type)] ?? String(p.type)}` };
    case "minimum":
    case "maximum":
      if (inAmount) return undefined;
      return { path, text: `${describePath(edition, path)}应${error.keyword === "minimum" ? "不小于" : "不大于"}${String(p.limit)}` };
    case "anyOf":
      return { path, text: `${describePath(edition, path)}应为${AMOUNT_TEXT}` };
    case "pattern":
      if (inAmount) return undefined;
      if (error.schemaPath.includes("/code/")) return { path, text: `${describePath(edition, path)}只能由小写字母、数字和连字符组成（1至64个字符）` };
      return { path, text: `${describePath(edition, path)}不符合报告格式（${error.keyword}）` };
    case "not":
      return { path, text: `${describePath(edition, path)}含有不允许的控制字符或不成对的代理字符` };
    case "maxLength":
      return { path, text: `${describePath(edition, path)}过长：不得超过${String(p.limit)}个字符` };
    case "minLength":
      return { path, text: `${describePath(edition, path)}不能为空` };
    case "maxItems":
      return { path, text: `${describePath(edition, path)}过多：不得超过${String(p.limit)}项` };
    case "const":
      return { path, text: `${describePath(edition, path)}应为${JSON.stringify(p.allowedValue)}` };
    case "enum":
      return { path, text: `${describePath(edition, path)}应为${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join("、")}之一` };
    case "format":
      return { path, text: `${describePath(edition, path)}应为有效日期（YYYY-MM-DD）` };
    case "discriminator":
      return {
        path: `${path}/edition`,
        text: `年度报告格式版本（edition）应为${Object.keys(EDITIONS).map((id) => `"${id}"`).join("或")}`,
      };
    default:
      return { path, text: `${describePath(edition, path)}不符合报告格式（${error.keyword}）` };
  }
}

/** Amounts sent as JSON numbers must still print as a plain decimal of at most 4 places. */
function amountProblems(input: Record<string, unknown>, edition: Edition): Diagnostic[] {
  const out: Diagnostic[] = [];
  const proactive = input.proactive as Record<string, Record<string, unknown>>;
  const pattern = new RegExp(AMOUNT_PATTERN, "u");
  for (const group of edition.proactive.groups) {
    for (const field of group.fields) {
      if (field.kind !== "amount") continue;
      for (const row of group.rows) {
        const value = proactive[row.key]![field.key];
        if (typeof value !== "number" || pattern.test(String(value))) continue;
        const path = pointer(["proactive", row.key, field.key]);
        out.push({
          code: "schema",
          severity: "error",
          path,
          message: `${describePath(edition, path)}应为${AMOUNT_TEXT}；数字${String(value)}无法按原样呈现，请以字符串给出。`,
          actual: String(value),
        });
      }
    }
  }
  return out;
}

/** Structural diagnostics of a parsed JSON value; empty when it satisfies the schema. */
export function checkStructure(input: unknown): Diagnostic[] {
  const errors = checkReportSchema(input);
  const declared = (input as { edition?: unknown } | null)?.edition;
  const edition = EDITIONS[isEditionId(declared) ? declared : "2021"];
  if (errors.length === 0) return amountProblems(input as Record<string, unknown>, edition);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    const found = problem(error, edition, input);
    if (!found) continue;
    const key = `${found.path}\u0000${found.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (out.length === MAX_SCHEMA_DIAGNOSTICS) {
      out.push({ code: "schema", severity: "error", path: "", message: `结构错误过多，仅列出前${MAX_SCHEMA_DIAGNOSTICS}项。` });
      break;
    }
    out.push({ code: "schema", severity: "error", path: found.path, message: `${found.text}。` });
  }
  return out;
}

export { LIMITS };
