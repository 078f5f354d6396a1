/** The local service keeps everything across a restart on the same data folder. */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { example } from "../helpers/examples.js";
import { startTestService } from "../helpers/service.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-restart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const sha256 = (bytes: ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest("hex");

describe("a restart", () => {
  it("keeps tokens, reports, versions, documents and the download links already handed out", async () => {
    const first = await startTestService({ dataDir });
    const token = await first.token("portal", ["*"]);
    expect((await first.call("PUT", "/reports/restart-raohe", { token, body: example("raohe2019") })).status).toBe(201);
    const changed = example("raohe2019");
    changed.otherMatters = ["无"];
    expect((await first.call("PUT", "/reports/restart-raohe", { token, body: changed })).status).toBe(201);
    const before = await (await first.call("GET", "/reports/restart-raohe/versions", { token })).json();
    // a citizen's download link, issued before the restart and followed after it
    const issued = (await first.call("GET", "/d/restart-raohe")).headers.get("location")!;
    await first.close();

    const second = await startTestService({ dataDir });
    try {
      const after = await (await second.call("GET", "/reports/restart-raohe/versions", { token })).json();
      expect(after.items.map((v: { version: number; pdf: { sha256: string } }) => [v.version, v.pdf.sha256])).toEqual(
        before.items.map((v: { version: number; pdf: { sha256: string } }) => [v.version, v.pdf.sha256]),
      );
      const download = await second.call("GET", "/d/restart-raohe/1");
      expect(download.status).toBe(302);
      expect(sha256(await (await fetch(download.headers.get("location")!)).arrayBuffer())).toBe(before.items[1].pdf.sha256);
      const late = await fetch(issued);
      expect(late.status).toBe(200);
      expect(sha256(await late.arrayBuffer())).toBe(before.items[0].pdf.sha256);
      // the same report again is still recognised as unchanged
      expect((await second.call("PUT", "/reports/restart-raohe", { token, body: changed })).status).toBe(200);
    } finally {
      await second.close();
    }
  }, 60_000);
});
