/**
 * What a regeneration takes over from the version it is based on instead of making or storing it
 * again (versions.ts): an OFD whose every input is that version's is not converted again, and is put
 * back (made then) if a purge of that version removed it meanwhile. Real s3rver, dynalite, Chromium
 * and converter; the converter is wrapped only to count its calls.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ofdEdition } from "../../functions/ofd/edition.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { serviceDeps, type OfdEdition, type ServiceDeps } from "../../functions/service/ports.js";
import { getVersion, publish, regenerate } from "../../functions/service/use-cases.js";
import { withdrawVersion } from "../../functions/service/withdrawal.js";
import type { ReportStore, VersionRecord } from "../../functions/store/ports.js";
import { example } from "../helpers/examples.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let renderer: ReportRenderer;
let conversions = 0;
let today = new Date("2026-03-02T04:00:00.000Z");
let deps: ServiceDeps;
const sha256 = (bytes: ArrayBuffer | Uint8Array) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

beforeAll(async () => {
  stores = await startTestStores();
  renderer = new ReportRenderer();
  const real = ofdEdition("ofd");
  const counted: OfdEdition = { edition: real.edition, make: (...args) => (conversions++, real.make(...args)) };
  deps = serviceDeps(stores, renderer, { linkExpirySeconds: 600, ofd: counted, now: () => today });
});
afterAll(async () => {
  await renderer?.close();
  await stores?.close();
});

/** A report without a publication date: its OFD carries the version's date. */
function report(n: number) {
  const r = example("raohe2019");
  delete r.publishedAt;
  r.otherMatters = [`第${n}稿`];
  return r;
}

/** The SHA-256 of the OFD a version's signed link serves. */
async function ofdFetched(reportId: string, version: number): Promise<string> {
  const { url } = (await getVersion(deps, reportId, version)).ofd!;
  return sha256(await (await fetch(url!)).arrayBuffer());
}

describe("a regeneration's OFD", () => {
  it("is the OFD of the version it is based on, not converted again, when the PDF, source, templates, edition and date are that version's", async () => {
    today = new Date("2026-03-02T04:00:00.000Z");
    await publish(deps, { reportId: "reuse-a", report: report(1), actor: "portal:t" });
    const v1 = (await stores.reports.getVersion("reuse-a", 1))!;
    expect(v1.ofd?.date).toBe("2026-03-02");
    const before = conversions;
    const v2 = await regenerate(deps, { reportId: "reuse-a", actor: "admin:t", trigger: "regenerate" });
    expect(conversions).toBe(before);
    expect(v2.version.pdf.sha256).toBe(v1.pdf.sha256);
    expect((await stores.reports.getVersion("reuse-a", 2))!.ofd).toEqual(v1.ofd);
    expect(await ofdFetched("reuse-a", 2)).toBe(v1.ofd!.sha256);
  });

  it("is converted again when its date is another (a regeneration on a later day), or unknown (a version made before dates were recorded)", async () => {
    today = new Date("2026-03-02T04:00:00.000Z");
    await publish(deps, { reportId: "reuse-b", report: report(2), actor: "portal:t" });
    const v1 = (await stores.reports.getVersion("reuse-b", 1))!;
    today = new Date("2026-03-03T04:00:00.000Z");
    let before = conversions;
    await regenerate(deps, { reportId: "reuse-b", actor: "admin:t", trigger: "regenerate" });
    expect(conversions).toBe(before + 1);
    const v2 = (await stores.reports.getVersion("reuse-b", 2))!;
    expect(v2.pdf.key).toBe(v1.pdf.key);
    expect(v2.ofd!.date).toBe("2026-03-03");
    expect(v2.ofd!.sha256).not.toBe(v1.ofd!.sha256);
    expect(await ofdFetched("reuse-b", 2)).toBe(v2.ofd!.sha256);

    // a version recorded without the OFD's date
    const reports = Object.create(stores.reports) as ReportStore;
    reports.putVersion = (record: VersionRecord) => {
      const { date: _date, ...ofd } = record.ofd!;
      return stores.reports.putVersion({ ...record, ofd });
    };
    await regenerate({ ...deps, reports }, { reportId: "reuse-b", actor: "admin:t", trigger: "regenerate" });
    before = conversions;
    await regenerate(deps, { reportId: "reuse-b", actor: "admin:t", trigger: "regenerate" });
    expect(conversions).toBe(before + 1);
  });

  it("is made and put back when a purge of the version it is based on removed it before the new version was committed", async () => {
    today = new Date("2026-03-02T04:00:00.000Z");
    await publish(deps, { reportId: "reuse-c", report: report(3), actor: "portal:t" });
    const v1 = (await stores.reports.getVersion("reuse-c", 1))!;
    const reports = Object.create(stores.reports) as ReportStore;
    reports.putVersion = async (record) => {
      const { purge } = await withdrawVersion(deps, { reportId: "reuse-c", version: 1, reason: "个人信息", purge: true, actor: "admin:t" });
      expect([...purge!.deleted].sort()).toEqual(["ofd", "pdf", "source"]);
      return stores.reports.putVersion(record);
    };
    const before = conversions;
    await regenerate({ ...deps, reports }, { reportId: "reuse-c", actor: "admin:t", trigger: "regenerate" });
    expect(conversions).toBe(before + 1); // made only to be put back
    expect((await stores.reports.getVersion("reuse-c", 2))!.ofd).toEqual(v1.ofd);
    expect(await ofdFetched("reuse-c", 2)).toBe(v1.ofd!.sha256);
  });
});
