/**
 * Webhook secrets sealed with a KMS key of the stack: Encrypt when a subscription is created (the
 * webhooks function may only encrypt), Decrypt when a delivery is signed (the delivery function may
 * only decrypt), both under the encryption context { subscription: <id> }.
 */
import { DecryptCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import type { SecretBox } from "../service/secret-box.js";

export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(secret: string, subscriptionId: string): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({ KeyId: this.keyId, Plaintext: Buffer.from(secret, "utf8"), EncryptionContext: { subscription: subscriptionId } }),
    );
    if (!CiphertextBlob) throw new Error("KMS returned no ciphertext");
    return `kms.${Buffer.from(CiphertextBlob).toString("base64url")}`;
  }

  async open(sealed: string, subscriptionId: string): Promise<string> {
    if (!sealed.startsWith("kms.")) throw new Error("not a KMS-sealed secret");
    const { Plaintext } = await this.kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: Buffer.from(sealed.slice(4), "base64url"), EncryptionContext: { subscription: subscriptionId } }),
    );
    if (!Plaintext) throw new Error("KMS returned no plaintext");
    return Buffer.from(Plaintext).toString("utf8");
  }
}
