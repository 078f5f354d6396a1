/**
 * `nianbao serve` as a newcomer meets it (what `npm start` runs): a real process that creates tokens,
 * publishes the examples, prints working links, and shuts down cleanly on Ctrl-C (SIGINT).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";
import { recordedBrowserProcesses, running } from "../helpers/serve.js";

const dataDir = mkdtempSync(join(tmpdir(), "nianbao-serve-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("nianbao serve", () => {
  it("starts with tokens and published examples, serves their links, and stops cleanly on SIGINT", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", dataDir, "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    const started = performance.now();
    while (!stdout.includes("就绪")) {
      if (child.exitCode !== null) throw new Error(`serve exited early: ${stdout}\n${stderr.slice(-2000)}`);
      if (performance.now() - started > 60_000) throw new Error(`serve did not start: ${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /本地服务：(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    const printed = [...stdout.matchAll(/^\s+(admin|portal)\s+(nb_\S+)\s+范围：(.+)$/gm)];
    const tokens = Object.fromEntries(printed.map((m) => [m[1], m[2]]));
    // the admin token may act on every report, the portal token only on the examples
    expect(Object.fromEntries(printed.map((m) => [m[1], m[3]]))).toEqual({ admin: "*", portal: "raohe-xiaojiahe-2023 yunxi-county-2024" });
    const links = [...stdout.matchAll(/^\s+(http:\/\/127\.0\.0\.1:\d+\/d\/[a-z0-9-]+)$/gm)].map((m) => m[1]!);
    expect(Object.keys(tokens).sort()).toEqual(["admin", "portal"]);
    expect(links.map((l) => l.split("/d/")[1])).toEqual(["raohe-xiaojiahe-2023", "yunxi-county-2024"]);
    for (const link of links) {
      const redirect = await fetch(link, { redirect: "manual" });
      expect(redirect.status).toBe(302);
      const pdf = await fetch(redirect.headers.get("location")!);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    }
    const me = await fetch(`${url}/reports/yunxi-county-2024`, { headers: { authorization: `Bearer ${tokens.portal}` } });
    expect(me.status).toBe(200);
    const elsewhere = await fetch(`${url}/reports/some-other-report`, { headers: { authorization: `Bearer ${tokens.portal}` } });
    expect(elsewhere.status).toBe(403);
    expect(existsSync(join(dataDir, "service.json"))).toBe(true);
    // the storage secret stays in installation.json, not in the running service's state
    expect(readFileSync(join(dataDir, "service.json"), "utf8")).not.toContain("secretAccessKey");
    // `token create --data` reaches the running service's database with the installation's credentials
    const created = await runCli(["token", "create", "--role", "portal", "--scope", "yunxi-*", "--data", dataDir]);
    expect(created.code).toBe(0);
    const issued = created.stdout.trim();
    expect((await fetch(`${url}/reports/yunxi-county-2024`, { headers: { authorization: `Bearer ${issued}` } })).status).toBe(200);
    expect((await fetch(`${url}/reports/raohe-xiaojiahe-2023`, { headers: { authorization: `Bearer ${issued}` } })).status).toBe(403);
    // the service's own browser, by the process ids it recorded
    const browser = recordedBrowserProcesses(dataDir);
    expect(browser.length).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(stdout).toContain("已停止");
    expect(existsSync(join(dataDir, "service.json"))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(browser.filter(running)).toEqual([]);
    // the data stays for the next start; no browser is left recorded
    expect(readdirSync(dataDir).sort()).toEqual(["browsers.json", "dynamodb", "installation.json", "queue", "s3"]);
    expect(JSON.parse(readFileSync(join(dataDir, "browsers.json"), "utf8"))).toEqual([]);
  }, 90_000);
});
