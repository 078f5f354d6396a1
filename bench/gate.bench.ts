/**
 * What the storage gate costs (issue 10): npm run bench:gate
 * The same signed SDK calls (DynamoDB GetItem and PutItem, S3 HeadObject and PutObject of a 200 KB
 * PDF-sized object) against s3rver and dynalite as they came before the gate (s3rver checking its
 * own dummy key's signature, dynalite none) and behind gateServer (storage-gate.ts), which checks
 * every signature with the installation's key. The difference of the p50s is the gate's cost per
 * call; a publish makes about six such calls. A third setup hands the calls to dynalite and s3rver in
 * process (in-process-http.ts), as the local service does with its own clients. Beside each p50, the
 * CPU per call of this process (client, gate and emulator all run in it). Writes bench/results/gate.json.
 */
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { RequestListener } from "node:http";
import { inProcessDynamo, inProcessS3 } from "../functions/local/in-process-http.js";
import { gateServer } from "../functions/local/storage-gate.js";

const require = createRequire(import.meta.url);
const S3rver = require("@20minutes/s3rver") as new (options: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void>; readonly httpServer: Server };
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 300);
const REGION = "us-east-1";
const credentials = { accessKeyId: "AKIDBENCHGATE0000000", secretAccessKey: "bench-gate-secret-of-this-installation-0000" };
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

type Setup = "open" | "gated" | "in process";

async function emulators(dir: string, setup: Setup) {
  const gated = setup !== "open";
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: join(dir, "s3"), configureBuckets: [{ name: "bench" }], vhostBuckets: false });
  const s3Port = (await s3.run()).port;
  const dynamo = dynalite({ createTableMs: 0 });
  const [database] = dynamo.listeners("request") as RequestListener[];
  const [documents] = s3.httpServer.listeners("request") as RequestListener[];
  if (gated) {
    gateServer(s3.httpServer, "s3", credentials, REGION);
    gateServer(dynamo, "dynamodb", credentials, REGION);
  }
  await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", () => resolve()));
  const dynamoPort = (dynamo.address() as AddressInfo).port;
  // s3rver as it comes admits only its own dummy key
  const signing = gated ? credentials : { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
  const ddb = new DynamoDBClient({
    region: REGION,
    endpoint: `http://127.0.0.1:${dynamoPort}`,
    credentials: signing,
    ...(setup === "in process" ? inProcessDynamo(database!) : {}),
  });
  const s3Client = new S3Client({
    region: REGION,
    endpoint: `http://127.0.0.1:${s3Port}`,
    forcePathStyle: true,
    credentials: signing,
    ...(setup === "in process" ? inProcessS3(documents!) : {}),
  });
  await ddb.send(
    new CreateTableCommand({
      TableName: "bench",
      KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "PK", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  // dynalite makes a table active a moment after creating it (over loopback the next call comes late enough)
  while ((await ddb.send(new DescribeTableCommand({ TableName: "bench" }))).Table?.TableStatus !== "ACTIVE") await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    ddb,
    s3: s3Client,
    async stop() {
      ddb.destroy();
      s3Client.destroy();
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}

async function time(run: (i: number) => Promise<unknown>): Promise<{ samples: number[]; cpuMs: number }> {
  for (let i = 0; i < 20; i++) await run(-1 - i); // warm-up
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    await run(i);
    samples.push(performance.now() - t);
  }
  const { user, system } = process.cpuUsage(cpu);
  return { samples, cpuMs: (user + system) / 1000 / SAMPLES };
}

const pdf = Buffer.alloc(200 * 1024, 0x25);
const results: Record<string, Record<string, number>> = {};
// Alternate the setups twice, so that a burst of load elsewhere on the machine hits each.
for (const pass of [1, 2]) {
  for (const setup of ["open", "gated", "in process"] as const) {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-gate-"));
    const e = await emulators(dir, setup);
    const measured = {
      "DynamoDB PutItem": await time((i) => e.ddb.send(new PutItemCommand({ TableName: "bench", Item: { PK: { S: `item-${i}` }, body: { S: "x".repeat(400) } } }))),
      "DynamoDB GetItem": await time((i) => e.ddb.send(new GetItemCommand({ TableName: "bench", Key: { PK: { S: `item-${Math.max(0, i)}` } }, ConsistentRead: true }))),
      "S3 PutObject 200 KB": await time((i) => e.s3.send(new PutObjectCommand({ Bucket: "bench", Key: `o/${pass}-${i}`, Body: pdf, ContentType: "application/pdf" }))),
      "S3 HeadObject": await time((i) => e.s3.send(new HeadObjectCommand({ Bucket: "bench", Key: `o/${pass}-${Math.max(0, i)}` }))),
    };
    await e.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const [call, { samples, cpuMs }] of Object.entries(measured)) {
      const key = `${call} ${setup}`;
      results[key] = { ...(results[key] ?? {}), [`p50_${pass}`]: percentile(samples, 50), [`cpu_${pass}`]: cpuMs };
    }
  }
}

const best = (key: string, what: "p50" | "cpu") => (results[key] ? round(Math.min(results[key]![`${what}_1`]!, results[key]![`${what}_2`]!)) : undefined);
const rows = ["DynamoDB PutItem", "DynamoDB GetItem", "S3 PutObject 200 KB", "S3 HeadObject"].map((call) => ({
  call,
  "p50 open (ms)": best(`${call} open`, "p50"),
  "p50 gated (ms)": best(`${call} gated`, "p50"),
  "gate cost (ms)": round(best(`${call} gated`, "p50")! - best(`${call} open`, "p50")!),
  "p50 in process (ms)": best(`${call} in process`, "p50"),
  "CPU gated (ms)": best(`${call} gated`, "cpu"),
  "CPU in process (ms)": best(`${call} in process`, "cpu"),
}));
console.table(rows);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/gate.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), samples: SAMPLES, rows }, null, 2)}\n`);
