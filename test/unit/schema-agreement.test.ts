/**
 * The committed schema files, their TypeScript types and the edition definitions must agree.
 * When this fails after an intended change to the editions, run `npm run schema:generate` and commit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import { SCHEMA_FILES, renderSchemaFile, renderTypesFile } from "../../functions/report/schema/artifacts.js";
import { buildReportSchema } from "../../functions/report/schema/build.js";
import { checkNormalizedSchema, type NormalizedReport, type Report } from "../../functions/report/schema/index.js";
import type { Report2021 } from "../../functions/report/schema/report.types.js";
import type { NormalizedApplicantRow } from "../../functions/report/schema/normalized-report.types.js";
import { normalizeReport } from "../../functions/report/normalize.js";
import { applicationLeaves, EDITIONS } from "../../functions/report/editions/index.js";
import { example } from "../helpers/examples.js";

describe("schema agreement", () => {
  for (const mode of ["input", "normalized"] as const) {
    it(`the committed ${mode} schema is the one the edition definitions build`, () => {
      expect(readFileSync(SCHEMA_FILES[mode].schema, "utf8")).toBe(renderSchemaFile(mode));
    });
    it(`the committed ${mode} TypeScript types are generated from that schema`, async () => {
      expect(readFileSync(SCHEMA_FILES[mode].types, "utf8")).toBe(await renderTypesFile(mode));
    });
  }

  it("the schema names every row and column of the editions, and nothing else", () => {
    const defs = buildReportSchema("input").$defs as Record<string, { properties: Record<string, unknown> }>;
    for (const id of ["2019", "2021"] as const) {
      const proactive = defs[`proactive${id}`]!.properties;
      expect(Object.keys(proactive)).toEqual(EDITIONS[id].proactive.groups.flatMap((g) => g.rows.map((r) => r.key)));
      let node: unknown = defs[`applications${id}`];
      const keysAt = (path: readonly string[]) => {
        node = defs[`applications${id}`];
        for (const key of path) node = (node as { properties: Record<string, unknown> }).properties[key];
        return node;
      };
      for (const leaf of applicationLeaves(EDITIONS[id].applications)) {
        expect(keysAt(leaf.path)).toMatchObject({ $ref: "#/$defs/applicantRow" });
      }
    }
    expect(Object.keys(defs.applicantRow!.properties)).toEqual(EDITIONS["2021"].applications.columns.map((c) => c.key));
  });

  it("types: the examples are Reports and normalise to NormalizedReports", () => {
    const report: Report = example("yunxi2021");
    const normalized = normalizeReport(report);
    expectTypeOf(normalized).toEqualTypeOf<NormalizedReport>();
    expectTypeOf<Report2021["applications"]["results"]["otherHandling"]["overdueFee"]>().toHaveProperty("natural");
    expectTypeOf<NormalizedApplicantRow["total"]>().toEqualTypeOf<number>();
    for (const name of ["yunxi2021", "raohe2019"] as const) {
      expect(checkNormalizedSchema(normalizeReport(example(name)))).toEqual([]);
    }
  });
});
