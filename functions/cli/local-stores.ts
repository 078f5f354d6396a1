/**
 * The local service's storage for a one-off command (`token`, `gc`): through the running service's
 * emulators when a service runs on the data folder (two processes must not open the same files),
 * otherwise emulators started for the command and stopped after it.
 */
import { mkdirSync } from "node:fs";
import { startEmulators } from "../local/emulators.js";
import { runningService } from "../local/state.js";
import { createStores, type Stores } from "../store/config.js";

export async function withLocalStores<T>(dataDir: string, work: (stores: Stores) => Promise<T>): Promise<T> {
  const running = runningService(dataDir);
  if (running) return work(createStores(running.config));
  mkdirSync(dataDir, { recursive: true });
  const emulators = await startEmulators({ dataDir });
  try {
    const stores = createStores(emulators.config, emulators.transport);
    await stores.ensureTables();
    return await work(stores);
  } finally {
    await emulators.stop();
  }
}
