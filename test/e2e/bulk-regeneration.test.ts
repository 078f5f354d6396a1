/**
 * Bulk regeneration through the local HTTP API: 200 stored reports, the API answering throughout,
 * and failures of some reports recorded without stopping the rest.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import type { PdfRenderer } from "../../functions/service/ports.js";
import { recordDeadLetter } from "../../functions/service/dead-letters.js";
import { publish } from "../../functions/service/use-cases.js";
import { example } from "../helpers/examples.js";
import { startTestService, type TestService } from "../helpers/service.js";

function reportFor(i: number, agency = `云溪县第${i}乡人民政府`) {
  const report = example("yunxi2021");
  report.agency = { name: agency, level: "township" };
  return report;
}

async function waitForJob(service: TestService, token: string, jobId: string, onPoll?: () => Promise<void>) {
  for (;;) {
    const status = await (await service.call("GET", `/regenerations/${jobId}`, { token })).json();
    if (status.status === "completed") return status;
    await onPoll?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("bulk regeneration of 200 reports", () => {
  let service: TestService;
  let admin: string;
  beforeAll(async () => {
    service = await startTestService();
    admin = await service.token("admin", ["bulk-*"]);
    for (let i = 0; i < 200; i++) {
      await publish(service.deps, { reportId: `bulk-${String(i).padStart(3, "0")}`, report: reportFor(i), actor: "test:seed" });
    }
    // a report outside the admin's scope, which the job must leave alone
    await publish(service.deps, { reportId: "elsewhere-1", report: reportFor(999), actor: "test:seed" });
  }, 180_000);
  afterAll(() => service?.close());

  it("regenerates every matching report once, with correct counts, while the API keeps answering", async () => {
    // forced: the template has not changed since these were published
    const started = await service.call("POST", "/regenerations", { token: admin, body: { year: 2024, force: true } });
    expect(started.status).toBe(202);
    const { jobId } = await started.json();
    const answers: { status: number; ms: number; during: string }[] = [];
    const final = await waitForJob(service, admin, jobId, async () => {
      const job = await (await service.call("GET", `/regenerations/${jobId}`, { token: admin })).json();
      for (const path of ["/health", "/d/bulk-007", "/reports/bulk-150/versions?limit=1"]) {
        const t = performance.now();
        const response = await service.call("GET", path, { token: admin });
        answers.push({ status: response.status, ms: performance.now() - t, during: job.status });
      }
    });
    expect(final).toMatchObject({ status: "completed", total: 200, succeeded: 200, failed: 0, failures: [] });
    expect(answers.filter((a) => a.during === "running").length).toBeGreaterThan(10);
    expect(answers.every((a) => a.status === 200 || a.status === 302)).toBe(true);
    // every report got exactly one new version, marked bulk; the one out of scope got none
    for (const id of ["bulk-000", "bulk-099", "bulk-199"]) {
      const page = await (await service.call("GET", `/reports/${id}/versions`, { token: admin })).json();
      expect(page.items.map((v: { version: number; trigger: string }) => [v.version, v.trigger])).toEqual([[2, "bulk"], [1, "publish"]]);
    }
    expect((await service.deps.reports.latestVersion("elsewhere-1"))!.version).toBe(1);
  }, 300_000);
});

describe("a bulk regeneration where some reports fail", () => {
  let service: TestService;
  let renderer: ReportRenderer;
  let admin: string;
  beforeAll(async () => {
    renderer = new ReportRenderer();
    // A fault that cannot be produced on cue otherwise: reports of one agency fail to render.
    const flaky: PdfRenderer = {
      templateVersion: renderer.templateVersion,
      html: (report, options) => renderer.html(report, options),
      render: (report, options) =>
        report.agency.name.includes("故障") ? Promise.reject(new Error("injected renderer failure")) : renderer.render(report, options),
    };
    service = await startTestService({ renderer: flaky, queue: { concurrency: 2, maxAttempts: 3, retryDelayMs: 20 } });
    admin = await service.token("admin", ["*"]);
    for (let i = 0; i < 10; i++) {
      await publish({ ...service.deps, renderer }, { reportId: `flaky-${i}`, report: reportFor(i, i % 4 === 1 ? `故障乡${i}人民政府` : undefined), actor: "test:seed" });
    }
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await renderer?.close();
  });

  it("records each failure with its reason after the retries, and finishes the rest", async () => {
    const { jobId } = await (await service.call("POST", "/regenerations", { token: admin, body: { reportIdPrefix: "flaky-", force: true } })).json();
    const final = await waitForJob(service, admin, jobId);
    expect(final).toMatchObject({ status: "completed", total: 10, succeeded: 7, failed: 3 });
    expect(final.failures.map((f: { reportId: string }) => f.reportId).sort()).toEqual(["flaky-1", "flaky-5", "flaky-9"]);
    for (const failure of final.failures) expect(failure.reason).toBe("injected renderer failure");
    // the queue dead-letters a message once its handler's last attempt has thrown, which is after that
    // attempt recorded the job's last failure (and may have finished the job): wait for it
    await vi.waitFor(() => expect(service.queue.deadLetters.map((d) => (d.message as { reportId: string }).reportId).sort()).toEqual(["flaky-1", "flaky-5", "flaky-9"]), { timeout: 10_000 });
    expect((await service.deps.reports.latestVersion("flaky-1"))!.version).toBe(1);
    expect((await service.deps.reports.latestVersion("flaky-2"))!.version).toBe(2);
  }, 120_000);
});

/** The renderer as it is after a template release: the same pages, another template version. */
function nextTemplate(renderer: ReportRenderer): PdfRenderer {
  return { templateVersion: `${renderer.templateVersion}-next`, html: (r, o) => renderer.html(r, o), render: (r, o) => renderer.render(r, o) };
}

describe("bulk regeneration after a template release", () => {
  let service: TestService;
  let renderer: ReportRenderer;
  let admin: string;
  const ids = ["release-0", "release-1", "release-2", "release-3"];
  beforeAll(async () => {
    renderer = new ReportRenderer();
    service = await startTestService({ renderer: nextTemplate(renderer) });
    admin = await service.token("admin", ["*"]);
    for (const [i, reportId] of ids.entries()) await publish({ ...service.deps, renderer }, { reportId, report: reportFor(i), actor: "test:seed" });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await renderer?.close();
  });

  const run = async (body: Record<string, unknown>) => {
    const { jobId } = await (await service.call("POST", "/regenerations", { token: admin, body })).json();
    return waitForJob(service, admin, jobId);
  };
  const versions = () => Promise.all(ids.map(async (id) => (await service.deps.reports.latestVersion(id))!.version));

  it("re-renders the reports made with the old template, and a second run mints nothing", async () => {
    expect(await run({ reportIdPrefix: "release-" })).toMatchObject({ status: "completed", total: 4, succeeded: 4, failed: 0, unchanged: 0, force: false });
    expect(await versions()).toEqual([2, 2, 2, 2]);
    expect(await run({ reportIdPrefix: "release-" })).toMatchObject({ status: "completed", total: 4, succeeded: 4, unchanged: 4 });
    expect(await versions()).toEqual([2, 2, 2, 2]);
  }, 120_000);

  it("with force: true, re-renders them all the same", async () => {
    expect(await run({ reportIdPrefix: "release-", force: true })).toMatchObject({ status: "completed", total: 4, succeeded: 4, unchanged: 0, force: true });
    expect(await versions()).toEqual([3, 3, 3, 3]);
  }, 120_000);

  it("refuses a force that is not a boolean", async () => {
    expect((await service.call("POST", "/regenerations", { token: admin, body: { force: "yes" } })).status).toBe(400);
  });
});

describe("a bulk regeneration that stops making progress", () => {
  let service: TestService;
  let renderer: ReportRenderer;
  let admin: string;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    renderer = new ReportRenderer();
    // A fault that cannot be produced on cue otherwise: a worker that hangs on every report.
    const released = new Promise<void>((resolve) => (release = resolve));
    const hanging: PdfRenderer = { ...nextTemplate(renderer), render: (r, o) => released.then(() => renderer.render(r, o)) };
    service = await startTestService({ renderer: hanging, jobStallSeconds: 1, queue: { concurrency: 2 } });
    admin = await service.token("admin", ["*"]);
    for (let i = 0; i < 3; i++) await publish({ ...service.deps, renderer }, { reportId: `stall-${i}`, report: reportFor(i), actor: "test:seed" });
  }, 60_000);
  afterAll(async () => {
    release();
    await service?.close();
    await renderer?.close();
  });

  it("ends failed after the stall time, with every report it left listed, each counted once", async () => {
    const { jobId } = await (await service.call("POST", "/regenerations", { token: admin, body: { reportIdPrefix: "stall-" } })).json();
    let status;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await (await service.call("GET", `/regenerations/${jobId}`, { token: admin })).json();
    } while (status.status === "running" || status.status === "planning");
    expect(status).toMatchObject({ status: "failed", total: 3, succeeded: 0, failed: 3 });
    expect(status.failures.map((f: { reportId: string }) => f.reportId).sort()).toEqual(["stall-0", "stall-1", "stall-2"]);
    for (const failure of status.failures) expect(failure.reason).toBe("not regenerated: the job made no progress for 1 s");
    // ended as any job whose last report is counted: finished once, and audited
    expect(status.finishedAt).toEqual(expect.any(String));
    const audit = await (await service.call("GET", "/audit?action=bulk.finish", { token: admin })).json();
    expect(audit.items.filter((e: { target: string }) => e.target === `job:${jobId}`)).toEqual([
      expect.objectContaining({ outcome: "failure", detail: { total: 3, succeeded: 0, failed: 3 } }),
    ]);
    // a dead letter of one of its reports arriving now finds it counted (the same outcome path)
    expect(await recordDeadLetter(service.deps, { kind: "report", jobId, reportId: "stall-0" }, 3)).toBe("settled");
    // the hung work finishing late changes no count: each report has one outcome
    release();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await (await service.call("GET", `/regenerations/${jobId}`, { token: admin })).json()).toMatchObject({
      status: "failed",
      total: 3,
      succeeded: 0,
      failed: 3,
      finishedAt: status.finishedAt,
    });
  }, 60_000);
});
