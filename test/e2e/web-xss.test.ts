/**
 * Report text full of markup shows as text on every page of the console and on the report page, in
 * a real browser: no script runs, no element is made from it, and the characters are all there.
 */
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeBrowser, launchBrowser, screenshots } from "../helpers/browser.js";
import { example } from "../helpers/examples.js";
import { startTestService, type TestService } from "../helpers/service.js";

const SCRIPT = "<script>window.__xss=1</script>";
const IMAGE = '<img src=x onerror="window.__xss=2">';
const ESCAPE = '"><svg onload="window.__xss=3">';

let service: TestService;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  service = await startTestService();
  const admin = await service.token("admin", ["*"]);
  const report = example("yunxi2021");
  report.agency.name = `${SCRIPT}云溪县人民政府`;
  report.title = `${ESCAPE}云溪县人民政府2024年政府信息公开工作年度报告`;
  report.overview.paragraphs[0] = `${IMAGE}${report.overview.paragraphs[0]}`;
  report.overview.subsections[0].heading = `（一）${ESCAPE}主动公开`;
  expect((await service.call("PUT", "/reports/xss-county-2024", { token: admin, body: report })).status).toBe(201);
  report.overview.paragraphs[0] = `${SCRIPT}${IMAGE}第二稿`;
  expect((await service.call("PUT", "/reports/xss-county-2024", { token: admin, body: report })).status).toBe(201);
  expect((await service.call("POST", "/reports/xss-county-2024/versions/2/withdraw", { token: admin, body: { reason: `${IMAGE}${SCRIPT}` } })).status).toBe(200);
  expect((await service.call("POST", "/tokens", { token: admin, body: { role: "portal", scopes: ["xss-*"], label: `${SCRIPT}门户` } })).status).toBe(201);
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${service.url}/console/login`);
  await page.type("#token", admin);
  await Promise.all([page.waitForNavigation(), page.click("form[action='/console/login'] button")]);
}, 120_000);

afterAll(async () => {
  if (browser) await closeBrowser(browser);
  await service?.close();
});

describe("report text full of markup", () => {
  const pages: [string, string, string[]][] = [
    ["reports list", "/console/reports", [SCRIPT, ESCAPE]],
    ["report", "/console/reports/xss-county-2024", [ESCAPE, `${IMAGE}${SCRIPT}`]],
    ["editor", "/console/editor?from=xss-county-2024", [ESCAPE]],
    ["compare", "/console/reports/xss-county-2024/compare?a=1&b=2", [`${SCRIPT}${IMAGE}第二稿`, IMAGE]],
    ["tokens", "/console/tokens", [`${SCRIPT}门户`]],
    ["audit", "/console/audit", [SCRIPT]],
    ["report page", "/r/xss-county-2024", [SCRIPT, ESCAPE, IMAGE, `${IMAGE}${SCRIPT}`]],
    ["withdrawn download", "/d/xss-county-2024/2", [`${IMAGE}${SCRIPT}`]],
  ];
  for (const [name, path, shown] of pages) {
    it(`shows as text on the ${name}`, async () => {
      await page.goto(`${service.url}${path}`);
      await new Promise((resolve) => setTimeout(resolve, 300)); // time for a script that should not run
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.$$("main img, main svg, main script")).toHaveLength(0);
      const textAndValues = await page.evaluate(
        () => document.body.innerText + Array.from(document.querySelectorAll("input, textarea")).map((field) => (field as HTMLInputElement).value).join("\n"),
      );
      for (const text of shown) expect(textAndValues, text).toContain(text);
      await screenshots(page, `xss-${name.replace(/ /g, "-")}`);
    });
  }
});
