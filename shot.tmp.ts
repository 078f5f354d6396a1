import { startTestService } from "./test/helpers/service.js";
import { launchBrowser, closeBrowser, screenshots } from "./test/helpers/browser.js";
import r from "./examples/yunxi-county-2024.json" with { type: "json" };
const s = await startTestService();
const admin = await s.token("admin", ["*"]);
await s.call("PUT", "/reports/yunxi-county-2024", { token: admin, body: r });
const b = await launchBrowser();
const page = await b.newPage();
await page.setViewport({width:1280,height:900});
await page.goto(`${s.url}/console`);
await screenshots(page, "sign-in");
await page.type("#token", admin);
await Promise.all([page.waitForNavigation(), page.click("button.primary")]);
console.log(page.url());
for (const [n, p] of [["reports","/console/reports"],["report","/console/reports/yunxi-county-2024"],["editor","/console/editor?from=yunxi-county-2024"],["tokens","/console/tokens"],["audit","/console/audit"],["citizen","/r/yunxi-county-2024"]]) {
  await page.goto(`${s.url}${p}`); await new Promise(r=>setTimeout(r,800));
  await screenshots(page, n);
}
await closeBrowser(b);
await s.close();
