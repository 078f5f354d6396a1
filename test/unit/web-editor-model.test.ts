/** The editor's report: blank for an edition, completed for an import, and rebuilt from the form. */
import { describe, expect, it } from "vitest";
import { EDITIONS } from "../../functions/report/editions/index.js";
import { validateReport } from "../../functions/report/index.js";
import { completeReport, figurePaths, reportFromForm } from "../../functions/web/editor-model.js";
import { example } from "../helpers/examples.js";

/** The fields a browser submits for a report, named as the editor names them. */
function formFields(report: Record<string, any>, edition: keyof typeof EDITIONS): Record<string, string> {
  const fields: Record<string, string> = { base: JSON.stringify(report) };
  for (const { path } of figurePaths(EDITIONS[edition])) fields[`n:${path}`] = String(path.split("/").slice(1).reduce((node, key) => node[key], report as any));
  fields["t:/title"] = `  ${report.title}  `;
  fields["p:/preamble"] = `${report.preamble.join("\r\n")}\n\n`;
  fields["o:/publishedAt"] = "";
  return fields;
}

describe("the editor's report", () => {
  it("starts blank with every figure of the edition at 0 and invalid only for missing text", () => {
    for (const edition of ["2019", "2021"] as const) {
      const blank = completeReport({ edition }, edition, 2024);
      const result = validateReport(blank);
      expect(result.valid).toBe(false);
      expect(result.errors.every((e) => !/^\/(proactive|applications|reviewLitigation)\//.test(e.path)), JSON.stringify(result.errors)).toBe(true);
      for (const { path, kind } of figurePaths(EDITIONS[edition])) {
        expect(path.split("/").slice(1).reduce((node, key) => node[key], blank as any), path).toBe(kind === "amount" ? "0" : 0);
      }
    }
  });

  it("is rebuilt from the submitted form exactly: figures as numbers, lines trimmed, paragraphs one per line, empty optional fields left out", () => {
    const report = validateReport(example("yunxi2021")).normalized! as Record<string, any>;
    const fields = formFields(report, "2021");
    fields["n:/applications/received/natural"] = " 214 ";
    const rebuilt = reportFromForm(fields);
    const expected = structuredClone(report);
    expected.applications.received.natural = 214;
    delete expected.publishedAt;
    expect(rebuilt).toEqual(expected);
  });

  it("keeps a figure that is not a whole number as typed, for the validator to name at its cell", () => {
    const report = completeReport(example("yunxi2021"));
    const rebuilt = reportFromForm({ base: JSON.stringify(report), "n:/applications/received/natural": "十二" });
    const result = validateReport(rebuilt);
    expect(result.errors.some((e) => e.path === "/applications/received/natural")).toBe(true);
  });

  it("fills the figures an imported report lacks, and keeps what it has", () => {
    const partial = { edition: "2019", year: 2023, agency: { name: "某镇人民政府" }, applications: { received: { natural: 3 } } };
    const completed = completeReport(partial) as Record<string, any>;
    expect(completed.applications.received.natural).toBe(3);
    expect(completed.applications.received.total).toBe(0);
    expect(completed.agency.name).toBe("某镇人民政府");
    expect(completed.edition).toBe("2019");
  });
});
