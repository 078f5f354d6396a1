/**
 * The committed JSON Schemas, compiled once per process with Ajv (draft 2020-12).
 *
 * The run time uses the committed files, not the builder, so that what is validated is exactly what
 * is published to callers.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import addFormatsModule from "ajv-formats";
import inputSchema from "./report.schema.json" with { type: "json" };
import normalizedSchema from "./normalized-report.schema.json" with { type: "json" };
import { FORBIDDEN_TEXT_CHARACTER } from "./build.js";
import type { Report } from "./report.types.js";
import type { NormalizedReport } from "./normalized-report.types.js";

export type { Report } from "./report.types.js";
export type { NormalizedReport } from "./normalized-report.types.js";
export { inputSchema as reportSchema, normalizedSchema as normalizedReportSchema };

// ajv-formats is CommonJS with a default export; under Node's ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
  formats: string[],
) => Ajv2020;

/**
 * Text may hold no control character and no lone surrogate (FORBIDDEN_TEXT_CHARACTER). With the `u`
 * flag JSON Schema reads patterns with, V8 answers that by walking the text code point by code point,
 * a cost paid on every paragraph of every report; "not well formed, or a control character" is the
 * same question for every string, answered natively. Every other pattern is compiled as Ajv would.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const forbiddenText = {
  test: (text: string) => !(text as unknown as { isWellFormed(): boolean }).isWellFormed() || CONTROL_CHARACTER.test(text),
};
const regExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => (pattern === FORBIDDEN_TEXT_CHARACTER && flags === "u" ? forbiddenText : new RegExp(pattern, flags)),
  { code: "patternTest" },
);

function compile<T>(schema: object, allErrors: boolean): ValidateFunction<T> {
  const ajv = new Ajv2020({
    code: { regExp },
    allErrors,
    discriminator: true,
    strict: true,
    // `discriminator` is OpenAPI's keyword; Ajv understands it, other tools ignore it.
    strictTuples: true,
  });
  addFormats(ajv, ["date"]);
  return ajv.compile<T>(schema);
}

/**
 * Two validators per schema: a fast one that stops at the first problem, for the common case of a
 * valid report, and one that collects every problem, run only when the first fails — a portal
 * fixing a report wants the whole list. The schema's maxLength/maxItems bound the work on hostile
 * input in both.
 */
class SchemaCheck<T> {
  private fast?: ValidateFunction<T>;
  private thorough?: ValidateFunction<T>;
  constructor(private readonly schema: object) {}

  errors(value: unknown): ErrorObject[] {
    this.fast ??= compile<T>(this.schema, false);
    if (this.fast(value)) return [];
    this.thorough ??= compile<T>(this.schema, true);
    return this.thorough(value) ? [] : [...(this.thorough.errors ?? [])];
  }
}

const input = new SchemaCheck<Report>(inputSchema);
const normalized = new SchemaCheck<NormalizedReport>(normalizedSchema);

/** Checks a value against the input schema; returns Ajv's errors, or none. */
export function checkReportSchema(value: unknown): ErrorObject[] {
  return input.errors(value);
}

/** Checks a value against the normalised schema (what is stored). */
export function checkNormalizedSchema(value: unknown): ErrorObject[] {
  return normalized.errors(value);
}

export type { ErrorObject };
