/**
 * Webhook secrets at rest. Locally: AES-256-GCM under a key file of the installation (0600). On AWS:
 * KMS, which has no emulator here — its adapter is run against a stand-in client that checks what
 * KMS would be asked (key, encryption context) and seals with a local box; it says nothing about KMS
 * itself.
 */
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DecryptCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { describe, expect, it } from "vitest";
import { KmsSecretBox } from "../../functions/store/kms-secret-box.js";
import { LocalSecretBox } from "../../functions/store/local-secret-box.js";

const SECRET = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;

describe("local secret box", () => {
  it("makes its key file on the first seal, readable by its owner only, and reuses it", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "nianbao-key-")), "webhook-secrets.key");
    const box = new LocalSecretBox({ keyFile: file });
    expect(existsSync(file)).toBe(false); // an installation without webhooks has no key
    const sealed = await box.seal(SECRET, "0123456789abcdef");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(sealed).not.toContain(SECRET.slice(6));
    expect(await new LocalSecretBox({ keyFile: file }).open(sealed, "0123456789abcdef")).toBe(SECRET);
  });

  it("does not open a secret moved to another subscription, tampered with, or under another key", async () => {
    const box = new LocalSecretBox(Buffer.alloc(32, 1));
    const sealed = await box.seal(SECRET, "0123456789abcdef");
    await expect(box.open(sealed, "fedcba9876543210")).rejects.toThrow();
    const [v, iv, data, tag] = sealed.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0]! ^= 1;
    await expect(box.open([v, iv, flipped.toString("base64url"), tag].join("."), "0123456789abcdef")).rejects.toThrow();
    await expect(new LocalSecretBox(Buffer.alloc(32, 2)).open(sealed, "0123456789abcdef")).rejects.toThrow();
  });
});

describe("KMS secret box (stand-in client)", () => {
  it("encrypts and decrypts with the key and the subscription as encryption context", async () => {
    const inner = new LocalSecretBox(Buffer.alloc(32, 3));
    const calls: string[] = [];
    const kms = {
      async send(command: EncryptCommand | DecryptCommand) {
        const input = command.input as { KeyId?: string; EncryptionContext?: Record<string, string>; Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array };
        calls.push(`${command.constructor.name} ${input.KeyId} ${JSON.stringify(input.EncryptionContext)}`);
        const context = input.EncryptionContext!.subscription!;
        if (command instanceof EncryptCommand) return { CiphertextBlob: Buffer.from(await inner.seal(Buffer.from(input.Plaintext!).toString(), context)) };
        return { Plaintext: Buffer.from(await inner.open(Buffer.from(input.CiphertextBlob!).toString(), context)) };
      },
    } as unknown as KMSClient;
    const box = new KmsSecretBox(kms, "arn:aws:kms:ap-southeast-1:123456789012:key/k");
    const sealed = await box.seal(SECRET, "0123456789abcdef");
    expect(sealed).toMatch(/^kms\./);
    expect(await box.open(sealed, "0123456789abcdef")).toBe(SECRET);
    expect(calls).toEqual([
      'EncryptCommand arn:aws:kms:ap-southeast-1:123456789012:key/k {"subscription":"0123456789abcdef"}',
      'DecryptCommand arn:aws:kms:ap-southeast-1:123456789012:key/k {"subscription":"0123456789abcdef"}',
    ]);
    await expect(box.open("v1.abc", "0123456789abcdef")).rejects.toThrow(/KMS/);
  });
});
