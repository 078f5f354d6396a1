/**
 * Webhook secrets must sign every delivery, so unlike tokens they cannot be kept as hashes: they are
 * kept sealed. The port seals and opens a secret bound to its subscription (the subscription id is the
 * associated data / KMS encryption context, so a sealed secret copied onto another subscription does
 * not open). Adapters: KMS on AWS (store/kms-secret-box.ts), AES-256-GCM with a key file locally
 * (store/local-secret-box.ts).
 */
export interface SecretBox {
  seal(secret: string, subscriptionId: string): Promise<string>;
  open(sealed: string, subscriptionId: string): Promise<string>;
}
