/**
 * Export of the tables and statistics through real HTTP: the CSV round-trips (every cell equals the
 * stored report, checked against the edition's labels walked here), the XLSX parses back with one
 * sheet per table, the statistics equal sums computed here independently (a deep sum of the stored
 * sources), all within the token's scope and from the latest version that stands.
 */
import { parse } from "csv-parse/sync";
import readXlsxFile from "read-excel-file/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationLeaves, EDITIONS, type EditionId } from "../../functions/report/editions/index.js";
import { example } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let admin: string;
let portal: string;
const sources = new Map<string, any>();

function variant(name: "yunxi2021" | "raohe2019", n: number, agency?: string) {
  const report = example(name);
  report.otherMatters = [`（一）第${n}稿。`];
  if (agency) {
    report.agency.name = agency;
    delete report.title;
  }
  return report;
}

async function publish(reportId: string, report: unknown) {
  const response = await service.call("PUT", `/reports/${reportId}`, { token: admin, body: report });
  expect(response.status, reportId).toBe(201);
  return response.json();
}

async function source(reportId: string, version: number) {
  return (await service.call("GET", `/reports/${reportId}/versions/${version}/source`, { token: admin })).json();
}

beforeAll(async () => {
  service = await startTestService();
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["exp-*"]);
  await publish("exp-yunxi", variant("yunxi2021", 1));
  await publish("exp-raohe", variant("raohe2019", 1));
  // a formula where an agency name should be: exported as text, never evaluated
  await publish("exp-formula", variant("yunxi2021", 2, "=1+2云溪县人民政府"));
  // version 2 withdrawn: its figures must not count, version 1's do
  const changed = variant("yunxi2021", 3);
  await publish("exp-withdrawn", changed);
  const second = variant("yunxi2021", 4);
  second.applications.received.natural += 10;
  second.applications.received.total += 10;
  second.applications.results.disclosed.natural += 10;
  second.applications.results.disclosed.total += 10;
  delete second.applications.results.total;
  await publish("exp-withdrawn", second);
  expect((await service.call("POST", "/reports/exp-withdrawn/versions/2/withdraw", { token: admin, body: { reason: "数字有误" } })).status).toBe(200);
  await publish("other-yunxi", variant("yunxi2021", 5));
  for (const [id, version] of [["exp-yunxi", 1], ["exp-raohe", 1], ["exp-formula", 1], ["exp-withdrawn", 1]] as const) sources.set(id, await source(id, version));
});
afterAll(() => service?.close());

/** The cells of a stored report as this test reads the edition: table title, row, column → value. */
function expectedCells(report: any): Map<string, number | string> {
  const edition = EDITIONS[report.edition as EditionId];
  const title = (key: string) => edition.sections.find((s) => s.key === key)!.title;
  const cells = new Map<string, number | string>();
  for (const group of edition.proactive.groups)
    for (const row of group.rows)
      for (const field of group.fields) {
        cells.set([title("proactive"), `${group.heading}／${row.label}`, field.label].join("|"), report.proactive[row.key][field.key]);
        if (field.unit && report.proactive[row.key][field.unit.key] !== undefined) cells.set([title("proactive"), `${group.heading}／${row.label}`, `${field.label}（单位）`].join("|"), report.proactive[row.key][field.unit.key]);
      }
  for (const leaf of applicationLeaves(edition.applications)) {
    let row = report.applications;
    for (const key of leaf.path) row = row[key];
    for (const column of edition.applications.columns) cells.set([title("applications"), leaf.labels.join("／"), column.group ? `${column.group}／${column.label}` : column.label].join("|"), row[column.key]);
  }
  for (const group of edition.reviewLitigation.groups)
    for (const outcome of edition.reviewLitigation.outcomes)
      cells.set([title("reviewLitigation"), group.label ? `${group.heading}／${group.label}` : group.heading, outcome.label].join("|"), report.reviewLitigation[group.key][outcome.key]);
  return cells;
}

async function download(path: string, token = portal): Promise<Response> {
  const redirect = await service.call("GET", path, { token });
  expect(redirect.status).toBe(302);
  const file = await fetch(redirect.headers.get("location")!);
  expect(file.status).toBe(200);
  return file;
}

describe("GET /exports/tables", () => {
  it("round-trips as CSV: UTF-8 with BOM, a header, every cell of every report in scope equal to the stored report", async () => {
    const file = await download("/exports/tables?format=csv");
    expect(file.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="nianbao-tables-.*\.csv"/);
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(Buffer.from(bytes).toString("utf8").slice(1));
    expect(rows[0]).toEqual(["reportId", "agency", "year", "edition", "version", "table", "row", "column", "value"]);
    const byReport = new Map<string, string[][]>();
    for (const row of rows.slice(1)) byReport.set(row[0]!, [...(byReport.get(row[0]!) ?? []), row]);
    // the portal's scope: exp-*, never other-yunxi
    expect([...byReport.keys()].sort()).toEqual(["exp-formula", "exp-raohe", "exp-withdrawn", "exp-yunxi"]);
    for (const [reportId, report] of sources) {
      const expected = expectedCells(report);
      const got = byReport.get(reportId)!;
      expect(got.length, reportId).toBe(expected.size);
      for (const [id, agency, year, edition, version, table, row, column, value] of got) {
        expect([id, year, edition, version]).toEqual([reportId, String(report.year), report.edition, "1"]);
        expect(agency).toBe(report.agency.name.startsWith("=") ? `'${report.agency.name}` : report.agency.name);
        const key = [table, row, column].join("|");
        expect(expected.has(key), key).toBe(true);
        expect(value, key).toBe(String(expected.get(key)));
      }
    }
    // a label as printed, and a figure known from the example
    const yunxi = byReport.get("exp-yunxi")!;
    expect(yunxi.find((r) => r[6] === "一、本年新收政府信息公开申请数量" && r[7] === "自然人")![8]).toBe("213");
    expect(yunxi.some((r) => r[6] === "三、本年度办理结果／（三）不予公开／3.属于国家秘密" || r[6] === "三、本年度办理结果／（三）不予公开／1.属于国家秘密")).toBe(true);
  });

  it("writes an XLSX that opens as a valid package with one sheet per table, its cells equal to the stored reports", async () => {
    const file = await download("/exports/tables?format=xlsx&prefix=exp-y");
    expect(file.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const sheets = await readXlsxFile(Buffer.from(await file.arrayBuffer()));
    expect(sheets.map((s) => s.sheet)).toEqual(["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]);
    const expected = expectedCells(sources.get("exp-yunxi"));
    let cells = 0;
    for (const { sheet, data } of sheets) {
      expect(data[0]).toEqual(["reportId", "agency", "year", "edition", "version", "row", "column", "value"]);
      for (const [id, agency, year, edition, version, row, column, value] of data.slice(1)) {
        expect([id, agency, year, edition, version]).toEqual(["exp-yunxi", "云溪县人民政府", 2024, "2021", 1]);
        const want = expected.get([sheet, row, column].join("|"));
        expect(value, `${sheet} ${row} ${column}`).toBe(typeof want === "string" ? Number(want) : want);
        cells++;
      }
    }
    expect(cells).toBe(expected.size);
  });

  it("refuses a bad format or filter with 400, and an unknown parameter", async () => {
    for (const query of ["format=pdf", "year=99", "edition=2020", "prefix=A", "limit=3"]) {
      const response = await service.call("GET", `/exports/tables?${query}`, { token: portal });
      expect(response.status, query).toBe(400);
      await errorOf(response);
    }
    expect((await service.call("GET", "/exports/tables")).status).toBe(401);
  });
});

/** Every number in the objects, summed at its path: independent of the edition definitions. */
function deepSum(objects: any[]): any {
  const sum = (a: any, b: any): any => {
    if (typeof b === "number") return (a ?? 0) + b;
    const out = { ...(a ?? {}) };
    for (const [k, v] of Object.entries(b)) out[k] = sum(out[k], v);
    return out;
  };
  return objects.reduce((acc, o) => sum(acc, o), undefined);
}

describe("GET /statistics", () => {
  it("sums every cell of 三 and 四 per edition over the latest standing versions in scope", async () => {
    const response = await service.call("GET", "/statistics", { token: portal });
    expect(response.status).toBe(200);
    const stats = await response.json();
    const of = (edition: string) => [...sources.values()].filter((r) => r.edition === edition);
    expect(stats.reports).toBe(4);
    expect(Object.keys(stats.byEdition)).toEqual(["2019", "2021"]);
    for (const edition of ["2019", "2021"]) {
      expect(stats.byEdition[edition].reports).toBe(of(edition).length);
      expect(stats.byEdition[edition].applications).toEqual(deepSum(of(edition).map((r) => r.applications)));
      expect(stats.byEdition[edition].reviewLitigation).toEqual(deepSum(of(edition).map((r) => r.reviewLitigation)));
    }
    // the withdrawn version's extra 10 applications are not counted
    expect(stats.byEdition["2021"].applications.received.natural).toBe(3 * 213);
  });

  it("filters by year, edition and prefix, within the scope", async () => {
    const only2019 = await (await service.call("GET", "/statistics?edition=2019", { token: portal })).json();
    expect(only2019.reports).toBe(1);
    expect(Object.keys(only2019.byEdition)).toEqual(["2019"]);
    const prefixed = await (await service.call("GET", "/statistics?prefix=exp-y&year=2024", { token: portal })).json();
    expect(prefixed.reports).toBe(1);
    const none = await (await service.call("GET", "/statistics?prefix=other", { token: portal })).json();
    expect(none).toEqual({ reports: 0, byEdition: {} });
    const everything = await (await service.call("GET", "/statistics", { token: admin })).json();
    expect(everything.reports).toBe(5);
  });
});
