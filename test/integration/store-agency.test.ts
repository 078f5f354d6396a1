/**
 * The store finds an agency's report of a year (the prior-year check on publish) through the agency
 * index, whatever spaces and full-width forms the name was typed with — against dynalite.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencyKey } from "../../functions/report/index.js";
import { keys } from "../../functions/store/table.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await startTestStores();
});
afterAll(() => stores?.close());

const summary = (reportId: string, agencyName: string, year: number, latestVersion = 1) =>
  stores.reports.updateReport({ reportId, agencyName, year, edition: "2021", title: `${agencyName}${year}年政府信息公开工作年度报告`, latestVersion }, new Date().toISOString(), true);

describe("reportsOfAgency", () => {
  it("folds spaces and full-width forms: one agency however its name is typed", () => {
    expect(agencyKey("淮安市洪泽区　人民政府")).toBe(agencyKey("淮安市洪泽区人民政府"));
    expect(agencyKey(" 某市（开发区）管理委员会 ")).toBe(agencyKey("某市(开发区)管理委员会"));
    expect(agencyKey("某市第２中学")).toBe(agencyKey("某市第2中学"));
    expect(agencyKey("云溪县人民政府")).not.toBe(agencyKey("云溪县人民政府办公室"));
  });

  it("finds the reports of an agency for one year only", async () => {
    await summary("hz-2022", "淮安市洪泽区人民政府", 2022);
    await summary("hz-2023", "淮安市洪泽区　人民政府", 2023);
    await summary("hz-2024", "淮安市洪泽区人民政府", 2024);
    await summary("hz-office-2023", "淮安市洪泽区人民政府办公室", 2023);
    await summary("qp-2023", "淮安市清江浦区人民政府", 2023);
    const found = await stores.reports.reportsOfAgency(agencyKey("淮安市 洪泽区人民政府"), 2023);
    expect(found.map((r) => [r.reportId, r.year, r.agencyName])).toEqual([["hz-2023", 2023, "淮安市洪泽区　人民政府"]]);
    expect(await stores.reports.reportsOfAgency(agencyKey("淮安市洪泽区人民政府"), 2019)).toEqual([]);
  });

  it("follows a report whose agency or year is corrected by a later version", async () => {
    await summary("moved-1", "某县人民政府", 2023, 1);
    expect((await stores.reports.reportsOfAgency(agencyKey("某县人民政府"), 2023)).map((r) => r.reportId)).toEqual(["moved-1"]);
    await summary("moved-1", "某县人民政府", 2024, 2);
    expect(await stores.reports.reportsOfAgency(agencyKey("某县人民政府"), 2023)).toEqual([]);
    expect((await stores.reports.reportsOfAgency(agencyKey("某县人民政府"), 2024)).map((r) => [r.reportId, r.latestVersion])).toEqual([["moved-1", 2]]);
  });

  it("keeps the index key short whatever the name (NFKC expands some characters eighteenfold)", async () => {
    const name = "\ufdfa".repeat(100); // the longest name the schema admits, each character expanding
    expect(Buffer.byteLength(agencyKey(name))).toBeGreaterThan(2048);
    // DynamoDB refuses an index partition key over 2048 bytes (the emulator does not check it)
    expect(Buffer.byteLength(keys.agency(agencyKey(name)))).toBeLessThanOrEqual(100);
    await summary("long-name", name, 2023);
    expect((await stores.reports.reportsOfAgency(agencyKey(name), 2023)).map((r) => r.reportId)).toEqual(["long-name"]);
  });

  it("lists every report of the agency and year when it was published under several ids", async () => {
    for (let i = 0; i < 3; i++) await summary(`dup-${i}`, "某乡人民政府", 2023);
    expect((await stores.reports.reportsOfAgency(agencyKey("某乡人民政府"), 2023)).map((r) => r.reportId)).toEqual(["dup-0", "dup-1", "dup-2"]);
  });
});
