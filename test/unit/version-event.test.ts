/**
 * What a version.created event carries: the version's metadata and lasting links, never a signed
 * link (it expires long before a retried delivery arrives), for the PDF and the OFD alike.
 */
import { describe, expect, it } from "vitest";
import { versionCreated, type ServiceEvent } from "../../functions/service/events.js";
import type { VersionView } from "../../functions/service/use-cases.js";

const view: VersionView = {
  reportId: "event-yunxi",
  version: 3,
  createdAt: "2026-03-01T08:00:00.000Z",
  trigger: "bulk",
  actor: "admin:abc",
  sourceSha256: "a".repeat(64),
  templateVersion: "1.0.0+t",
  pdf: { sha256: "b".repeat(64), bytes: 1000, pages: 2, url: "http://127.0.0.1:1/pdf?X-Amz-Signature=1", expiresAt: "2026-03-01T08:10:00.000Z" },
  ofd: { sha256: "c".repeat(64), bytes: 900, edition: "ofd/1", url: "http://127.0.0.1:1/ofd?X-Amz-Signature=2", expiresAt: "2026-03-01T08:10:00.000Z" },
  warnings: [],
  links: { page: "http://x/r/event-yunxi", latest: "http://x/d/event-yunxi", version: "http://x/d/event-yunxi/3" },
};

describe("the version.created event", () => {
  it("carries the PDF's and the OFD's hashes and sizes, and no signed link of either", async () => {
    const emitted: ServiceEvent[] = [];
    await versionCreated({ events: { emit: async (event) => void emitted.push(event) } }, view);
    expect(emitted).toHaveLength(1);
    const data = emitted[0]!.data as Record<string, any>;
    expect(data.pdf).toEqual({ sha256: view.pdf.sha256, bytes: 1000, pages: 2 });
    expect(data.ofd).toEqual({ sha256: view.ofd!.sha256, bytes: 900, edition: "ofd/1" });
    expect(data.links).toEqual(view.links);
    expect(JSON.stringify(data)).not.toContain("X-Amz-Signature");
  });
});
