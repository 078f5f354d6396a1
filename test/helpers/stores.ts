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

/** `tokenTable`: tokens in a table of their own, as on AWS (by default the one table, as locally). */
export async function startTestStores(options: { linkExpirySeconds?: number; tokenTable?: string } = {}): Promise<TestStores> {
  const dataDir = mkdtempSync(join(tmpdir(), "nianbao-stores-"));
  const { tokenTable, ...emulatorOptions } = options;
  const emulators = await startEmulators({ dataDir, inMemoryTables: true, ...emulatorOptions });
  const stores = createStores({ ...emulators.config, ...(tokenTable ? { tokenTable } : {}) });
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
