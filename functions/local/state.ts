/**
 * What a running local service leaves in its data folder, so that `nianbao token create --data`
 * can reach its database instead of opening the same files a second time.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StoreConfig } from "../store/config.js";

export interface RunningService {
  readonly pid: number;
  readonly url: string;
  readonly config: StoreConfig;
}

const FILE = "service.json";

export function writeRunningService(dataDir: string, state: RunningService): void {
  writeFileSync(join(dataDir, FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function clearRunningService(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

/** Whether a process of this id is running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The service running on this data folder, if there is one. */
export function runningService(dataDir: string): RunningService | undefined {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as RunningService;
    return processAlive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}
