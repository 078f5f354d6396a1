/**
 * Import through the doors users use: `nianbao import` as a child process (exit codes 0, 1, 2; the
 * JSON written even when invalid) and POST /import over real HTTP (200, 401, 413 before the body is
 * read, 415, 422), storing nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEDIA_TYPES } from "../../functions/import/index.js";
import { renderReport } from "../../functions/render/html.js";
import { normalizeReport } from "../../functions/report/index.js";
import { runCli } from "../helpers/cli.js";
import { example } from "../helpers/examples.js";
import { fillTemplate } from "../helpers/fill-docx.js";
import { errorOf, startTestService, type TestService } from "../helpers/service.js";
import { docxWith, W } from "../helpers/zip.js";

const FIXTURES = new URL("../import/fixtures/", import.meta.url);
const hongze = readFileSync(new URL("hongze-qu-2024.pdf", FIXTURES));
const template = readFileSync(new URL("official-template-2021.docx", FIXTURES));
const xxe = docxWith(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document ${W}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>`);

// each command is a cold start of the CLI (TypeScript compiled on the fly): seconds, more on a busy machine
describe("import: nianbao import", { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-import-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 for a report read and valid, writing the JSON and printing the notes", async () => {
    const pdf = join(dir, "hongze.pdf");
    writeFileSync(pdf, hongze);
    const out = join(dir, "hongze.json");
    const result = await runCli(["import", pdf, "-o", out]);
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({ edition: "2021", year: 2024, agency: { name: "淮安市洪泽区人民政府" } });
    expect(result.stdout).toMatch(/读取说明/);
    expect(result.stdout).toMatch(/有效/);
  });

  it("exits 1 for a report read but invalid, and still writes the JSON; --json prints report, notes and validation", async () => {
    const docx = join(dir, "blank.docx");
    writeFileSync(docx, template);
    const out = join(dir, "blank.json");
    const result = await runCli(["import", docx, "-o", out, "--json"]);
    expect(result.code).toBe(1);
    expect(existsSync(out)).toBe(true);
    const printed = JSON.parse(result.stdout);
    expect(printed.validation.valid).toBe(false);
    expect(printed.notes.length).toBeGreaterThan(100);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(printed.report);
  });

  it("prints the report on standard output when no -o is given", async () => {
    const html = join(dir, "yunxi.htm");
    writeFileSync(html, renderReport(normalizeReport(example("yunxi2021")), { templateVersion: "test" }).html);
    const result = await runCli(["import", html]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).agency.name).toBe("云溪县人民政府");
  });

  it("exits 2 for what it cannot read: unsupported, missing, hostile, a scan, no report", async () => {
    const cases: [string, Uint8Array | string, RegExp][] = [
      ["notes.txt", "一、总体情况", /只能导入/],
      ["xxe.docx", xxe, /DOCTYPE/],
      ["circular.html", "<html><body><p>关于报送材料的通知</p></body></html>", /没有找到/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const result = await runCli(["import", file, "-o", join(dir, `${name}.json`)]);
      expect(result.code, name).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(existsSync(join(dir, `${name}.json`))).toBe(false);
    }
    expect((await runCli(["import", join(dir, "missing.pdf")])).code).toBe(2);
    expect((await runCli(["import"])).code).toBe(2);
  });
});

describe("import: POST /import", () => {
  let service: TestService;
  let token: string;
  beforeAll(async () => {
    service = await startTestService();
    token = await service.token("portal", ["*"]);
  });
  afterAll(async () => {
    await service.close();
  });

  const post = (body: Uint8Array | string, contentType: string | undefined, headers: Record<string, string> = {}) =>
    fetch(`${service.url}/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, ...(contentType ? { "content-type": contentType } : {}), ...headers },
      body: body as BodyInit,
    });

  it("answers 200 with the report, notes and validation for each format, storing nothing", async () => {
    const yunxi = normalizeReport(example("yunxi2021"));
    for (const [type, body] of [
      [MEDIA_TYPES.pdf, new Uint8Array(hongze)],
      [MEDIA_TYPES.docx, await fillTemplate(yunxi)],
      [`${MEDIA_TYPES.html}; charset=utf-8`, renderReport(yunxi, { templateVersion: "test" }).html],
    ] as const) {
      const response = await post(body, type);
      expect(response.status, type).toBe(200);
      const result = await response.json();
      expect(Object.keys(result).sort()).toEqual(["notes", "report", "validation"]);
      expect(result.validation.valid).toBe(true);
      for (const note of result.notes) expect(note).toEqual({ path: expect.any(String), message: expect.any(String), confidence: expect.any(Number) });
    }
    const listed = await service.call("GET", "/reports/huaian-hongze", { token });
    expect(listed.status).toBe(404);
  });

  it("answers 415 for other types, 422 for what holds no report or cannot be read", async () => {
    const wrongType = await post("{}", "application/json");
    expect(wrongType.status).toBe(415);
    expect((await errorOf(wrongType)).error.code).toBe("unsupported_media_type");
    expect((await post("x", undefined)).status).toBe(415);
    const circular = await post("<html><body><p>关于报送材料的通知</p></body></html>", "text/html");
    expect(circular.status).toBe(422);
    expect((await errorOf(circular)).error.code).toBe("no_report_found");
    const bomb = await post(xxe, MEDIA_TYPES.docx);
    expect(bomb.status).toBe(422);
    expect((await errorOf(bomb)).error.code).toBe("document_too_complex");
    const notPdf = await post("hello", MEDIA_TYPES.pdf);
    expect(notPdf.status).toBe(422);
  });

  it("answers 413 past 5 MiB — a body of 5 MiB and a byte — while 5 MiB of HTML is still read", async () => {
    const over = new Uint8Array(5 * 1024 * 1024 + 1).fill(0x20);
    const tooLarge = await post(over, "text/html");
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).error.code).toBe("payload_too_large");
    // the API's 1 MiB JSON limit does not apply to this route
    const page = renderReport(normalizeReport(example("yunxi2021")), { templateVersion: "test" }).html;
    const padded = page.replace("</body>", `<!--${" ".repeat(5 * 1024 * 1024 - new TextEncoder().encode(page).byteLength - 40)}--></body>`);
    const large = await post(padded, "text/html");
    expect(new TextEncoder().encode(padded).byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(large.status).toBe(200);
  });

  it("asks for a token", async () => {
    const response = await fetch(`${service.url}/import`, { method: "POST", headers: { "content-type": "text/html" }, body: "<p>x</p>" });
    expect(response.status).toBe(401);
  });
});
