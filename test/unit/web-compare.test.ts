/** The comparison of two versions: every changed figure and text, named from the edition's labels. */
import { describe, expect, it } from "vitest";
import { validateReport } from "../../functions/report/index.js";
import { compareReports, figureLabel } from "../../functions/web/compare.js";
import { EDITIONS } from "../../functions/report/editions/index.js";
import { example } from "../helpers/examples.js";

const normalized = (report: unknown) => validateReport(report).normalized!;

describe("comparing two versions", () => {
  it("names a changed figure by table, row and column, with both values", () => {
    const before = example("yunxi2021");
    const after = structuredClone(before);
    after.applications.results.disclosed.natural += 1;
    after.reviewLitigation.review.upheld += 2;
    const changes = compareReports(normalized(before), normalized(after));
    expect(changes.map((c) => `${c.label}：${c.before} → ${c.after}`)).toEqual(["表三 （一）予以公开 · 自然人：98 → 99", "表四 行政复议 · 结果维持：5 → 7"]);
    expect(changes.every((c) => c.kind === "figure")).toBe(true);
  });

  it("names changed, added and removed paragraphs by their place in the report", () => {
    const before = normalized(example("yunxi2021"));
    const after = structuredClone(before) as typeof before & { problems: string[] };
    after.problems = [...(before.problems as string[]).slice(0, 1), "新增的一段。"].concat((before.problems as string[]).slice(1));
    const changes = compareReports(before, after);
    expect(changes.length).toBeGreaterThan(0);
    expect(changes[0]!.label).toMatch(/^五、存在的主要问题及改进情况/);
    expect(changes[0]!).toMatchObject({ kind: "text", after: "新增的一段。" });
    expect(changes.at(-1)!.before).toBeUndefined();
  });

  it("finds no change between a version and itself", () => {
    const report = normalized(example("raohe2019"));
    expect(compareReports(report, structuredClone(report))).toEqual([]);
  });

  it("labels every figure of both editions", () => {
    for (const edition of Object.values(EDITIONS)) {
      for (const group of edition.proactive.groups) for (const row of group.rows) for (const field of group.fields) expect(figureLabel(edition, `/proactive/${row.key}/${field.key}`)).toMatch(/^表二 /);
      expect(figureLabel(edition, "/reviewLitigation/review/total")).toBe("表四 行政复议 · 总计");
    }
  });
});
