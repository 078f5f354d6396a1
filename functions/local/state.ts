/**
 * What a running local service leaves in its data folder, so that `nianbao token create --data`
 * can reach its database instead of opening the same files a second time. The storage credentials
 * are not repeated here: they stay in installation.json.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { StoreConfig } from "../store/config.js";
import { loadInstallation } from "./installation.js";

export interface RunningService {
  readonly pid: number;
  readonly url: string;
  readonly config: StoreConfig;
}

const FILE = "service.json";

export function writeRunningService(dataDir: string, state: RunningService): void {
  const { credentials: _secret, ...config } = state.config;
  writeFileSync(join(dataDir, FILE), `${JSON.stringify({ ...state, config }, null, 2)}\n`, { mode: 0o600 });
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
    if (!processAlive(state.pid)) return undefined;
    return { ...state, config: { ...state.config, credentials: loadInstallation(dataDir).credentials } };
  } catch {
    return undefined;
  }
}
