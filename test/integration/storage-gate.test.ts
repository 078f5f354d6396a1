/**
 * The embedded S3 and DynamoDB answer only this installation's own signed requests: what another
 * local process could try — anonymous requests, another key, the right key with a wrong secret, a
 * signed request with its body swapped, a download link turned into a write — is refused, and
 * nothing it tried to write or delete is changed. The real AWS SDK and raw HTTP against the real
 * emulators.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { Readable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { SignatureV4 } from "@smithy/signature-v4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators } from "../../functions/local/emulators.js";
import { Sha256 } from "../../functions/local/sigv4-verifier.js";
import { createStores, dynamoClient, s3Client, type StoreConfig } from "../../functions/store/config.js";
import { keys } from "../../functions/store/table.js";
import { startTestStores, type TestStores } from "../helpers/stores.js";

let stores: TestStores;
let config: StoreConfig;
const KEY = "reports/gate-test/pdf/0000.pdf";
const ORIGINAL = Buffer.from("%PDF-1.4 the genuine document");

beforeAll(async () => {
  stores = await startTestStores();
  config = stores.config;
  await stores.documents.put(KEY, ORIGINAL, { contentType: "application/pdf" });
});
afterAll(() => stores?.close());

const strangers = () => [
  { who: "another key", credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: randomBytes(30).toString("base64") } },
  { who: "the right key with a wrong secret", credentials: { accessKeyId: config.credentials!.accessKeyId, secretAccessKey: randomBytes(30).toString("base64") } },
  // what the emulators accepted before: their published default key
  { who: "the emulator's default key", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } },
];

async function stored(): Promise<Buffer | undefined> {
  const bytes = await stores.documents.get(KEY);
  return bytes ? Buffer.from(bytes) : undefined;
}

describe("the local S3", () => {
  it("refuses anonymous list, get, put and delete, and changes nothing", async () => {
    const base = `${config.s3Endpoint}/${config.bucket}`;
    const answers = [
      await fetch(`${base}?list-type=2`),
      await fetch(`${base}/${KEY}`),
      await fetch(`${base}/${KEY}`, { method: "PUT", body: "forged", headers: { "content-type": "application/pdf" } }),
      await fetch(`${base}/${KEY}`, { method: "DELETE" }),
      await fetch(`${config.s3Endpoint}/`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain("<Code>AccessDenied</Code>");
    }
    expect(await stored()).toEqual(ORIGINAL);
  });

  it("refuses requests signed with any other credentials", async () => {
    for (const { who, credentials } of strangers()) {
      const client = s3Client({ ...config, credentials });
      const attempts = [
        () => client.send(new ListObjectsV2Command({ Bucket: config.bucket })),
        () => client.send(new GetObjectCommand({ Bucket: config.bucket, Key: KEY })),
        () => client.send(new PutObjectCommand({ Bucket: config.bucket, Key: KEY, Body: Buffer.from("forged"), ContentType: "application/pdf" })),
        () => client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: KEY })),
      ];
      for (const attempt of attempts) {
        const error = await attempt().then(() => undefined, (e: { name: string; $metadata?: { httpStatusCode?: number } }) => e);
        expect(error, who).toBeDefined();
        expect(error!.$metadata?.httpStatusCode, who).toBe(403);
        expect(["InvalidAccessKeyId", "SignatureDoesNotMatch"], who).toContain(error!.name);
      }
      client.destroy();
    }
    expect(await stored()).toEqual(ORIGINAL);
  });

  it("answers the installation's own signed requests and download links", async () => {
    const client = stores.documents.client;
    const listed = await client.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: "reports/gate-test/" }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([KEY]);
    const link = await stores.documents.signedGetUrl(KEY, 60);
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(ORIGINAL);
  });

  it("answers the service's own document store in process, the same objects as over the gate", async () => {
    // an endpoint nothing listens on: every request must be handed over in process, or it fails
    const inProcess = createStores({ ...config, s3Endpoint: "http://127.0.0.1:9" }, stores.emulators.transport).documents;
    const key = "reports/in process/年报 2024.json";
    const json = Buffer.from(JSON.stringify({ 年报: "公开".repeat(5_000) }));
    expect(await inProcess.put(key, json, { contentType: "application/json" })).toBe(true);
    // an object already there is not written again
    expect(await inProcess.put(key, json, { contentType: "application/json" })).toBe(false);
    expect(Buffer.from((await stores.documents.get(key))!)).toEqual(json);
    expect(Buffer.from((await inProcess.get(KEY))!)).toEqual(ORIGINAL);
    expect(await inProcess.get("reports/in process/missing.json")).toBeUndefined();
    // a streamed upload of several parts (lib-storage's multipart upload: 5 MB parts)
    const big = randomBytes(11 * 1024 * 1024);
    await inProcess.putStream("reports/in process/big.bin", Readable.from([big.subarray(0, 6_000_000), big.subarray(6_000_000)]), { contentType: "application/octet-stream" });
    expect(Buffer.from((await stores.documents.get("reports/in process/big.bin"))!).equals(big)).toBe(true);
    const listed: string[] = [];
    for await (const object of inProcess.list("reports/in process/")) listed.push(object.key);
    expect(listed.sort()).toEqual(["reports/in process/big.bin", key].sort());
    // the service's own store (as server.ts makes it) signs links for the gated port, as ever: a citizen's download works
    const link = await createStores(config, stores.emulators.transport).documents.signedGetUrl(key, 60);
    expect(link.startsWith(`${config.s3Endpoint}/`)).toBe(true);
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(json);
    await inProcess.delete(key);
    await inProcess.delete("reports/in process/big.bin");
    expect(await stores.documents.get(key)).toBeUndefined();
  });

  it("refuses a download link that is tampered with, or used to write or delete", async () => {
    const link = new URL(await stores.documents.signedGetUrl(KEY, 60));
    const otherKey = new URL(link);
    otherKey.pathname = otherKey.pathname.replace("0000.pdf", "0001.pdf");
    expect((await fetch(otherKey)).status).toBe(403);
    const longer = new URL(link);
    longer.searchParams.set("X-Amz-Expires", "604800");
    expect((await fetch(longer)).status).toBe(403);
    expect((await fetch(link, { method: "PUT", body: "forged" })).status).toBe(403);
    expect((await fetch(link, { method: "DELETE" })).status).toBe(403);
    // even a correctly presigned write: links are handed out to read
    const presignedPut = await getSignedUrl(stores.documents.client, new PutObjectCommand({ Bucket: config.bucket, Key: KEY }), { expiresIn: 60 });
    expect((await fetch(presignedPut, { method: "PUT", body: "forged" })).status).toBe(403);
    expect(await stored()).toEqual(ORIGINAL);
  });
});

describe("the local DynamoDB", () => {
  // What an attacker wants: a token item of their own, to become admin.
  const forgedToken = {
    ...Object.fromEntries(Object.entries(keys.token("f".repeat(64))).map(([k, v]) => [k, { S: v }])),
    role: { S: "admin" },
    scopes: { L: [{ S: "*" }] },
  };
  const putItemBody = () => JSON.stringify({ TableName: config.table, Item: forgedToken });

  async function forgedTokenExists(): Promise<boolean> {
    const key = keys.token("f".repeat(64));
    const { Item } = await stores.dynamo.send(new GetItemCommand({ TableName: config.table, Key: { PK: { S: key.PK }, SK: { S: key.SK } }, ConsistentRead: true }));
    return Item !== undefined;
  }

  it("refuses an anonymous PutItem", async () => {
    const answer = await fetch(config.dynamoEndpoint!, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" },
      body: putItemBody(),
    });
    expect(answer.status).toBe(400);
    expect((await answer.json()).__type).toMatch(/MissingAuthenticationTokenException$/);
    expect(await forgedTokenExists()).toBe(false);
  });

  it("refuses PutItem signed with any other credentials", async () => {
    for (const { who, credentials } of strangers()) {
      const client = new DynamoDBClient({ region: config.region, endpoint: config.dynamoEndpoint, credentials, maxAttempts: 1 });
      const error = await client.send(new PutItemCommand({ TableName: config.table, Item: forgedToken })).then(() => undefined, (e: Error) => e);
      expect(error?.name, who).toMatch(/^(UnrecognizedClientException|InvalidSignatureException)$/);
      client.destroy();
    }
    expect(await forgedTokenExists()).toBe(false);
  });

  it("refuses a signed request whose body was swapped", async () => {
    const url = new URL(config.dynamoEndpoint!);
    // with the payload's hash in a signed header, and without (then the body itself is signed)
    for (const applyChecksum of [true, false]) {
      const signer = new SignatureV4({ credentials: config.credentials!, region: config.region, service: "dynamodb", sha256: Sha256, applyChecksum });
      const signed = await signer.sign({
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        query: {},
        headers: { host: url.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.PutItem" },
        body: JSON.stringify({ TableName: config.table }),
      });
      const answer = await fetch(config.dynamoEndpoint!, { method: "POST", headers: signed.headers as Record<string, string>, body: putItemBody() });
      expect(answer.status).toBe(400);
      expect((await answer.json()).__type).toMatch(/InvalidSignatureException$/);
    }
    expect(await forgedTokenExists()).toBe(false);
  });

  it("answers the installation's own client", async () => {
    const client = dynamoClient(config);
    await client.send(new PutItemCommand({ TableName: config.table, Item: { PK: { S: "GATE#ok" }, SK: { S: "GATE" } } }));
    const { Item } = await client.send(new GetItemCommand({ TableName: config.table, Key: { PK: { S: "GATE#ok" }, SK: { S: "GATE" } } }));
    expect(Item?.PK?.S).toBe("GATE#ok");
  });

  it("answers the service's own clients in process, the same database as over the gate", async () => {
    // an endpoint nothing listens on: every request must be handed over in process, or it fails
    const inProcess = createStores({ ...config, dynamoEndpoint: "http://127.0.0.1:9" }, stores.emulators.transport);
    const item = { PK: { S: "GATE#in-process" }, SK: { S: "GATE" }, body: { S: "年报".repeat(50_000) } };
    await inProcess.dynamo.send(new PutItemCommand({ TableName: config.table, Item: item }));
    // written in process, read over the gate; and the other way round
    const { Item } = await stores.dynamo.send(new GetItemCommand({ TableName: config.table, Key: { PK: item.PK, SK: item.SK }, ConsistentRead: true }));
    expect(Item?.body?.S).toBe(item.body.S);
    const back = await inProcess.dynamo.send(new GetItemCommand({ TableName: config.table, Key: { PK: { S: "GATE#ok" }, SK: { S: "GATE" } }, ConsistentRead: true }));
    expect(back.Item?.PK?.S).toBe("GATE#ok");
    // DynamoDB's own errors come back as the SDK's exceptions
    const refused = await inProcess.dynamo
      .send(new PutItemCommand({ TableName: config.table, Item: { PK: item.PK, SK: item.SK }, ConditionExpression: "attribute_not_exists(PK)" }))
      .then(() => undefined, (e: Error) => e);
    expect(refused?.name).toBe("ConditionalCheckFailedException");
    const missing = await inProcess.dynamo.send(new GetItemCommand({ TableName: "no-such-table", Key: { PK: item.PK, SK: item.SK } })).then(() => undefined, (e: Error) => e);
    expect(missing?.name).toBe("ResourceNotFoundException");
    // and the service's stores read through it
    expect(await inProcess.reports.getReport("no-such-report")).toBeUndefined();
  });
});

describe("the document store's address", () => {
  it("stays the same from one start to the next, and moves (saying so) only when another program holds it", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "nianbao-port-"));
    try {
      const first = await startEmulators({ dataDir, inMemoryTables: true });
      const endpoint = first.config.s3Endpoint!;
      await first.stop();
      const second = await startEmulators({ dataDir, inMemoryTables: true });
      expect(second.config.s3Endpoint).toBe(endpoint);
      expect(second.s3PortChanged).toBe(false);
      await second.stop();
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(Number(new URL(endpoint).port), "127.0.0.1", resolve));
      try {
        const third = await startEmulators({ dataDir, inMemoryTables: true });
        expect(third.s3PortChanged).toBe(true);
        expect(third.config.s3Endpoint).not.toBe(endpoint);
        await third.stop();
      } finally {
        squatter.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the installation's secrets and data on disk", () => {
  it("are readable by this user only, and differ between installations", async () => {
    const dataDir = stores.dataDir;
    expect(statSync(join(dataDir, "installation.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, "s3")).mode & 0o777).toBe(0o700);
    const other = await startTestStores();
    try {
      expect(other.config.credentials!.accessKeyId).not.toBe(config.credentials!.accessKeyId);
      expect(other.config.credentials!.secretAccessKey).not.toBe(config.credentials!.secretAccessKey);
      // one installation's credentials open nothing in another's
      const crossed = s3Client({ ...other.config, credentials: config.credentials! });
      await expect(crossed.send(new ListObjectsV2Command({ Bucket: other.config.bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      crossed.destroy();
    } finally {
      await other.close();
    }
  });
});
