/**
 * `nianbao serve` as a real child process, and its browser's processes counted by the ids the
 * service itself recorded (never a machine-wide count: other services run Chromium beside it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN } from "./cli.js";

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout matches, failing if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null>;
}

export function spawnServe(dataDir: string, options: { port?: number; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): ServeProcess {
  const child = spawn(process.execPath, [BIN, "serve", "--port", String(options.port ?? 0), "--data", dataDir, ...(options.quiet === false ? [] : ["--quiet"])], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString("utf8")));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    async waitFor(pattern, timeoutMs = 90_000) {
      const started = performance.now();
      for (;;) {
        const match = pattern.exec(out);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited (${child.exitCode ?? child.signalCode}) before ${pattern}: ${out}\n${err}`);
        if (performance.now() - started > timeoutMs) throw new Error(`serve did not print ${pattern}: ${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited: () => exit,
  };
}

/** What a first start printed: the service's address, its tokens and its links. */
export function firstStart(stdout: string) {
  return {
    url: /本地服务：(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1],
    tokens: Object.fromEntries([...stdout.matchAll(/^\s+(admin|portal)\s+(nb_\S+)(?:\s+范围：.*)?$/gm)].map((m) => [m[1], m[2]])) as Record<string, string>,
    links: [...stdout.matchAll(/^\s+(http:\/\/127\.0\.0\.1:\d+\/d\/[a-z0-9-]+)$/gm)].map((m) => m[1]!),
  };
}

function stat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Whether a process runs (a zombie, dead but not yet reaped, does not). */
export function running(pid: number): boolean {
  const fields = stat(pid);
  return fields !== undefined && fields[0] !== "Z";
}

/** The browsers the service in `dataDir` recorded, with every process of their process groups. */
export function recordedBrowserProcesses(dataDir: string): number[] {
  const file = join(dataDir, "browsers.json");
  if (!existsSync(file)) return [];
  const leaders = (JSON.parse(readFileSync(file, "utf8")) as { pid: number }[]).map((r) => r.pid);
  const members = readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .map(Number)
    .filter((pid) => leaders.includes(Number(stat(pid)?.[2])));
  return [...new Set([...leaders, ...members])];
}

/**
 * Every browser process the service in `dataDir` records while the watch runs (a browser that
 * starts and stops between two looks at the file is still caught by its process group).
 */
export function watchBrowserProcesses(dataDir: string, everyMs = 20): { stop(): number[] } {
  const seen = new Set<number>();
  const look = () => {
    for (const pid of recordedBrowserProcesses(dataDir)) seen.add(pid);
  };
  look();
  const timer = setInterval(look, everyMs);
  return {
    stop() {
      clearInterval(timer);
      look();
      return [...seen];
    },
  };
}
