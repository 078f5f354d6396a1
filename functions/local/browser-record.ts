/**
 * The second line against a Chromium that outlives the service. The first is the pipe it is
 * launched over (it exits when the service does, even after a SIGKILL); this one records every
 * browser the service starts in the data folder (browsers.json), and at the next start kills any
 * that is still running though its service is gone.
 *
 * A process id alone could by then name an unrelated process: each record also holds the process's
 * start time (from /proc), and only a process with both the same id and the same start time is
 * killed — with its process group, which holds its helper processes.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { processAlive } from "./state.js";

export interface BrowserRecord {
  readonly pid: number;
  /** the process's start time in clock ticks since boot (/proc/<pid>/stat, field 22) */
  readonly startTime: string;
  /** the service process that launched it */
  readonly owner: number;
}

const FILE = "browsers.json";

/** A process's start time, or undefined when it is not running (or /proc is not there). */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command name, which is in parentheses and may itself hold spaces
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function read(dataDir: string): BrowserRecord[] {
  const file = join(dataDir, FILE);
  if (!existsSync(file)) return [];
  try {
    const records = JSON.parse(readFileSync(file, "utf8")) as unknown;
    return Array.isArray(records) ? (records as BrowserRecord[]) : [];
  } catch {
    return [];
  }
}

function write(dataDir: string, records: readonly BrowserRecord[]): void {
  const file = join(dataDir, FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(records)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Remembers a browser this process launched, or forgets one that has exited. */
export function recordBrowser(dataDir: string, event: { pid: number; state: "launched" | "exited" }): void {
  const others = read(dataDir).filter((record) => record.pid !== event.pid);
  const startTime = event.state === "launched" ? processStartTime(event.pid) : undefined;
  write(dataDir, startTime ? [...others, { pid: event.pid, startTime, owner: process.pid }] : others);
}

/** The recorded browsers that are still running. */
export function recordedBrowsers(dataDir: string): BrowserRecord[] {
  return read(dataDir).filter((record) => processStartTime(record.pid) === record.startTime);
}

/**
 * Kills every recorded browser whose service is gone, and forgets it. Returns the ids killed.
 * Browsers of a service still running on this folder are left alone.
 */
export function reapStrayBrowsers(dataDir: string): number[] {
  const records = read(dataDir);
  if (records.length === 0) return [];
  const killed: number[] = [];
  const kept: BrowserRecord[] = [];
  for (const record of records) {
    if (processStartTime(record.pid) !== record.startTime) continue; // gone, or its id reused
    if (record.owner !== process.pid && processAlive(record.owner)) {
      kept.push(record);
      continue;
    }
    try {
      process.kill(-record.pid, "SIGKILL"); // it leads its own process group
    } catch {
      try {
        process.kill(record.pid, "SIGKILL");
      } catch {
        continue;
      }
    }
    killed.push(record.pid);
  }
  write(dataDir, kept);
  return killed;
}
