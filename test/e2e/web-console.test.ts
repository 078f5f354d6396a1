/**
 * The console and the citizens' page in a real browser (the project's own Chromium): the journeys
 * an admin makes, once with the mouse and once by keyboard only — sign in, find a report, break
 * table 三's balance in the editor and see rule A1 at the cell, fix it, preview, publish, compare;
 * withdraw and see /r and /d follow; issue and revoke a token; run a bulk regeneration to 100 %;
 * sign out. Every page is checked with axe-core and photographed at desktop and 360 px widths into
 * test-artifacts/web/ (gitignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS_DIR, closeBrowser, DESKTOP, launchBrowser, screenshots } from "../helpers/browser.js";
import { example } from "../helpers/examples.js";
import { startTestService, type TestService } from "../helpers/service.js";
import { activate, axeViolations, fill, type AxeFinding, type Mode } from "../helpers/web-pages.js";

let service: TestService;
let browser: Browser;
let admin: string;
const axeResults: Record<string, AxeFinding[]> = {};

beforeAll(async () => {
  service = await startTestService();
  admin = await service.token("admin", ["*"]);
  const report = example("yunxi2021");
  const publishes = ["mouse", "keyboard"].flatMap((mode) => [`${mode}-yunxi-2024`, `${mode}-bulk-1`, `${mode}-bulk-2`, `${mode}-bulk-3`]);
  for (const reportId of publishes) expect((await service.call("PUT", `/reports/${reportId}`, { token: admin, body: report })).status).toBe(201);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(join(ARTIFACTS_DIR, "axe.json"), JSON.stringify(axeResults, null, 2));
  if (browser) await closeBrowser(browser);
  await service?.close();
});

/** axe-core on the page (no serious or critical violation), and its screenshots. */
async function check(page: Page, name: string, mode: Mode): Promise<void> {
  if (mode !== "mouse") return;
  const violations = await axeViolations(page);
  axeResults[name] = violations;
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical"), name).toEqual([]);
  await screenshots(page, name);
}

const text = (page: Page) => page.evaluate(() => document.body.innerText);

async function newPage(): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(DESKTOP);
  page.on("dialog", (dialog) => void dialog.accept());
  return page;
}

for (const mode of ["mouse", "keyboard"] as const) {
  describe(`console journeys (${mode === "mouse" ? "mouse" : "keyboard only"})`, () => {
    const reportId = `${mode}-yunxi-2024`;
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
    });
    afterAll(() => page?.browserContext().close());

    it("signs in with a token and finds a report by the filters", async () => {
      await page.goto(`${service.url}/console`);
      expect(page.url()).toContain("/console/login");
      await check(page, "sign-in", mode);
      await fill(page, mode, "#token", admin);
      await activate(page, mode, "form[action='/console/login'] button");
      expect(page.url()).toMatch(/\/console\/reports$/);
      expect(await page.evaluate(() => document.cookie)).toBe(""); // the session cookie is HttpOnly; nothing else is kept
      await check(page, "reports", mode);
      await fill(page, mode, "#f-prefix", `${mode}-yunxi`);
      await activate(page, mode, "form.filters button.primary");
      const rows = await page.$$eval("table.data tbody tr", (trs) => trs.map((tr) => tr.textContent ?? ""));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(reportId);
      await activate(page, mode, `a[href='/console/reports/${reportId}']`);
      expect(await text(page)).toContain("第 1 版");
      await check(page, "report", mode);
    }, 60_000);

    it("edits a cell so A1 fails, shows the error at that cell, fixes it, previews, publishes and compares", async () => {
      await activate(page, mode, `a[href='/console/editor?from=${reportId}']`);
      await page.waitForFunction(() => (document.getElementById("editor") as HTMLFormElement).dataset.pending === "0", { timeout: 20_000 });
      expect(await page.$eval("#findings-summary", (p) => p.textContent)).toBe("校验通过，没有错误或警告。");
      await check(page, "editor", mode);
      const cell = (path: string) => `input[data-path='${path}']`;
      // one more application received from a natural person, counted in the row's total: the table no longer balances
      await fill(page, mode, cell("/applications/received/natural"), "214");
      await fill(page, mode, cell("/applications/received/total"), "251");
      await page.waitForFunction(() => (document.getElementById("editor") as HTMLFormElement).dataset.pending === "0", { timeout: 20_000 });
      expect(await page.$(`${cell("/applications/carriedForward/natural")}[aria-invalid='true']`)).not.toBeNull();
      const message = await page.$eval(cell("/applications/carriedForward/natural"), (input) =>
        (input.getAttribute("aria-describedby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      );
      expect(message).toContain("A1");
      expect(message).toContain("四、结转下年度继续办理应为9");
      await check(page, "editor-error", mode);
      // carried forward to next year: the application is still open
      await fill(page, mode, cell("/applications/carriedForward/natural"), "9");
      await fill(page, mode, cell("/applications/carriedForward/total"), "14");
      // valid again; the prose still says 250 and 13, which the validator notes as warnings at the paragraph
      await page.waitForFunction(() => (document.getElementById("editor") as HTMLFormElement).dataset.pending === "0" && !document.querySelector("#editor [aria-invalid='true']"), {
        timeout: 20_000,
      });
      expect(await page.$eval("#findings-summary", (p) => p.textContent)).toBe("0 个错误，2 条警告或提示。");
      expect(await page.$eval("#f_overview_subsections_1_paragraphs", (t) => t.className)).toBe("has-warning");
      const preview = await page.evaluate(async () => {
        const response = await fetch("/console/editor/preview", { method: "POST", body: new URLSearchParams(new FormData(document.getElementById("editor") as HTMLFormElement) as never) });
        return { status: response.status, type: response.headers.get("content-type"), head: new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5)) };
      });
      expect(preview).toEqual({ status: 200, type: "application/pdf", head: "%PDF-" });
      await activate(page, mode, "#editor button.primary");
      expect(page.url()).toContain(`/console/reports/${reportId}`);
      expect(await text(page)).toContain("已发布第 2 版");
      await activate(page, mode, `form[action='/console/reports/${reportId}/compare'] button`);
      const changes = await text(page);
      expect(changes).toContain("第 1 版 → 第 2 版");
      expect(changes).toContain("表三 一、本年新收政府信息公开申请数量 · 自然人：213 → 214");
      expect(changes).toContain("表三 四、结转下年度继续办理 · 自然人：8 → 9");
      expect(changes).toContain("共 4 处不同");
      await check(page, "compare", mode);
    }, 120_000);

    it("withdraws a version with a reason; /r and /d follow", async () => {
      await page.goto(`${service.url}/console/reports/${reportId}`);
      const reason = `${mode}：第二版的申请数字有误`;
      await activate(page, mode, "tbody tr:first-child details.withdraw summary", { navigates: false });
      await fill(page, mode, "#reason-2", reason);
      await activate(page, mode, `form[action='/console/reports/${reportId}/versions/2/withdraw'] button`);
      expect(await text(page)).toContain("第 2 版已撤回");
      expect(await text(page)).toContain(reason);
      const publicPage = await page.goto(`${service.url}/r/${reportId}`);
      expect(publicPage!.status()).toBe(200);
      const shown = await text(page);
      expect(shown).toContain("现行版本\n第 1 版");
      expect(shown).toMatch(/第 2 版[\s\S]*已撤回[\s\S]*第二版的申请数字有误/);
      expect(await page.$(`a[href='/d/${reportId}/2']`)).toBeNull(); // no link to what is withdrawn
      expect(await page.$(`a[href='/d/${reportId}/1']`)).not.toBeNull();
      await check(page, "citizen-page", mode);
      const gone = await page.goto(`${service.url}/d/${reportId}/2`);
      expect(gone!.status()).toBe(410);
      expect(await text(page)).toContain("第二版的申请数字有误");
      await check(page, "download-withdrawn", mode);
      const latest = await fetch(`${service.url}/d/${reportId}`, { redirect: "manual" });
      expect(latest.status).toBe(302);
      const v1 = await (await service.call("GET", `/reports/${reportId}/versions/1`, { token: admin })).json();
      expect(new URL(latest.headers.get("location")!).pathname).toBe(new URL(v1.pdf.url).pathname);
    }, 60_000);

    it("issues a portal token, revokes it, and it is refused from then on — its console sessions too", async () => {
      await page.goto(`${service.url}/console/reports`);
      await activate(page, mode, "nav a[href='/console/tokens']");
      await check(page, "tokens", mode);
      await fill(page, mode, "#t-label", `${mode} 测试门户`);
      await fill(page, mode, "#t-scopes", `${mode}-*`);
      await activate(page, mode, "form[action='/console/tokens'] button");
      const secret = await page.$eval("#secret", (input) => (input as HTMLInputElement).value);
      const tokenId = await page.$eval("dl.facts dd.mono", (dd) => dd.textContent ?? "");
      expect(secret).toMatch(/^nb_/);
      await check(page, "token-created", mode);
      expect((await service.call("GET", "/reports", { token: secret })).status).toBe(200);
      // the new token signs in elsewhere
      const other = await newPage();
      await other.goto(`${service.url}/console/login`);
      await other.type("#token", secret);
      await Promise.all([other.waitForNavigation(), other.click("form[action='/console/login'] button")]);
      expect(other.url()).toMatch(/\/console\/reports$/);
      await page.goto(`${service.url}/console/tokens`);
      await activate(page, mode, `form[action='/console/tokens/${tokenId}/revoke'] button`);
      expect(await text(page)).toContain(`令牌 ${tokenId} 已撤销`);
      expect((await service.call("GET", "/reports", { token: secret })).status).toBe(401);
      const ended = await other.reload();
      expect(ended!.status()).toBe(401);
      expect(await text(other)).toContain("已被撤销");
      await other.browserContext().close();
    }, 60_000);

    it("starts a bulk regeneration and the bar reaches 100 %", async () => {
      await page.goto(`${service.url}/console/reports`);
      await activate(page, mode, "nav a[href='/console/regenerations']");
      await check(page, "regenerations", mode);
      await fill(page, mode, "#r-prefix", `${mode}-bulk-`);
      await activate(page, mode, "form[action='/console/regenerations'] button");
      expect(page.url()).toMatch(/\/console\/regenerations\/[0-9a-f-]{36}$/);
      await page.waitForFunction(() => document.getElementById("job")?.dataset.status === "completed", { timeout: 120_000 });
      expect(await page.$eval("#job-progress", (bar) => (bar as HTMLProgressElement).value)).toBe(100);
      expect(await text(page)).toContain("共 3 份，成功 3 份，失败 0 份");
      await check(page, "regeneration-job", mode);
    }, 150_000);

    it("shows the audit trail with filters", async () => {
      await page.goto(`${service.url}/console/reports`);
      await activate(page, mode, "nav a[href='/console/audit']");
      await page.select("#a-action", "withdraw");
      await activate(page, mode, "form.filters button.primary");
      const rows = await page.$$eval("table.data tbody tr", (trs) => trs.map((tr) => tr.textContent ?? ""));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row).toContain("撤回");
      await check(page, "audit", mode);
    });

    it("signs out; the console asks for a token again", async () => {
      await activate(page, mode, ".who button");
      expect(await text(page)).toContain("已退出");
      await page.goto(`${service.url}/console/reports`);
      expect(page.url()).toContain("/console/login");
    });
  });
}
