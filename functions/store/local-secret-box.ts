/**
 * Webhook secrets sealed with AES-256-GCM under a key of the installation: a 32-byte file in the data
 * folder, readable by its owner only (0600), made when the first secret is sealed (an installation
 * without webhooks has none). A sealed secret is `v1.<iv>.<ciphertext>.<tag>` (base64url); the
 * subscription id is the associated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SecretBox } from "../service/secret-box.js";

export class LocalSecretBox implements SecretBox {
  private key?: Buffer;

  /** A key, or the file that holds it (made, 0600, on the first seal). */
  constructor(private readonly source: Buffer | { readonly keyFile: string }) {
    if (Buffer.isBuffer(source)) this.key = checked(source);
  }

  private keyFor(create: boolean): Buffer {
    if (this.key) return this.key;
    const file = (this.source as { keyFile: string }).keyFile;
    if (!existsSync(file)) {
      if (!create) throw new Error("no webhook secret key: nothing was sealed in this installation");
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: "wx" });
    }
    chmodSync(file, 0o600);
    return (this.key = checked(readFileSync(file)));
  }

  async seal(secret: string, subscriptionId: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keyFor(true), iv);
    cipher.setAAD(Buffer.from(subscriptionId, "utf8"));
    const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return ["v1", iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
  }

  async open(sealed: string, subscriptionId: string): Promise<string> {
    const [version, iv, data, tag] = sealed.split(".");
    if (version !== "v1" || !iv || !data || !tag) throw new Error("not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.keyFor(false), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(subscriptionId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  }
}

function checked(key: Buffer): Buffer {
  if (key.length !== 32) throw new Error("the webhook secret key must be 32 bytes");
  return key;
}
