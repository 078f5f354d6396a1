/**
 * `npx cdk synth` as a deployer runs it, with no AWS credentials and the network pointed nowhere,
 * then the synthesized bundles themselves: their sizes against Lambda's limit, and a smoke test that
 * imports the authorizer, publish and download handlers from the cloud assembly and invokes them with
 * API Gateway v2 events against the embedded emulators (the closest thing to Lambda here).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumBinDir } from "../../infra/constructs/functions.js";
import { compactFonts } from "../../functions/render/fonts.js";
import { example } from "../helpers/examples.js";
import { drawnFonts } from "../helpers/pdf.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";
import { createToken } from "../../functions/service/tokens.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const LAMBDA_UNZIPPED_LIMIT = 250 * 1024 * 1024;
const outdir = mkdtempSync(join(tmpdir(), "nianbao-synth-"));
let synth: ReturnType<typeof spawnSync>;
let template: { Resources: Record<string, { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }> };

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirSize(path) : statSync(path).size;
  }
  return total;
}

beforeAll(() => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_")) delete env[key];
  Object.assign(env, {
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_CONFIG_FILE: "/nonexistent",
    HTTP_PROXY: "http://127.0.0.1:9",
    HTTPS_PROXY: "http://127.0.0.1:9",
    npm_config_offline: "true",
    CDK_DISABLE_VERSION_CHECK: "true",
  });
  synth = spawnSync(join(ROOT, "node_modules/.bin/cdk"), ["synth", "-o", outdir, "--quiet", "--no-notices", "--no-version-reporting"], { cwd: ROOT, env, encoding: "utf8", timeout: 240_000 });
  template = JSON.parse(readFileSync(join(outdir, "Nianbao.template.json"), "utf8"));
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const functions = () => Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::Lambda::Function" && r.Properties.Description);
const assetOf = (description: string) => {
  const [, fn] = functions().find(([, r]) => String(r.Properties.Description).startsWith(description))!;
  return join(outdir, fn.Metadata!["aws:asset:path"]!);
};

describe("cdk synth", () => {
  it("succeeds with no credentials and no network, cdk-nag included", () => {
    expect(synth.status, `${synth.stdout}\n${synth.stderr}`).toBe(0);
    expect(String(synth.stderr)).not.toMatch(/^ERROR/m);
  });

  it("keeps every function with its layers under Lambda's 250 MB unzipped, and Chromium out of the light ones", () => {
    const layers = new Map(
      Object.entries(template.Resources)
        .filter(([, r]) => r.Type === "AWS::Lambda::LayerVersion")
        .map(([id, r]) => [id, dirSize(join(outdir, r.Metadata!["aws:asset:path"]!))]),
    );
    const sizes = functions().map(([id, fn]) => {
      const own = dirSize(join(outdir, fn.Metadata!["aws:asset:path"]!));
      const withLayers = own + ((fn.Properties.Layers as { Ref: string }[] | undefined) ?? []).reduce((s, l) => s + layers.get(l.Ref)!, 0);
      return { id, own, withLayers, heavy: fn.Properties.Layers !== undefined };
    });
    expect(sizes).toHaveLength(9);
    for (const size of sizes) expect(size.withLayers, size.id).toBeLessThan(LAMBDA_UNZIPPED_LIMIT);
    for (const size of sizes.filter((s) => !s.heavy)) expect(size.own, size.id).toBeLessThan(5 * 1024 * 1024);
    const largest = Math.max(...sizes.map((s) => s.withLayers));
    console.log(`largest function with layers: ${(largest / 1024 / 1024).toFixed(1)} MiB`);
    expect(readFileSync(join(assetOf("GET /d/"), "index.mjs"), "utf8")).not.toMatch(/puppeteer|sparticuz/i);
    expect(readFileSync(join(assetOf("PUT /reports"), "index.mjs"), "utf8")).toMatch(/puppeteer/);
  });
});

describe("the synthesized handlers, invoked locally", () => {
  let stores: TestStores;
  beforeAll(async () => {
    stores = await startTestStores();
    const c = stores.emulators.config;
    Object.assign(process.env, {
      NIANBAO_BUCKET: c.bucket,
      NIANBAO_TABLE: c.table,
      NIANBAO_S3_ENDPOINT: c.s3Endpoint,
      NIANBAO_DYNAMODB_ENDPOINT: c.dynamoEndpoint,
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: "us-east-1",
      // where the Lambda layer would put @sparticuz/chromium's files (/opt)
      NIANBAO_CHROMIUM_BIN_DIR: chromiumBinDir(),
      POWERTOOLS_TRACE_ENABLED: "false",
      POWERTOOLS_METRICS_DISABLED: "true",
      POWERTOOLS_LOG_LEVEL: "WARN",
    });
  });
  afterAll(() => stores?.close());

  function event(method: string, path: string, options: { body?: string; authorizer?: Record<string, string>; headers?: Record<string, string> } = {}) {
    return {
      version: "2.0",
      routeKey: `${method} ${path}`,
      rawPath: path,
      rawQueryString: "",
      headers: { host: "api.example", "content-type": "application/json", ...(options.headers ?? {}) },
      requestContext: {
        accountId: "123456789012",
        apiId: "api",
        domainName: "api.example",
        domainPrefix: "api",
        http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.1", userAgent: "smoke" },
        requestId: "r",
        routeKey: `${method} ${path}`,
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        ...(options.authorizer ? { authorizer: { lambda: options.authorizer } } : {}),
      },
      ...(options.body ? { body: Buffer.from(options.body).toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
    };
  }

  it("authorizer → publish stores a PDF → download redirects to it", async () => {
    const { token } = await createToken(stores.tokens, { role: "portal", scopes: ["smoke-*"] });
    const authorizer = await import(pathToFileURL(join(assetOf("API token authorizer"), "index.mjs")).href);
    const verdict = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer ${token}` }, identitySource: [`Bearer ${token}`] }, {});
    expect(verdict).toMatchObject({ isAuthorized: true, context: { authenticated: "true", role: "portal", scopes: "smoke-*" } });
    const unknown = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer nb_${"x".repeat(43)}` } }, {});
    expect(unknown.context.authenticated).toBe("false");

    process.env.NIANBAO_FUNCTION = "publish";
    const publish = await import(pathToFileURL(join(assetOf("PUT /reports"), "index.mjs")).href);
    const started = performance.now();
    const published = await publish.handler(event("PUT", "/reports/smoke-yunxi", { body: JSON.stringify(example("yunxi2021")), authorizer: verdict.context }), {});
    const coldMs = performance.now() - started;
    expect(published.statusCode, published.body).toBe(201);
    const version = JSON.parse(published.body);
    expect(version).toMatchObject({ reportId: "smoke-yunxi", version: 1, pdf: { pages: expect.any(Number) } });
    const stored = (await stores.reports.latestVersion("smoke-yunxi"))!;
    expect(stored.pdf.sha256).toBe(version.pdf.sha256);
    const denied = await publish.handler(event("PUT", "/reports/smoke-yunxi", { body: "{}", authorizer: { authenticated: "false" } }), {});
    expect(denied.statusCode).toBe(401);
    console.log(`synthesized publish handler, cold invocation: ${Math.round(coldMs)} ms`);

    process.env.NIANBAO_FUNCTION = "download";
    const download = await import(pathToFileURL(join(assetOf("GET /d/"), "index.mjs")).href);
    const redirect = await download.handler(event("GET", "/d/smoke-yunxi"), {});
    expect(redirect.statusCode).toBe(302);
    const pdf = await fetch(redirect.headers.location ?? redirect.headers.Location);
    expect(pdf.status).toBe(200);
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    expect(createHash("sha256").update(pdfBytes).digest("hex")).toBe(stored.pdf.sha256);
    // the bundle carries the compact fonts (templates/fonts/): one font per role, nothing else
    const fontNames = (await drawnFonts(pdfBytes)).map((f) => f.name).sort();
    expect(fontNames).toEqual(Object.values(compactFonts().faces).map((f) => f.postscriptName).sort());
    expect((await download.handler(event("GET", "/d/smoke-none"), {})).statusCode).toBe(404);
  }, 120_000);
});
