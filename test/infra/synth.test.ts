/**
 * `npx cdk synth` as a deployer runs it, with no AWS credentials and the network pointed nowhere,
 * then the synthesized bundles themselves: their sizes against Lambda's limit, and a smoke test that
 * imports the handlers from the cloud assembly and invokes them as Lambda would (API Gateway v2
 * events, SQS records, a schedule) against the embedded emulators — tokens in a table of their own,
 * as on AWS. It also shows Powertools at work in the bundles: every log line of an invocation carries
 * its correlation id and Lambda context, and the first invocation emits a ColdStart metric. The import
 * function reads PDFs with the pdf.js it bundles and the data shipped beside it, within what API
 * Gateway can hand a Lambda function.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SQSRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { chromiumLayerDir } from "../../infra/constructs/functions.js";
import { LAMBDA_DOCUMENT_BYTES } from "../../functions/import/limits.js";
import { compactFonts } from "../../functions/render/fonts.js";
import { example } from "../helpers/examples.js";
import { readDocx } from "../helpers/docx.js";
import { drawnFonts } from "../helpers/pdf.js";
import { unembeddedReportPdf } from "../helpers/unembedded-pdf.js";
import { normalized } from "../helpers/renderer.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";
import { createToken } from "../../functions/service/tokens.js";
import { jobStatus } from "../../functions/service/job-status.js";
import { serviceDeps } from "../../functions/service/ports.js";
import { createStores } from "../../functions/store/config.js";

/** who reads the jobs' status in these tests */
const ADMIN = { actor: "admin:t", scopes: ["*"] };
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
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("CDK_")) delete env[key];
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

const functions = () => Object.entries(template.Resources).filter(([, r]) => r.Type === "AWS::Lambda::Function");
/** The function whose logical id starts with this (e.g. "WorkerFunction"). */
const functionOf = (name: string) => functions().find(([id]) => id.startsWith(name) && /^[A-F0-9]{8}$/.test(id.slice(name.length)))![1];
/** Its asset directory: on Lambda, /var/task. */
const assetOf = (name: string) => join(outdir, functionOf(name).Metadata!["aws:asset:path"]!);
/** A function's handler, in a module instance of its own (functions share bundles, not processes). */
const handlerOf = async (name: string) => import(`${pathToFileURL(join(assetOf(name), "index.mjs")).href}?function=${name}`);

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
    expect(sizes.filter((s) => s.heavy).map((s) => s.id.replace(/[A-F0-9]{8}$/, "")).sort()).toEqual(["PreviewFunction", "PublishFunction", "RegenerateFunction", "WorkerFunction"]);
    for (const size of sizes) expect(size.withLayers, size.id).toBeLessThan(LAMBDA_UNZIPPED_LIMIT);
    // the import function carries pdf.js and its worker (about 4 MB with source maps); the others stay small
    for (const size of sizes.filter((s) => !s.heavy)) expect(size.own, size.id).toBeLessThan((size.id.startsWith("ImportFunction") ? 15 : 5) * 1024 * 1024);
    const largest = Math.max(...sizes.map((s) => s.withLayers));
    console.log(`largest function with layers: ${(largest / 1024 / 1024).toFixed(1)} MiB`);
    for (const light of ["DownloadFunction", "AuthorizerFunction", "DeadLettersFunction", "OrphanCleanupFunction", "WebFunction", "WebhookDeliveriesFunction", "ExportsFunction", "WebhooksFunction"]) {
      expect(readFileSync(join(assetOf(light), "index.mjs"), "utf8"), light).not.toMatch(/puppeteer|sparticuz/i);
    }
    expect(readFileSync(join(assetOf("PublishFunction"), "index.mjs"), "utf8")).toMatch(/puppeteer/);
    // pdf.js and the import parsers only in the import function
    expect(readFileSync(join(assetOf("DownloadFunction"), "index.mjs"), "utf8")).not.toMatch(/WorkerMessageHandler|SaxesParser/);
    expect(readFileSync(join(assetOf("ImportFunction"), "index.mjs"), "utf8")).toMatch(/WorkerMessageHandler/);
    // the console stays out of the rendering functions (its pages and script are the web function's)
    for (const heavy of ["PublishFunction", "PreviewFunction", "RegenerateFunction"]) expect(readFileSync(join(assetOf(heavy), "index.mjs"), "utf8"), heavy).not.toContain("登录控制台");
  });
});

describe("the synthesized handlers, invoked locally", () => {
  let stores: TestStores;
  let logLines: Record<string, unknown>[];
  let spies: { mockRestore(): void }[] = [];

  beforeAll(async () => {
    stores = await startTestStores({ tokenTable: "nianbao-tokens" });
    const c = stores.emulators.config;
    Object.assign(process.env, {
      NIANBAO_BUCKET: c.bucket,
      NIANBAO_TABLE: c.table,
      NIANBAO_TOKEN_TABLE: "nianbao-tokens",
      NIANBAO_S3_ENDPOINT: c.s3Endpoint,
      NIANBAO_DYNAMODB_ENDPOINT: c.dynamoEndpoint,
      NIANBAO_QUEUE_URL: "http://127.0.0.1:9/no-sqs-here",
      // the emulators admit only their installation's own signed requests
      AWS_ACCESS_KEY_ID: c.credentials!.accessKeyId,
      AWS_SECRET_ACCESS_KEY: c.credentials!.secretAccessKey,
      AWS_REGION: "us-east-1",
      // where the Lambda layer would put @sparticuz/chromium's files (/opt)
      NIANBAO_CHROMIUM_BIN_DIR: chromiumLayerDir(),
      POWERTOOLS_TRACE_ENABLED: "false",
      POWERTOOLS_METRICS_DISABLED: "false",
      POWERTOOLS_LOG_LEVEL: "INFO",
      // what Lambda sets in an on-demand execution environment (Powertools reads it for cold starts)
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    });
    // Powertools writes log lines and metrics (EMF) to stdout and stderr, as on Lambda: collect them.
    logLines = [];
    const collect = (chunk: string | Uint8Array) => {
      for (const line of String(chunk).split("\n")) {
        if (!line.startsWith("{")) continue;
        try {
          logLines.push(JSON.parse(line));
        } catch {
          // not a log line
        }
      }
      return true;
    };
    spies = [vi.spyOn(process.stdout, "write").mockImplementation(collect), vi.spyOn(process.stderr, "write").mockImplementation(collect)];
  });
  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    await stores?.close();
  });

  const context = (functionName: string) => ({
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: `invocation-of-${functionName}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "stream",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
  });

  function event(method: string, path: string, options: { body?: string | Uint8Array; headers?: Record<string, string>; authorizer?: Record<string, string>; requestId?: string } = {}) {
    return {
      version: "2.0",
      routeKey: `${method} ${path}`,
      rawPath: path,
      rawQueryString: "",
      headers: { host: "api.example", "content-type": "application/json", ...options.headers },
      requestContext: {
        accountId: "123456789012",
        apiId: "api",
        domainName: "api.example",
        domainPrefix: "api",
        http: { method, path, protocol: "HTTP/1.1", sourceIp: "198.51.100.1", userAgent: "smoke" },
        requestId: options.requestId ?? `req-${Math.random().toString(36).slice(2)}`,
        routeKey: `${method} ${path}`,
        stage: "$default",
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
        ...(options.authorizer ? { authorizer: { lambda: options.authorizer } } : {}),
      },
      ...(options.body ? { body: Buffer.from(options.body).toString("base64"), isBase64Encoded: true } : { isBase64Encoded: false }),
    };
  }

  function sqsRecord(body: unknown, correlationId: string): SQSRecord {
    return {
      messageId: `m-${Math.random()}`,
      receiptHandle: "r",
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: "1", SentTimestamp: "0", SenderId: "x", ApproximateFirstReceiveTimestamp: "0" },
      messageAttributes: { correlationId: { stringValue: correlationId, dataType: "String", stringListValues: [], binaryListValues: [] } },
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:q",
      awsRegion: "us-east-1",
    };
  }

  it("authorizer (tokens table) → publish stores a PDF and its OFD → download redirects to each, each log line under its request id", async () => {
    const { token } = await createToken(stores, { role: "portal", scopes: ["smoke-*"], issuer: { actor: "test" } });
    const authorizer = await handlerOf("AuthorizerFunction");
    const verdict = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer ${token}` }, identitySource: [`Bearer ${token}`], requestContext: { requestId: "req-auth" } }, context("authorizer"));
    expect(verdict).toMatchObject({ isAuthorized: true, context: { authenticated: "true", role: "portal", scopes: "smoke-*" } });
    const unknown = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer nb_${"x".repeat(43)}` }, requestContext: { requestId: "req-unknown" } }, context("authorizer"));
    expect(unknown.context.authenticated).toBe("false");
    expect(logLines.filter((l) => l.correlation_id === "req-unknown").length).toBeGreaterThan(0);

    process.env.NIANBAO_FUNCTION = "publish";
    const publish = await handlerOf("PublishFunction");
    const started = performance.now();
    const published = await publish.handler(event("PUT", "/reports/smoke-yunxi", { body: JSON.stringify(example("yunxi2021")), authorizer: verdict.context, requestId: "req-publish" }), context("publish"));
    const coldMs = performance.now() - started;
    expect(published.statusCode, published.body).toBe(201);
    const version = JSON.parse(published.body);
    expect(version).toMatchObject({ reportId: "smoke-yunxi", version: 1, pdf: { pages: expect.any(Number) } });
    const stored = (await stores.reports.latestVersion("smoke-yunxi"))!;
    expect(stored.pdf.sha256).toBe(version.pdf.sha256);
    // Powertools in the bundle: the render's log line with the request id and the Lambda context,
    // and a ColdStart metric plus the render's duration as CloudWatch embedded metrics
    expect(logLines.find((l) => l.message === "rendered")).toMatchObject({ correlation_id: "req-publish", function_name: "publish", cold_start: true, service: "nianbao" });
    const emf = logLines.filter((l) => l._aws !== undefined);
    expect(emf.some((m) => m.ColdStart === 1 && m.function_name === "publish")).toBe(true);
    expect(emf.some((m) => typeof m.RenderDuration === "number")).toBe(true);
    const denied = await publish.handler(event("PUT", "/reports/smoke-yunxi", { body: "{}", authorizer: { authenticated: "false" } }), context("publish"));
    expect(denied.statusCode).toBe(401);
    console.log(`synthesized publish handler, cold invocation: ${Math.round(coldMs)} ms`);

    // the Word edition from the light metadata function: no templates, no Chromium in its bundle
    process.env.NIANBAO_FUNCTION = "metadata";
    const metadata = await handlerOf("MetadataFunction");
    const word = await metadata.handler(event("GET", "/reports/smoke-yunxi/versions/1/docx", { authorizer: verdict.context }), context("metadata"));
    expect(word.statusCode, word.body).toBe(200);
    expect(word.headers["content-type"] ?? word.headers["Content-Type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(word.isBase64Encoded).toBe(true);
    expect(readDocx(Buffer.from(word.body, "base64")).title).toBe(normalized(example("yunxi2021")).title);

    process.env.NIANBAO_FUNCTION = "download";
    const download = await handlerOf("DownloadFunction");
    const redirect = await download.handler(event("GET", "/d/smoke-yunxi"), context("download"));
    expect(redirect.statusCode).toBe(302);
    const pdf = await fetch(redirect.headers.location ?? redirect.headers.Location);
    expect(pdf.status).toBe(200);
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    expect(createHash("sha256").update(pdfBytes).digest("hex")).toBe(stored.pdf.sha256);
    // the bundle carries the compact fonts (templates/fonts/): one font per role, nothing else
    const fontNames = (await drawnFonts(pdfBytes)).map((f) => f.name).sort();
    expect(fontNames).toEqual(Object.values(compactFonts().faces).map((f) => f.postscriptName).sort());
    expect((await download.handler(event("GET", "/d/smoke-none"), context("download"))).statusCode).toBe(404);
    // the bundle carries the OFD converter (NIANBAO_OFD defaults to "ofd"); the download function serves its edition
    expect(stored.ofd?.edition).toBe(version.ofd.edition);
    const ofdRedirect = await download.handler(event("GET", "/d/smoke-yunxi.ofd"), context("download"));
    expect(ofdRedirect.statusCode).toBe(302);
    const ofd = await fetch(ofdRedirect.headers.location ?? ofdRedirect.headers.Location);
    expect(ofd.status).toBe(200);
    expect(createHash("sha256").update(new Uint8Array(await ofd.arrayBuffer())).digest("hex")).toBe(stored.ofd!.sha256);

    // the web function: the citizens' page of what was just published, the console's sign-in page and
    // its stylesheet and script (copied beside the bundle), with no Chromium in it
    process.env.NIANBAO_FUNCTION = "web";
    process.env.NIANBAO_SESSION_KEY = "s".repeat(40);
    const web = await handlerOf("WebFunction");
    const page = await web.handler(event("GET", "/r/smoke-yunxi"), context("web"));
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.body).toContain("云溪县人民政府");
    expect((await web.handler(event("GET", "/console/login"), context("web"))).statusCode).toBe(200);
    for (const asset of ["console.js", "console.css", "report-page.css"]) {
      expect((await web.handler(event("GET", `/console/assets/${asset}`), context("web"))).statusCode, asset).toBe(200);
    }
    expect(readFileSync(join(assetOf("WebFunction"), "index.mjs"), "utf8")).not.toMatch(/puppeteer|sparticuz/i);
  }, 120_000);

  it("token routes: an admin issues a token, the authoriser admits it, the admin lists and revokes it, the authoriser refuses it", async () => {
    const admin = { authenticated: "true", role: "admin", tokenId: "smokeadmin01", scopes: "*" };
    process.env.NIANBAO_FUNCTION = "tokens";
    const tokens = await handlerOf("TokensFunction");
    const issued = await tokens.handler(
      event("POST", "/tokens", { body: JSON.stringify({ role: "portal", scopes: ["smoke-*"], label: "smoke portal" }), authorizer: admin, requestId: "req-issue" }),
      context("tokens"),
    );
    expect(issued.statusCode, issued.body).toBe(201);
    const { token, tokenId } = JSON.parse(issued.body);
    // written to the tokens' own table, not the metadata table
    expect(await createStores({ ...stores.emulators.config }).tokens.hasTokens()).toBe(false);

    const authorizer = await handlerOf("AuthorizerFunction");
    const admitted = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer ${token}` }, requestContext: { requestId: "req-use" } }, context("authorizer"));
    expect(admitted.context).toMatchObject({ authenticated: "true", role: "portal", tokenId });

    const listed = await tokens.handler(event("GET", "/tokens", { authorizer: admin }), context("tokens"));
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(JSON.parse(listed.body).items.map((t: { tokenId: string }) => t.tokenId)).toContain(tokenId);

    const revoked = await tokens.handler({ ...event("DELETE", `/tokens/${tokenId}`, { authorizer: admin }), pathParameters: { tokenId } }, context("tokens"));
    expect(revoked.statusCode, revoked.body).toBe(204);
    const refused = await authorizer.handler({ type: "REQUEST", headers: { authorization: `Bearer ${token}` }, requestContext: { requestId: "req-after" } }, context("authorizer"));
    expect(refused.context).toMatchObject({ authenticated: "false", tokenId });
    // the audit trail as structured log lines, under the request's id
    expect(logLines.find((l) => l.message === "audit" && l.correlation_id === "req-issue")).toMatchObject({ audit: { action: "token.create", actor: "admin:smokeadmin01" } });
  }, 60_000);

  it("worker regenerates a report of a job; the dead-letter consumer records a dead-lettered one failed; the job completes", async () => {
    const deps = serviceDeps(stores, { templateVersion: "none", render: () => Promise.reject(new Error("no")), html: () => "" }, { linkExpirySeconds: 600 });
    const jobId = "6f1c1f8e-2a4b-4c3d-9e8f-0123456789ab";
    // forced: the report was rendered with the current template, which an unforced job leaves alone
    await stores.jobs.createJob({ jobId, filter: { reportIdPrefix: "smoke-" }, force: true, actor: "admin:smoke", scopes: ["*"], createdAt: new Date().toISOString(), planned: false, total: 0, succeeded: 0, failed: 0 });
    await stores.jobs.addToJobTotal(jobId, "first", 2, true);

    const worker = await handlerOf("WorkerFunction");
    const regenerated = await worker.handler({ Records: [sqsRecord({ kind: "report", jobId, reportId: "smoke-yunxi" }, "req-start-job")] }, context("worker"));
    expect(regenerated).toEqual({ batchItemFailures: [] });
    expect((await stores.reports.latestVersion("smoke-yunxi"))!.trigger).toBe("bulk");
    expect(logLines.some((l) => l.message === "rendered" && l.correlation_id === "req-start-job" && l.function_name === "worker")).toBe(true);

    const consumer = await handlerOf("DeadLettersFunction");
    const recorded = await consumer.handler({ Records: [sqsRecord({ kind: "report", jobId, reportId: "smoke-lost" }, "req-start-job")] }, context("deadLetters"));
    expect(recorded).toEqual({ batchItemFailures: [] });
    const status = await jobStatus(deps, jobId, ADMIN);
    expect(status).toMatchObject({ status: "completed", total: 2, succeeded: 1, failed: 1 });
    expect(status.failures[0]).toMatchObject({ reportId: "smoke-lost" });
    expect(logLines.find((l) => l.message === "dead-lettered regeneration")).toMatchObject({ correlation_id: "req-start-job", outcome: "recorded", jobId, reportId: "smoke-lost" });
    // the dead-letter consumer finished the job: its finish audited, as a log line too
    expect(logLines.find((l) => l.message === "audit" && l.function_name === "deadLetters")).toMatchObject({
      audit: { action: "bulk.finish", target: `job:${jobId}`, outcome: "failure", detail: { total: 2, succeeded: 1, failed: 1 } },
    });
    expect(logLines.some((m) => m._aws !== undefined && m.DeadLetteredReport === 1)).toBe(true);
  }, 120_000);

  it("the webhook delivery function records a dead-lettered delivery failed", async () => {
    // no SQS or KMS here: the delivery queue and key are only named (a dead letter needs neither)
    Object.assign(process.env, {
      NIANBAO_DELIVERY_QUEUE_URL: "http://127.0.0.1:9/no-sqs-here",
      NIANBAO_DELIVERY_QUEUE_ARN: "arn:aws:sqs:us-east-1:123456789012:deliveries",
      NIANBAO_WEBHOOK_KEY_ID: "arn:aws:kms:us-east-1:123456789012:key/smoke",
    });
    const subscription = { id: "0123456789abcdef", url: "https://portal.example/hook", events: ["version.created" as const], scopes: ["smoke-*"], createdAt: new Date().toISOString(), createdBy: "admin:smoke", sealedSecret: "kms.x" };
    await stores.webhooks.putSubscription(subscription);
    const event = { id: "evt_smoke", type: "version.created" as const, timestamp: "2026-11-28T00:00:00.000Z", reportId: "smoke-yunxi", data: {} };
    const deliveries = await handlerOf("WebhookDeliveriesFunction");
    const result = await deliveries.handler({ Records: [sqsRecord({ kind: "delivery", subscriptionId: subscription.id, webhookId: "msg_smoke", attempt: 3, event }, "req-hook")] }, context("webhookDeliveries"));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await stores.webhooks.getDelivery(subscription.id, event.timestamp, "msg_smoke")).toMatchObject({ status: "failed", attempts: 3, lastError: expect.stringMatching(/dead-lettered/) });
  }, 60_000);

  it("the orphan cleanup looks at every report's objects and leaves young ones alone", async () => {
    await stores.documents.put("reports/smoke-orphan/pdf/0000.pdf", new Uint8Array([1, 2, 3]), { contentType: "application/pdf" });
    const cleanup = await handlerOf("OrphanCleanupFunction");
    const result = await cleanup.handler({ id: "schedule-event-1", "detail-type": "Scheduled Event", source: "aws.events", time: new Date().toISOString(), detail: {} }, context("orphanCleanup"));
    expect(result).toMatchObject({ reports: 2, deleted: 0 });
    expect(result.objects).toBeGreaterThanOrEqual(3); // the published report's source and PDF(s), the orphan
    expect(await stores.documents.get("reports/smoke-orphan/pdf/0000.pdf")).toBeDefined();
    expect(logLines.find((l) => l.message === "orphan cleanup")).toMatchObject({ correlation_id: "schedule-event-1" });
  }, 60_000);

  describe("the import function", () => {
    const portal = { authenticated: "true", role: "portal", tokenId: "smoke", scopes: "*" };
    const importing = (document: Uint8Array, requestId: string, contentType = "application/pdf") =>
      event("POST", "/import", { body: document, headers: { "content-type": contentType, "content-length": String(document.byteLength) }, authorizer: portal, requestId });
    afterAll(() => {
      delete process.env.NIANBAO_PDFJS_DIR;
    });

    it("reads a published PDF with the pdf.js it bundles (its worker included), under its request id", async () => {
      const importer = await handlerOf("ImportFunction");
      const pdf = readFileSync(new URL("../import/fixtures/hongze-qu-2024.pdf", import.meta.url));
      const answer = await importer.handler(importing(pdf, "req-import"), context("import"));
      expect(answer.statusCode, answer.body).toBe(200);
      expect(JSON.parse(answer.body).report).toMatchObject({ edition: "2021", year: 2024, agency: { name: "淮安市洪泽区人民政府" } });
      expect(logLines.some((m) => m._aws !== undefined && m.ColdStart === 1 && m.function_name === "import")).toBe(true);
    }, 120_000);

    it("reads a PDF whose fonts are not embedded with pdf.js's character maps and standard fonts shipped beside it (NIANBAO_PDFJS_DIR)", async () => {
      const variables = (functionOf("ImportFunction").Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(variables.NIANBAO_PDFJS_DIR).toMatch(/^\/var\/task\//);
      const shipped = join(assetOf("ImportFunction"), relative("/var/task", variables.NIANBAO_PDFJS_DIR!));
      expect(existsSync(join(shipped, "cmaps", "UniGB-UCS2-H.bcmap"))).toBe(true);
      // what pdf.js draws Helvetica with; text extraction itself needs only the metrics pdf.js carries
      expect(existsSync(join(shipped, "standard_fonts", "LiberationSans-Regular.ttf"))).toBe(true);
      const pdf = await unembeddedReportPdf([
        { text: "测试市人民政府2024年政府信息公开工作年度报告", size: 18, centre: true },
        { text: "一、总体情况" },
        { text: "2024年，本机关主动公开政府信息1234条，办理政府信息公开申请56件。" },
        { text: "二、主动公开政府信息情况" },
        { text: "三、收到和处理政府信息公开申请情况" },
        { text: "四、政府信息公开行政复议、行政诉讼情况" },
        { text: "五、存在的主要问题及改进情况" },
        { text: "本年度没有发现问题。" },
        { text: "六、其他需要报告的事项" },
        { text: "本机关收取信息处理费0元。" },
      ]);
      const importer = await handlerOf("ImportFunction");

      // without the shipped data the bundle cannot read the Chinese at all: it has no other copy
      process.env.NIANBAO_PDFJS_DIR = join(assetOf("ImportFunction"), "no-pdfjs-data-here");
      const blind = await importer.handler(importing(pdf, "req-import-blind"), context("import"));
      expect(blind.statusCode, blind.body).toBe(422);
      expect(JSON.parse(blind.body).error.code).toBe("no_text_layer");

      process.env.NIANBAO_PDFJS_DIR = shipped;
      const answer = await importer.handler(importing(pdf, "req-import-unembedded"), context("import"));
      expect(answer.statusCode, answer.body).toBe(200);
      expect(JSON.parse(answer.body).report).toMatchObject({
        year: 2024,
        agency: { name: "测试市人民政府" },
        overview: { paragraphs: ["2024年，本机关主动公开政府信息1234条，办理政府信息公开申请56件。"] },
        problems: ["本年度没有发现问题。"],
        otherMatters: ["本机关收取信息处理费0元。"],
      });
    }, 120_000);

    it("takes documents up to what API Gateway can hand a Lambda function base64-encoded, and answers 413 past it", async () => {
      const importer = await handlerOf("ImportFunction");
      const atLimit = new Uint8Array(LAMBDA_DOCUMENT_BYTES);
      atLimit.set(new TextEncoder().encode("%PDF-1.7\n"));
      const carried = importing(atLimit, "req-import-at-limit");
      // the whole event, as Lambda receives it, within its 6 MiB request payload
      expect(Buffer.byteLength(JSON.stringify(carried))).toBeLessThan(6 * 1024 * 1024);
      const read = await importer.handler(carried, context("import"));
      expect(read.statusCode, read.body).toBe(422); // read, and found damaged: not refused for its size
      const tooLarge = await importer.handler(importing(new Uint8Array(LAMBDA_DOCUMENT_BYTES + 1), "req-import-too-large"), context("import"));
      expect(tooLarge.statusCode).toBe(413);
      expect(JSON.parse(tooLarge.body).error).toMatchObject({ code: "payload_too_large", message: expect.stringContaining(`${LAMBDA_DOCUMENT_BYTES} 字节`) });
    }, 120_000);
  });
});
