/**
 * The committed JSON Schemas, compiled once per process with Ajv (draft 2020-12).
 *
 * The run time uses the committed files, not the builder, so that what is validated is exactly what
 * is published to callers.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import inputSchema from "./report.schema.json" with { type: "json" };
import normalizedSchema from "./normalized-report.schema.json" with { type: "json" };
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

function compile<T>(schema: object): ValidateFunction<T> {
  const ajv = new Ajv2020({
    // Report every problem at once: a portal fixing a report wants the whole list, and the schema's
    // maxLength/maxItems bound the work on hostile input.
    allErrors: true,
    discriminator: true,
    strict: true,
    // `discriminator` is OpenAPI's keyword; Ajv understands it, other tools ignore it.
    strictTuples: true,
  });
  addFormats(ajv, ["date"]);
  return ajv.compile<T>(schema);
}

let input: ValidateFunction<Report> | undefined;
let normalized: ValidateFunction<NormalizedReport> | undefined;

/** Checks a value against the input schema; returns Ajv's errors, or none. */
export function checkReportSchema(value: unknown): ErrorObject[] {
  input ??= compile<Report>(inputSchema);
  return input(value) ? [] : [...(input.errors ?? [])];
}

/** Checks a value against the normalised schema (what is stored). */
export function checkNormalizedSchema(value: unknown): ErrorObject[] {
  normalized ??= compile<NormalizedReport>(normalizedSchema);
  return normalized(value) ? [] : [...(normalized.errors ?? [])];
}

export type { ErrorObject };
