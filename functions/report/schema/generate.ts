/**
 * Writes the committed schema files and their TypeScript types from the edition definitions:
 *   npm run schema:generate
 * A test (test/unit/schema-agreement.test.ts) fails when the committed files differ from what this
 * script would write, so the schema, the types and the editions cannot drift apart.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { SCHEMA_FILES, renderSchemaFile, renderTypesFile } from "./artifacts.js";

for (const mode of ["input", "normalized"] as const) {
  const { schema, types } = SCHEMA_FILES[mode];
  await writeFile(fileURLToPath(schema), renderSchemaFile(mode));
  await writeFile(fileURLToPath(types), await renderTypesFile(mode));
  console.log(`wrote ${fileURLToPath(schema)} and ${fileURLToPath(types)}`);
}
