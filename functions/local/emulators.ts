/**
 * The embedded AWS stand-ins for local runs and tests: s3rver (the fork that checks signatures) and
 * dynalite, in this process, on loopback, with data on disk when a directory is given.
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { StoreConfig } from "../store/config.js";
import { LINK_EXPIRY } from "../store/config.js";

const require = createRequire(import.meta.url);
// Both are CommonJS without types.
const S3rver = require("@20minutes/s3rver") as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export interface Emulators {
  readonly config: StoreConfig;
  stop(): Promise<void>;
}

export interface EmulatorOptions {
  /** where objects and tables persist; a fresh temporary directory when absent */
  readonly dataDir: string;
  /** keep DynamoDB data in memory instead of on disk (faster tests) */
  readonly inMemoryTables?: boolean;
  readonly bucket?: string;
  readonly table?: string;
  readonly linkExpirySeconds?: number;
  /** fixed ports (0 = any free port) */
  readonly s3Port?: number;
  readonly dynamoPort?: number;
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const bucket = options.bucket ?? "nianbao-documents";
  const table = options.table ?? "nianbao";
  const s3Dir = join(options.dataDir, "s3");
  mkdirSync(s3Dir, { recursive: true });
  const s3 = new S3rver({
    address: "127.0.0.1",
    port: options.s3Port ?? 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: bucket }],
    vhostBuckets: false,
  });
  const s3Address = await s3.run();

  const dynamoDir = join(options.dataDir, "dynamodb");
  if (!options.inMemoryTables) mkdirSync(dynamoDir, { recursive: true });
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.inMemoryTables ? {} : { path: dynamoDir }) });
  await new Promise<void>((resolve, reject) => {
    dynamo.once("error", reject);
    dynamo.listen(options.dynamoPort ?? 0, "127.0.0.1", () => resolve());
  });
  const dynamoAddress = dynamo.address() as AddressInfo;

  return {
    config: {
      bucket,
      table,
      region: "us-east-1",
      s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
      dynamoEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      linkExpirySeconds: options.linkExpirySeconds ?? LINK_EXPIRY.defaultSeconds,
    },
    async stop() {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
