/**
 * The embedded AWS stand-ins for local runs and tests: s3rver and dynalite, in this process, on
 * loopback, with data on disk when a directory is given.
 *
 * Neither checks who is calling, and anything on loopback is reachable by every local user: both
 * sit behind the gate (storage-gate.ts), which admits only requests signed with this installation's
 * own credentials (installation.ts), and their files live in folders only this user may enter.
 * The document store keeps its port from one start to the next, so a signed download link issued
 * before a restart still works after it.
 */
import type { Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { createRequire } from "node:module";
import type { DynamoTransport, S3Transport, StoreConfig } from "../store/config.js";
import { LINK_EXPIRY } from "../store/config.js";
import { loadInstallation, privateDir, saveInstallation } from "./installation.js";
import { inProcessDynamo, inProcessS3 } from "./in-process-http.js";
import { gateServer } from "./storage-gate.js";

const require = createRequire(import.meta.url);
// Both are CommonJS without types.
const S3rver = require("@20minutes/s3rver") as new (options: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  /** the server run() started (s3rver's close() closes it) */
  readonly httpServer: Server;
};
const dynalite = require("dynalite") as (options: Record<string, unknown>) => Server;

export interface Emulators {
  readonly config: StoreConfig;
  /**
   * The document store could not have its usual port back (another program holds it): links
   * issued before this start point at the old port and no longer work.
   */
  readonly s3PortChanged: boolean;
  /** DynamoDB and S3 for this process's own clients, handed over without a socket (in-process-http.ts) */
  readonly transport: { readonly dynamo: DynamoTransport; readonly s3: S3Transport };
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
}

const REGION = "us-east-1";

/**
 * Whether a loopback port can be listened on now. (s3rver reports a port in use as an unhandled
 * "error" event, not through run(): ask first.)
 */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

export async function startEmulators(options: EmulatorOptions): Promise<Emulators> {
  const bucket = options.bucket ?? "nianbao-documents";
  const table = options.table ?? "nianbao";
  const installation = loadInstallation(options.dataDir);
  const { credentials } = installation;
  const s3Dir = privateDir(join(options.dataDir, "s3"));
  const startS3 = async (port: number) => {
    const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory: s3Dir, configureBuckets: [{ name: bucket }], vhostBuckets: false });
    return { server, address: await server.run() };
  };
  const s3PortChanged = installation.s3Port !== undefined && !(await portFree(installation.s3Port));
  const { server: s3, address: s3Address } = await startS3(s3PortChanged ? 0 : (installation.s3Port ?? 0));
  if (s3Address.port !== installation.s3Port) saveInstallation(options.dataDir, { ...installation, s3Port: s3Address.port });
  const documents = gateServer(s3.httpServer, "s3", credentials, REGION);

  const dynamoDir = join(options.dataDir, "dynamodb");
  if (!options.inMemoryTables) privateDir(dynamoDir);
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.inMemoryTables ? {} : { path: dynamoDir }) });
  const database = gateServer(dynamo, "dynamodb", credentials, REGION);
  try {
    await new Promise<void>((resolve, reject) => {
      dynamo.once("error", reject);
      dynamo.listen(0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  const dynamoAddress = dynamo.address() as AddressInfo;

  return {
    config: {
      bucket,
      table,
      region: REGION,
      s3Endpoint: `http://127.0.0.1:${s3Address.port}`,
      dynamoEndpoint: `http://127.0.0.1:${dynamoAddress.port}`,
      credentials,
      linkExpirySeconds: options.linkExpirySeconds ?? LINK_EXPIRY.defaultSeconds,
    },
    s3PortChanged,
    transport: { dynamo: inProcessDynamo(database), s3: inProcessS3(documents) },
    async stop() {
      await s3.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
    },
  };
}
