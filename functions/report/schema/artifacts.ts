/** The committed artefacts derived from the edition definitions, and how each is rendered. */
import { compile } from "json-schema-to-typescript";
import { buildReportSchema, type SchemaMode } from "./build.js";

export const SCHEMA_FILES: Readonly<Record<SchemaMode, { schema: URL; types: URL }>> = {
  input: {
    schema: new URL("./report.schema.json", import.meta.url),
    types: new URL("./report.types.ts", import.meta.url),
  },
  normalized: {
    schema: new URL("./normalized-report.schema.json", import.meta.url),
    types: new URL("./normalized-report.types.ts", import.meta.url),
  },
};

export function renderSchemaFile(mode: SchemaMode): string {
  return `${JSON.stringify(buildReportSchema(mode), null, 2)}\n`;
}

/** Drops `$comment`s: beside a `$ref` they would make the generator emit one type per use. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "$comment")
      .map(([key, v]) => [key, withoutComments(v)]),
  );
}

export async function renderTypesFile(mode: SchemaMode): Promise<string> {
  const schema = withoutComments(buildReportSchema(mode)) as Record<string, unknown>;
  return compile(schema as never, schema.title as string, {
    bannerComment:
      "/* eslint-disable */\n/**\n * Generated from the edition definitions by `npm run schema:generate`; do not edit.\n * test/unit/schema-agreement.test.ts fails when this file and the definitions disagree.\n */",
    additionalProperties: false,
    unknownAny: true,
    strictIndexSignatures: true,
    style: { printWidth: 120 },
  });
}
