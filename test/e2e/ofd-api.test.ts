/**
 * The OFD edition through the API: stored with each version by publish and regeneration, named in
 * the version's metadata, served by GET /reports/{id}/versions/{n}/ofd and GET /d/{id}.ofd.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ofdEdition } from "../../functions/ofd/edition.js";
import { OfdConversionError } from "../../functions/ofd/errors.js";
import { readOfdPackage } from "../../functions/ofd/verify/package.js";
import { findOrphans } from "../../functions/service/orphans.js";
import { ofdKey } from "../../functions/store/keys.js";
import { example } from "../helpers/examples.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";

let service: TestService;
let plain: TestService;
let faulty: TestService;
let admin: string;
let portal: string;
const sha256 = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

beforeAll(async () => {
  service = await startTestService({ ofd: ofdEdition("ofd") });
  admin = await service.token("admin", ["*"]);
  portal = await service.token("portal", ["ofd-*"]);
});
afterAll(async () => {
  await service?.close();
  await plain?.close();
  await faulty?.close();
});

describe("the OFD edition of a version", () => {
  it("is stored by publish beside the PDF, and the version's metadata names it with a signed link", async () => {
    const published = await service.call("PUT", "/reports/ofd-yunxi", { token: portal, body: example("yunxi2021") });
    expect(published.status).toBe(201);
    const version = await published.json();
    expect(version.ofd).toMatchObject({ edition: "ofd/1", sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: expect.stringMatching(/^http/) });
    const object = await fetch(version.ofd.url);
    expect(object.status).toBe(200);
    const bytes = await object.arrayBuffer();
    expect(sha256(bytes)).toBe(version.ofd.sha256);
    expect(bytes.byteLength).toBe(version.ofd.bytes);
    expect(object.headers.get("content-type")).toBe("application/ofd");
    expect(object.headers.get("content-disposition")).toContain(`filename="ofd-yunxi.ofd"`);
    const view = readOfdPackage(new Uint8Array(bytes));
    expect(view.pages).toHaveLength(version.pdf.pages);
  });

  it("keeps concurrent publishes gap-free and idempotent, with every version's OFD stored", async () => {
    const variant = (n: number) => {
      const report = example("yunxi2021");
      report.problems = [...report.problems, `第${n}次更正。`];
      return report;
    };
    const different = await Promise.all(Array.from({ length: 5 }, (_, i) => service.call("PUT", "/reports/ofd-concurrent", { token: portal, body: variant(i) })));
    expect(different.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const versions = await Promise.all(different.map((r) => r.json()));
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    for (const v of versions) expect(sha256(await (await fetch(v.ofd.url)).arrayBuffer())).toBe(v.ofd.sha256);

    const same = await Promise.all(Array.from({ length: 4 }, () => service.call("PUT", "/reports/ofd-concurrent", { token: portal, body: variant(99) })));
    expect(same.filter((r) => r.status === 201)).toHaveLength(1);
    const sameVersions = await Promise.all(same.map((r) => r.json()));
    expect(new Set(sameVersions.map((v) => v.version))).toEqual(new Set([6]));
  });

  it("GET /reports/{id}/versions/{n}/ofd redirects portal and admin callers to it; 404 for a missing version", async () => {
    for (const token of [portal, admin]) {
      const response = await service.call("GET", "/reports/ofd-yunxi/versions/1/ofd", { token });
      expect(response.status).toBe(302);
      const bytes = await (await fetch(response.headers.get("location")!)).arrayBuffer();
      expect(new Uint8Array(bytes).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b])); // a zip
    }
    expect((await service.call("GET", "/reports/ofd-yunxi/versions/9/ofd", { token: portal })).status).toBe(404);
    expect((await service.call("GET", "/reports/ofd-yunxi/versions/x/ofd", { token: portal })).status).toBe(400);
    expect((await service.call("GET", "/reports/ofd-yunxi/versions/1/ofd")).status).toBe(401);
  });

  it("GET /d/{id}.ofd sends anyone to the latest version's OFD, and /d/{id} still to the PDF", async () => {
    const ofd = await service.call("GET", "/d/ofd-yunxi.ofd");
    expect(ofd.status).toBe(302);
    expect(ofd.headers.get("location")).toMatch(/\/ofd\/[0-9a-f]{64}\.ofd/);
    const pdf = await service.call("GET", "/d/ofd-yunxi");
    expect(pdf.status).toBe(302);
    expect(pdf.headers.get("location")).toMatch(/\/pdf\/[0-9a-f]{64}\.pdf/);
    expect((await service.call("GET", "/d/no-such-report.ofd")).status).toBe(404);
    expect((await service.call("GET", "/d/bad.id.ofd")).status).toBe(404);
  });

  it("is made again by regeneration, for the new version", async () => {
    const response = await service.call("POST", "/reports/ofd-yunxi/regenerate", { token: admin });
    expect(response.status).toBe(201);
    const version = await response.json();
    expect(version.version).toBe(2);
    expect(version.ofd.edition).toBe("ofd/1");
  });

  it("is no orphan: cleaning orphans leaves it alone", async () => {
    const orphans = await findOrphans(service.deps, { reportId: "ofd-yunxi", olderThanMs: 0 });
    expect(orphans).toEqual([]);
  });
});

describe("the OFD edition of a withdrawn version", () => {
  const variant = (n: number) => ({ ...example("raohe2019"), otherMatters: [`（一）第${n}稿。`] });
  const withdraw = (n: number, body: unknown) => service.call("POST", `/reports/ofd-withdrawn/versions/${n}/withdraw`, { token: admin, body });

  it("has no link, answers 410, and is deleted by purge; /d/{id}.ofd falls back to the latest version that stands", async () => {
    const first = await (await service.call("PUT", "/reports/ofd-withdrawn", { token: portal, body: variant(1) })).json();
    const second = await (await service.call("PUT", "/reports/ofd-withdrawn", { token: portal, body: variant(2) })).json();
    expect(second.ofd.sha256).not.toBe(first.ofd.sha256);
    const key = ofdKey("ofd-withdrawn", second.ofd.sha256);
    expect(await service.stores.documents.get(key)).toBeDefined();

    const purged = await withdraw(2, { reason: "第二版的数字有误", purge: true });
    expect(purged.status).toBe(200);
    const body = await purged.json();
    expect(body.purge.deleted).toContain("ofd");
    expect(body.ofd).toMatchObject({ sha256: second.ofd.sha256, bytes: second.ofd.bytes }); // metadata stays
    expect(body.ofd.url).toBeUndefined();
    expect(await service.stores.documents.get(key)).toBeUndefined();
    const gone = await service.call("GET", "/reports/ofd-withdrawn/versions/2/ofd", { token: portal });
    expect(gone.status).toBe(410);
    expect((await errorOf(gone)).error.code).toBe("purged");

    const fallback = await service.call("GET", "/d/ofd-withdrawn.ofd");
    expect(fallback.status).toBe(302);
    expect(sha256(await (await fetch(fallback.headers.get("location")!)).arrayBuffer())).toBe(first.ofd.sha256);

    expect((await withdraw(1, { reason: "整份报告撤回" })).status).toBe(200);
    const withdrawn = await service.call("GET", "/reports/ofd-withdrawn/versions/1/ofd", { token: portal });
    expect(withdrawn.status).toBe(410);
    expect((await errorOf(withdrawn)).error.code).toBe("withdrawn");
    expect(await service.stores.documents.get(ofdKey("ofd-withdrawn", first.ofd.sha256))).toBeDefined(); // withdrawn, not purged
    const none = await service.call("GET", "/d/ofd-withdrawn.ofd");
    expect(none.status).toBe(410);
    expect((await errorOf(none)).error.code).toBe("all_withdrawn");
  });
});

describe("a version made without an OFD edition", () => {
  it("has no ofd in its metadata and answers 404 with a reason", async () => {
    plain = await startTestService({ ofd: null });
    const token = await plain.token("portal", ["*"]);
    const first = await (await plain.call("PUT", "/reports/ofd-plain", { token, body: example("raohe2019") })).json();
    expect(first.ofd).toBeUndefined();
    const missing = await plain.call("GET", "/reports/ofd-plain/versions/1/ofd", { token });
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).error.code).toBe("no_ofd");
    expect((await plain.call("GET", "/d/ofd-plain.ofd")).status).toBe(404);
  });
});

describe("a publish whose OFD cannot be made", () => {
  it("answers 500 ofd_conversion_failed and commits no version: the previous one stays the latest", async () => {
    // an injected fault: Chromium's PDFs of valid reports always convert
    const real = ofdEdition("ofd");
    let fail = false;
    faulty = await startTestService({
      ofd: { edition: real.edition, make: (...args) => (fail ? Promise.reject(new OfdConversionError("unsupported-content", "page 2: an image")) : real.make(...args)) },
    });
    const token = await faulty.token("portal", ["*"]);
    const first = await faulty.call("PUT", "/reports/ofd-faulty", { token, body: example("yunxi2021") });
    expect(first.status).toBe(201);
    fail = true;
    const changed = { ...example("yunxi2021"), problems: ["另一个问题。"] };
    const failed = await faulty.call("PUT", "/reports/ofd-faulty", { token, body: changed });
    expect(failed.status).toBe(500);
    const error = (await errorOf(failed)).error;
    expect(error.code).toBe("ofd_conversion_failed");
    expect(error.message).toContain("page 2: an image");
    expect((await faulty.call("GET", "/reports/ofd-faulty/versions/2", { token })).status).toBe(404);
    const latest = await faulty.call("GET", "/d/ofd-faulty.ofd");
    expect(latest.status).toBe(302);
    expect((await (await fetch(latest.headers.get("location")!)).arrayBuffer()).byteLength).toBe((await first.json()).ofd.bytes);
  });
});
