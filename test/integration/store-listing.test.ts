/**
 * The listing newest publish first, against dynalite: summaries written before the listing existed
 * join it when the tables are ensured, and paging through a filtered listing misses nothing.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, keys } from "../../functions/store/table.js";
import type { ReportRecord } from "../../functions/store/ports.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
beforeAll(async () => {
  stores = await startTestStores();
});
afterAll(() => stores?.close());

const summary = (reportId: string, edition: string, at: string): Omit<ReportRecord, "createdAt" | "updatedAt" | "publishedAt"> & { at: string } => ({
  reportId,
  agencyName: "云溪县人民政府",
  year: edition === "2021" ? 2024 : 2020,
  edition,
  title: "t",
  latestVersion: 1,
  at,
});

describe("the listing", () => {
  it("takes in summaries of the first release (indexed per edition) when the tables are ensured", async () => {
    // a summary item as the first release wrote it: GSI2 keyed by edition, no publishedAt
    await documentClient(stores.dynamo).send(
      new PutCommand({
        TableName: stores.config.table,
        Item: {
          ...keys.report("old-report"),
          reportId: "old-report", agencyName: "旧机关", year: 2023, edition: "2021", title: "旧报告", latestVersion: 2,
          createdAt: "2024-01-10T00:00:00.000Z", updatedAt: "2024-02-01T00:00:00.000Z",
          GSI1PK: "YEAR#2023", GSI1SK: "old-report", GSI2PK: "EDITION#2021", GSI2SK: "old-report", GSI3PK: "IDS#o", GSI3SK: "old-report",
        },
      }),
    );
    expect((await stores.reports.listRecentReports({}, { limit: 10 })).items.map((r) => r.reportId)).not.toContain("old-report");
    await stores.ensureTables();
    const listed = (await stores.reports.listRecentReports({}, { limit: 10 })).items.find((r) => r.reportId === "old-report");
    expect(listed).toMatchObject({ reportId: "old-report", latestVersion: 2, publishedAt: "2024-02-01T00:00:00.000Z" });
    // still found by the indexes bulk regeneration uses
    expect((await stores.reports.listReports({ edition: "2021" }, { limit: 10 })).items.map((r) => r.reportId)).toContain("old-report");
    // and running it again changes nothing
    await stores.ensureTables();
    expect((await stores.reports.listRecentReports({}, { limit: 10 })).items.filter((r) => r.reportId === "old-report")).toHaveLength(1);
  });

  it("pages through a filtered, scoped listing newest first without missing or repeating a report", async () => {
    const base = Date.parse("2025-01-01T00:00:00.000Z");
    for (let i = 0; i < 60; i++) {
      const s = summary(`page-${String(i).padStart(2, "0")}`, i % 3 === 0 ? "2019" : "2021", new Date(base + i * 60_000).toISOString());
      const { at, ...record } = s;
      await stores.reports.updateReport(record, at, true);
    }
    const accept = (r: ReportRecord) => Number(r.reportId.slice(-2)) % 2 === 0; // a scope that matches every other one
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await stores.reports.listRecentReports({ edition: "2021", reportIdPrefix: "page-" }, { limit: 7, accept, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.reportId));
      cursor = page.cursor;
      calls++;
    } while (cursor && calls < 50);
    const expected = Array.from({ length: 60 }, (_, i) => i)
      .filter((i) => i % 3 !== 0 && i % 2 === 0)
      .reverse()
      .map((i) => `page-${String(i).padStart(2, "0")}`);
    expect(seen).toEqual(expected);
  });
});
