/** Embedded s3rver and dynalite for a test file, on loopback, with the real AWS SDK in front. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulators, type Emulators } from "../../functions/local/emulators.js";
import { createStores, type Stores } from "../../functions/store/config.js";

export interface TestStores extends Stores {
  readonly emulators: Emulators;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startTestStores(options: { linkExpirySeconds?: number } = {}): Promise<TestStores> {
  const dataDir = mkdtempSync(join(tmpdir(), "nianbao-stores-"));
  const emulators = await startEmulators({ dataDir, inMemoryTables: true, ...options });
  const stores = createStores(emulators.config);
  await stores.ensureTables();
  return {
    ...stores,
    emulators,
    dataDir,
    async close() {
      await emulators.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
