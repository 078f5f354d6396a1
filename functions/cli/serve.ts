/**
 * `nianbao serve [--port 3000] [--data .data]`: the whole service on 127.0.0.1 (what `npm start` runs).
 *
 * Lifecycle: SIGINT and SIGTERM (what Ctrl-C and process managers send) are handled from the first
 * moment, also while the first start is still publishing the examples: the service then stops
 * cleanly — requests and renders in flight finish (bounded), the queue, the browser and the stores
 * close — and exits 0. A second signal stops at once. A port in use, a browser that does not start
 * or a data folder that cannot be written is one line on stderr and exit code 2.
 */
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { LocalService } from "../local/server.js";
import { clearRunningService, runningService, writeRunningService } from "../local/state.js";
import { BrowserLaunchError } from "../render/errors.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const SERVE_USAGE = "nianbao serve [--port 3000] [--data .data]";
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
/** the example printed on every page of the pool at start (ReportRenderer.warm) */
const WARM_SAMPLE = "yunxi-county-2024.json";
/** How long requests, renders and queue deliveries in flight get to finish when stopping. */
const STOP_GRACE_MS = 10_000;

/** A reason the service cannot start that its user can act on: shown as one line. */
class StartupProblem extends Error {}

const DATA_DIR_ERRORS = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOSPC", "EISDIR"]);

function startupProblem(error: unknown, port: number, dataDir: string): StartupProblem | undefined {
  if (error instanceof StartupProblem) return error;
  const code = (error as NodeJS.ErrnoException)?.code ?? "";
  if (code === "EADDRINUSE") return new StartupProblem(`端口 ${port} 已被占用：请用 --port 换一个端口，或先停止占用它的程序。`);
  if (error instanceof BrowserLaunchError) return new StartupProblem(`无法启动生成 PDF 用的浏览器（${error.message}）。`);
  if (DATA_DIR_ERRORS.has(code)) return new StartupProblem(`数据目录 ${dataDir} 不可写（${code}）：请换一个 --data 目录或修正其权限。`);
  return undefined;
}

/** SIGINT/SIGTERM from now on: the first asks to stop, a second stops at once. */
function stopSignals(out: Output) {
  let received: NodeJS.Signals | undefined;
  let wake: (() => void) | undefined;
  const requested = new Promise<void>((resolveStop) => (wake = resolveStop));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      out.error(`再次收到 ${signal}，立即退出。`);
      process.exit(1); // the browser exits with us: it is launched over a pipe
    }
    received = signal;
    wake!();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    requested,
    get stopped() {
      return received !== undefined;
    },
    remove() {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

function prepareDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  accessSync(dataDir, constants.W_OK | constants.X_OK);
}

export async function serveCommand(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: "string" }, data: { type: "string" }, quiet: { type: "boolean" } } });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port 须为 0–65535 的整数。");
  const dataDir = resolve(values.data ?? ".data");
  const signals = stopSignals(out);
  // The service's modules load only for this command: the other commands start without them.
  const [{ startLocalService }, { bootstrap, BootstrapStoppedError }, { validateReport }] = await Promise.all([
    import("../local/server.js"),
    import("../local/bootstrap.js"),
    import("../report/index.js"),
  ]);
  let service: LocalService | undefined;
  try {
    prepareDataDir(dataDir);
    const other = runningService(dataDir);
    if (other) throw new StartupProblem(`${dataDir} 已由进程 ${other.pid} 的服务使用（${other.url}）。`);
    const started = performance.now();
    service = await startLocalService({
      dataDir,
      port,
      log: values.quiet ? undefined : (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
    });
    // A service that cannot render is no service: find out now, not at the first publish.
    if (!signals.stopped) await service.renderer?.warm();
    // Then, without holding up the start, an example printed on every page of the pool readies them
    // all for the first burst of work (about a second of CPU; renders that come meanwhile wait for a
    // page as they would anyway). A failure here shows again at the first render, and is answered there.
    const sample = validateReport(JSON.parse(readFileSync(join(EXAMPLES, WARM_SAMPLE), "utf8"))).normalized;
    if (!signals.stopped && sample) service.renderer?.warm(sample).catch(() => undefined);
    writeRunningService(dataDir, { pid: process.pid, url: service.url, config: service.emulators.config });
    out.print(`Nianbao 本地服务：${service.url}（数据：${dataDir}）`);
    if (service.emulators.s3PortChanged) out.error("注意：文档存储原来的端口已被其他程序占用，已改用新端口；此前发出的下载链接不再有效。");
    const first = signals.stopped ? undefined : await bootstrap(service, { dataDir, examplesDir: EXAMPLES, stopped: () => signals.stopped });
    if (first) {
      out.print("\n首次启动，已创建令牌（只显示这一次）：");
      for (const t of first.tokens) out.print(`  ${t.role.padEnd(6)} ${t.token}  范围：${t.scopes.join(" ")}`);
      first.shown();
      out.print("\n已发布示例报告，公众下载链接：");
      for (const p of first.published) out.print(`  ${p.link}`);
    }
    if (!signals.stopped) {
      out.print(`\n就绪（${Math.round(performance.now() - started)} ms）。API 说明：${service.url}/openapi.json　按 Ctrl-C 停止。`);
      await signals.requested;
    }
    out.print("正在停止……");
    await service.stop(STOP_GRACE_MS);
    out.print("已停止。");
    return EXIT.ok;
  } catch (error) {
    await service?.stop(0).catch(() => undefined);
    if (error instanceof BootstrapStoppedError) {
      out.print("首次启动未完成即被停止：没有保留任何令牌，下次启动会重新进行首次启动。\n已停止。");
      return EXIT.ok;
    }
    const problem = startupProblem(error, port, dataDir);
    if (!problem) throw error;
    out.error(`无法启动：${problem.message}`);
    return EXIT.usage;
  } finally {
    if (service) clearRunningService(dataDir);
    signals.remove();
  }
}
