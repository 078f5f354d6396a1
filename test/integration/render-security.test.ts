/**
 * Report text can never become markup, script or a request. The prose carries the usual payloads;
 * a canary HTTP server on loopback, which every payload points at, must receive nothing, and the PDF
 * must show each payload as literal text.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { UNSAFE_ARGS } from "../../functions/render/chromium.js";
import { example } from "../helpers/examples.js";
import { pageTexts, squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

let canary: Server;
let port = 0;
const hits: string[] = [];
let renderer: ReportRenderer;

beforeAll(async () => {
  canary = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end("<h1>canary</h1>");
  });
  await new Promise<void>((resolve) => canary.listen(0, "127.0.0.1", resolve));
  port = (canary.address() as AddressInfo).port;
  renderer = new ReportRenderer();
});

afterAll(async () => {
  await renderer?.close();
  await new Promise((resolve) => canary.close(resolve));
});

function payloads(): string[] {
  const base = `http://127.0.0.1:${port}`;
  return [
    `<script>fetch("${base}/script")</script>`,
    `<img src="${base}/img">`,
    `<iframe src="file:///etc/passwd"></iframe><iframe src="${base}/iframe"></iframe>`,
    `<link rel="stylesheet" href="${base}/link.css">`,
    `<style>@import url("${base}/import.css"); body{background:url(${base}/bg.png)}</style>`,
    `<meta http-equiv="refresh" content="0;url=${base}/refresh">`,
    `<svg onload="fetch('${base}/svg')"><image href="${base}/svg-image"/></svg>`,
    `{{constructor.constructor 'return process'}} {{#each this}}{{/each}} {{> table}}`,
    `<object data="${base}/object"></object><embed src="${base}/embed"><video poster="${base}/poster"></video>`,
  ];
}

describe("report text in the renderer", () => {
  it("is printed literally and makes no request", async () => {
    const report = example("yunxi2021");
    const attacks = payloads();
    report.preamble = attacks;
    report.problems = [attacks.join("")];
    report.overview.subsections[0].heading = `<b>${attacks[0]}</b>`;
    report.agency.name = `<i>${attacks[1]!.slice(0, 60)}</i>`;
    report.title = `<title>${attacks[0]}</title>`.slice(0, 200);
    report.closing.signatory = attacks[5]!.slice(0, 200);
    const normalizedReport = normalized(report);
    const out = await renderer.render(normalizedReport, { draft: true });

    expect(hits).toEqual([]);
    const text = (await pageTexts(out.pdf)).map((p) => squeeze(p).replace(/—\d+—/g, "")).join("");
    for (const attack of attacks) expect(text).toContain(squeeze(attack));
    expect(text).not.toContain("root:x:0:0");
    expect(text).not.toContain("canary");
    // the HTML holds only escaped text: no element from the report
    expect(out.html).not.toMatch(/<(script|img|iframe|style|svg|object|embed|video)\b/i);
    expect(out.html).not.toMatch(/<[^>]*127\.0\.0\.1/);
    expect(out.html).toContain("&lt;script&gt;");
  });

  it("escapes text in the HTML even for the preview's ?format=html", () => {
    const report = example("yunxi2021");
    report.preamble = ["<script>alert(1)</script>", "{{constructor.constructor}}", "a & b \" ' `"];
    const html = renderer.html(normalized(report));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("{{constructor.constructor}}");
    expect(html).toContain("a &amp; b &quot; &#x27; &#x60;");
  });

  it("runs Chromium without the unsafe serverless flags, with JavaScript off and a fontconfig without CJK fonts", async () => {
    await renderer.render(normalized(example("raohe2019")));
    const pid = await renderer.engine.browserPid();
    expect(pid).toBeTypeOf("number");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    for (const flag of UNSAFE_ARGS) expect(cmdline).not.toContain(flag);
    expect(cmdline).toContain("--disable-background-networking");
    const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
    const fontconfigPath = environ.find((e) => e.startsWith("FONTCONFIG_PATH="))!.slice("FONTCONFIG_PATH=".length);
    const config = readFileSync(`${fontconfigPath}/fonts.conf`, "utf8");
    const dirs = [...config.matchAll(/<dir>([^<]+)<\/dir>/g)].map((m) => m[1]!);
    expect(dirs).toHaveLength(1);
    const { readdirSync } = await import("node:fs");
    const files = readdirSync(dirs[0]!, { recursive: true }).map(String).filter((f) => /\.(ttf|otf|ttc|woff2?)$/i.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/OpenSans/);
  });
});
