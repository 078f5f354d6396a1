/**
 * The prior-year check runs by itself on publish (spec C.2): publishing a 2024 report after its
 * agency's 2023 report yields the `prior-year` warnings, and the version says which stored report and
 * version it compared with — through real HTTP, the real stores (s3rver, dynalite) and Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { example, type Json } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let portal: string;
let admin: string;

beforeAll(async () => {
  service = await startTestService();
  portal = await service.token("portal", ["e2e-*"]);
  admin = await service.token("admin", ["*"]);
});
afterAll(() => service?.close());

/** The same county's report a year earlier: its 结转下年度 (13: 8, 2, 0, 0, 2, 1) is not this year's 上年结转 (14: 11, 2, 0, 0, 1, 0). */
function report2023(): Json {
  const report = example("yunxi2021");
  report.year = 2023;
  report.agency.name = "云溪县　人民政府"; // typed with an ideographic space
  delete report.agency.code;
  report.publishedAt = "2024-03-20";
  report.closing.date = "2024-03-20";
  return report;
}

function report2024(): Json {
  const report = example("yunxi2021");
  delete report.agency.code;
  return report;
}

const priorYearWarnings = (version: Json) => (version.warnings as Json[]).filter((w) => w.code === "prior-year");

describe("prior-year on publish", () => {
  it("finds the agency's previous report by itself and names it in the warnings", async () => {
    const first = await service.call("PUT", "/reports/e2e-yx-2023", { token: portal, body: report2023() });
    expect(first.status).toBe(201);
    expect((await first.json()).priorYear).toBeUndefined();

    const response = await service.call("PUT", "/reports/e2e-yx-2024", { token: portal, body: report2024() });
    expect(response.status).toBe(201);
    const version = await response.json();
    expect(version.priorYear).toEqual({ reportId: "e2e-yx-2023", version: 1, year: 2023, found: "automatic" });
    const warnings = priorYearWarnings(version);
    expect(warnings.map((w) => [w.path, w.expected, w.actual])).toEqual([
      ["/applications/carriedOver/natural", 8, 11],
      ["/applications/carriedOver/legalService", 2, 1],
      ["/applications/carriedOver/other", 1, 0],
      ["/applications/carriedOver/total", 13, 14],
    ]);
    expect(warnings[0].message).toContain("2023年度报告（e2e-yx-2023 第1版）「四、结转下年度继续办理」行「自然人」为8");

    // the stored version says the same
    const stored = await (await service.call("GET", "/reports/e2e-yx-2024/versions/1", { token: portal })).json();
    expect(stored.priorYear).toEqual(version.priorYear);
    expect(priorYearWarnings(stored)).toEqual(warnings);
  });

  it("shows the same in a dry run", async () => {
    const response = await service.call("POST", "/validate", { token: portal, body: report2024() });
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.priorYear).toEqual({ reportId: "e2e-yx-2023", version: 1, year: 2023, found: "automatic" });
    expect(priorYearWarnings(result)).toHaveLength(4);
  });

  it("is silent when 上年结转 equals last year's 结转下年度, and the version still says what it compared", async () => {
    const agreeing = report2024();
    agreeing.applications.carriedOver = { ...report2023().applications.carriedForward };
    // keep table 三 balanced: what came in from last year went on as this year's results
    const delta = { natural: 8 - 11, legalService: 2 - 1, other: 1 - 0 } as const;
    for (const [column, d] of Object.entries(delta)) {
      agreeing.applications.received[column] -= d;
    }
    delete agreeing.applications.received.total;
    delete agreeing.applications.carriedOver.total;
    const response = await service.call("PUT", "/reports/e2e-yx-2024-agreeing", { token: portal, body: agreeing });
    expect(response.status).toBe(201);
    const version = await response.json();
    expect(version.warnings.filter((w: Json) => w.code === "A1")).toEqual([]);
    expect(priorYearWarnings(version)).toEqual([]);
    expect(version.priorYear).toEqual({ reportId: "e2e-yx-2023", version: 1, year: 2023, found: "automatic" });
  });

  it("compares with the report named by ?previousReportId= when the agency's name does not find it", async () => {
    const renamed = report2024();
    renamed.agency = { name: "云溪县人民政府办公室", code: "yunxi-county" };
    const automatic = await (await service.call("PUT", "/reports/e2e-yx-office-2024", { token: portal, body: renamed })).json();
    expect(automatic.priorYear).toBeUndefined();
    expect(priorYearWarnings(automatic)).toEqual([]);

    const previous = report2023();
    previous.agency.code = "yunxi-county";
    expect((await service.call("PUT", "/reports/e2e-yx-coded-2023", { token: portal, body: previous })).status).toBe(201);
    const response = await service.call("PUT", "/reports/e2e-yx-office-2024?previousReportId=e2e-yx-coded-2023", { token: portal, body: renamed });
    // the report is unchanged: publishing it again returns the existing version (idempotent) …
    expect(response.status).toBe(200);
    const named = await service.call("PUT", "/reports/e2e-yx-office-2024b?previousReportId=e2e-yx-coded-2023", { token: portal, body: renamed });
    expect(named.status).toBe(201);
    const version = await named.json();
    expect(version.priorYear).toEqual({ reportId: "e2e-yx-coded-2023", version: 1, year: 2023, found: "requested" });
    expect(priorYearWarnings(version)).toHaveLength(4);
  });

  it("refuses a previousReportId that is malformed, unknown or outside the token's scope, storing nothing", async () => {
    const malformed = await service.call("PUT", "/reports/e2e-yx-refused?previousReportId=Not_An_Id", { token: portal, body: report2024() });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).error.code).toBe("invalid_previous_report_id");
    const unknown = await service.call("PUT", "/reports/e2e-yx-refused?previousReportId=e2e-no-such-report", { token: portal, body: report2024() });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).error).toEqual({ code: "previous_report_not_found", message: "没有报告 e2e-no-such-report，无法与之核对上年结转" });
    const outside = await service.call("PUT", "/reports/e2e-yx-refused?previousReportId=other-2023", { token: portal, body: report2024() });
    expect(outside.status).toBe(403);
    expect((await service.call("GET", "/reports/e2e-yx-refused", { token: portal })).status).toBe(404);
  });

  it("keeps the check on regeneration", async () => {
    const response = await service.call("POST", "/reports/e2e-yx-2024/regenerate", { token: admin });
    expect(response.status).toBe(201);
    const version = await response.json();
    expect(version.version).toBe(2);
    expect(version.priorYear).toEqual({ reportId: "e2e-yx-2023", version: 1, year: 2023, found: "automatic" });
    expect(priorYearWarnings(version)).toHaveLength(4);
  });
});
