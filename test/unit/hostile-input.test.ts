/** Bad input never crashes the validator and never passes it. */
import { describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { check } from "../helpers/validate.js";

function rejected(input: unknown) {
  const result = check(input);
  expect(result.valid).toBe(false);
  expect(result.normalized).toBeNull();
  expect(result.errors.length).toBeGreaterThan(0);
  expect(result.errors.every((d) => d.code === "schema" && typeof d.message === "string" && typeof d.path === "string")).toBe(true);
  return result;
}

describe("hostile input", () => {
  it("rejects values that are not report objects", () => {
    for (const value of [null, 0, "report", [], [example("yunxi2021")], true, undefined]) {
      expect(rejected(value).errors[0]!.path).toBe(value !== null && typeof value === "object" && !Array.isArray(value) ? "/edition" : "");
    }
  });

  it("rejects wrong types everywhere in the report", () => {
    const report = example("yunxi2021");
    report.year = "2024";
    report.agency = "云溪县";
    report.preamble = "一段话";
    report.applications.received = [1, 2, 3];
    report.reviewLitigation.review.upheld = null;
    expect(rejected(report).errors.map((d) => d.path).sort()).toEqual([
      "/agency",
      "/applications/received",
      "/preamble",
      "/reviewLitigation/review/upheld",
      "/year",
    ]);
  });

  it("rejects __proto__ and constructor keys from JSON.parse at any depth, and pollutes nothing", () => {
    const text = JSON.stringify(example("yunxi2021"))
      .replace('"agency":{', '"agency":{"__proto__":{"polluted":true},')
      .replace('"review":{', '"review":{"constructor":{"prototype":{"polluted":true}},');
    const report = JSON.parse(`{"__proto__":{"isAdmin":true},${text.slice(1)}`);
    const result = rejected(report);
    expect(result.errors.map((d) => d.path).sort()).toEqual(["/__proto__", "/agency/__proto__", "/reviewLitigation/review/constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it("rejects a 10 MB string quickly", () => {
    const report = example("yunxi2021");
    report.problems[0] = "长".repeat(10 * 1024 * 1024);
    report.agency.name = "名".repeat(10 * 1024 * 1024);
    const started = performance.now();
    const result = rejected(report);
    expect(result.errors.map((d) => d.path).sort()).toEqual(["/agency/name", "/problems/0"]);
    expect(result.errors[0]!.message).toContain("过长");
    expect(performance.now() - started).toBeLessThan(5_000); // a sanity bound, not a benchmark
  });

  it("rejects 10,000-deep nesting without overflowing the stack", () => {
    const deepArrays = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const deepObjects = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    const text = JSON.stringify(example("yunxi2021"));
    const cases = {
      "/agency": text.replace(/"agency":\{[^}]*\}/, `"agency":${deepArrays}`),
      "/problems/0": text.replace('"problems":[', `"problems":[${deepArrays},`),
      "/overview": text.replace(/"overview":\{.*?\]\}\]\}/, `"overview":${deepObjects}`),
      "/deep": text.replace(/^\{/, `{"deep":${deepObjects},`),
    };
    for (const [path, json] of Object.entries(cases)) {
      expect(json).not.toBe(text);
      const errors = rejected(JSON.parse(json)).errors;
      expect(errors.some((d) => d.path.startsWith(path)), `${path}: ${errors.map((d) => d.path).join(" ")}`).toBe(true);
    }
    rejected(JSON.parse(deepObjects));
    rejected(JSON.parse(deepArrays));
  });

  it("rejects one edition's tables under the other edition, saying which edition they belong to", () => {
    const y2021 = example("yunxi2021");
    const y2019 = example("raohe2019");
    const as2019 = { ...y2021, edition: "2019" };
    const result = rejected(as2019);
    const extra = result.errors.find((d) => d.path === "/proactive/regulations/issued")!;
    expect(extra.message).toContain("这是2021年版格式的项目");
    expect(result.errors.map((d) => d.path)).toContain("/applications/results/otherHandling/overdueCorrection");
    expect(result.errors.map((d) => d.path)).toContain("/proactive/procurement");
    rejected({ ...y2019, edition: "2021" });
    // the 2019 （六） as a single row under 2021
    const mixed = example("yunxi2021");
    mixed.applications.results.otherHandling = y2019.applications.results.otherHandling;
    expect(rejected(mixed).errors.map((d) => d.path)).toContain("/applications/results/otherHandling/natural");
  });
});
