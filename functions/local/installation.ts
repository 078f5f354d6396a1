/**
 * What makes one local installation its own: storage credentials generated at its first start, and
 * the port its documents are served on, kept in the data folder (installation.json, mode 0600) so
 * that a restart signs with the same key and a download link issued before it still works.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Credentials } from "./sigv4-verifier.js";

export interface Installation {
  readonly credentials: Credentials;
  /** the loopback port of the document store, once one has been chosen */
  readonly s3Port?: number;
}

const FILE = "installation.json";

/** Folders under the data folder that hold stored data: only this user may enter them. */
export const PRIVATE_DIRS = ["s3", "dynamodb", "queue"] as const;

function writePrivate(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, file);
}

/** Creates (or tightens) a folder only its owner may read, write or enter. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  return dir;
}

/** The installation of this data folder, created on first use. */
export function loadInstallation(dataDir: string): Installation {
  const file = join(dataDir, FILE);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const stored = JSON.parse(readFileSync(file, "utf8")) as Installation;
    if (typeof stored.credentials?.accessKeyId !== "string" || typeof stored.credentials.secretAccessKey !== "string") {
      throw new Error(`${file} holds no storage credentials`);
    }
    return stored;
  }
  const installation: Installation = {
    credentials: {
      // the shapes AWS uses: a 20-character key id and a 40-character secret
      accessKeyId: `NB${randomBytes(9).toString("hex").toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString("base64"),
    },
  };
  writePrivate(file, `${JSON.stringify(installation, null, 2)}\n`);
  return installation;
}

export function saveInstallation(dataDir: string, installation: Installation): void {
  writePrivate(join(dataDir, FILE), `${JSON.stringify(installation, null, 2)}\n`);
}
