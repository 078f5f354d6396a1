import { describe, expect, it } from "vitest";
import { normalizeReport } from "../../functions/report/normalize.js";
import { checkNormalizedSchema } from "../../functions/report/schema/index.js";
import { example } from "../helpers/examples.js";
import { check } from "../helpers/validate.js";

function stripTotals(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (typeof record.total === "number") delete record.total;
  for (const child of Object.values(record)) stripTotals(child);
}

describe("normalisation", () => {
  it("fills every absent total with the sums the rules define", () => {
    const full = example("yunxi2021");
    const bare = example("yunxi2021");
    stripTotals(bare.applications);
    stripTotals(bare.reviewLitigation);
    delete bare.applications.results.total;
    expect(bare.applications.received.total).toBeUndefined();
    const result = check(bare);
    expect(result.valid).toBe(true);
    expect(result.normalized!.applications).toEqual(full.applications);
    expect(result.normalized!.reviewLitigation).toEqual(full.reviewLitigation);
  });

  it("turns amounts into strings, keeps strings exactly, fills title and schemaVersion", () => {
    const report = example("yunxi2021");
    delete report.schemaVersion;
    report.proactive.fees.amount = 96171.6;
    const normalized = normalizeReport(report);
    expect(normalized.proactive.fees).toEqual({ amount: "96171.6" });
    expect(normalized.schemaVersion).toBe(1);
    expect(normalized.title).toBe("云溪县人民政府2024年政府信息公开工作年度报告");
    report.proactive.fees.amount = "0.50";
    expect(normalizeReport(report).proactive.fees).toEqual({ amount: "0.50" });
    const raohe = example("raohe2019");
    raohe.proactive.procurement = { projects: 3, totalAmount: 12.5, unit: "万元" };
    expect(normalizeReport(raohe).proactive).toMatchObject({ procurement: { projects: 3, totalAmount: "12.5", unit: "万元" } });
  });

  it("gives the same bytes whatever the key order of the submission", () => {
    const report = example("yunxi2021");
    const reversed = JSON.parse(JSON.stringify(report, (_key, value) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value));
    expect(Object.keys(reversed)[0]).not.toBe(Object.keys(report)[0]);
    expect(JSON.stringify(normalizeReport(reversed))).toBe(JSON.stringify(normalizeReport(report)));
  });

  it("is idempotent and produces what the normalised schema describes", () => {
    for (const name of ["yunxi2021", "raohe2019"] as const) {
      const once = normalizeReport(example(name));
      expect(checkNormalizedSchema(once)).toEqual([]);
      expect(JSON.stringify(normalizeReport(once))).toBe(JSON.stringify(once));
    }
  });
});
