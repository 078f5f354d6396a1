/**
 * Webhook secrets sealed with AES-256-GCM under a key of the installation: a 32-byte file in the data
 * folder, readable by its owner only (0600), made on first use. A sealed secret is
 * `v1.<iv>.<ciphertext>.<tag>` (base64url); the subscription id is the associated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SecretBox } from "../service/secret-box.js";

export class LocalSecretBox implements SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error("the webhook secret key must be 32 bytes");
  }

  /** The key in `file`, made (0600) when there is none. */
  static fromKeyFile(file: string): LocalSecretBox {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: "wx" });
    }
    chmodSync(file, 0o600);
    return new LocalSecretBox(readFileSync(file));
  }

  async seal(secret: string, subscriptionId: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(subscriptionId, "utf8"));
    const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return ["v1", iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
  }

  async open(sealed: string, subscriptionId: string): Promise<string> {
    const [version, iv, data, tag] = sealed.split(".");
    if (version !== "v1" || !iv || !data || !tag) throw new Error("not a sealed secret");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(subscriptionId, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  }
}
