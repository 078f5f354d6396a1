/** `nianbao serve [--port 3000] [--data .data]`: the whole service on 127.0.0.1 (what `npm start` runs). */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bootstrap } from "../local/bootstrap.js";
import { startLocalService } from "../local/server.js";
import { clearRunningService, runningService, writeRunningService } from "../local/state.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const SERVE_USAGE = "nianbao serve [--port 3000] [--data .data]";
const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));

export async function serveCommand(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: "string" }, data: { type: "string" }, quiet: { type: "boolean" } } });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError("--port 须为 0–65535 的整数。");
  const dataDir = resolve(values.data ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const other = runningService(dataDir);
  if (other) {
    out.error(`${dataDir} 已由进程 ${other.pid} 的服务使用（${other.url}）。`);
    return EXIT.usage;
  }
  const started = performance.now();
  const service = await startLocalService({
    dataDir,
    port,
    log: values.quiet ? undefined : (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
  });
  writeRunningService(dataDir, { pid: process.pid, url: service.url, config: service.emulators.config });
  out.print(`Nianbao 本地服务：${service.url}（数据：${dataDir}）`);
  const first = await bootstrap(service, EXAMPLES);
  if (first) {
    out.print("\n首次启动，已创建令牌（只显示这一次）：");
    for (const t of first.tokens) out.print(`  ${t.role.padEnd(6)} ${t.token}  范围：${t.scopes.join(" ")}`);
    out.print("\n已发布示例报告，公众下载链接：");
    for (const p of first.published) out.print(`  ${p.link}`);
  }
  out.print(`\n就绪（${Math.round(performance.now() - started)} ms）。API 说明：${service.url}/openapi.json　按 Ctrl-C 停止。`);

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  out.print("正在停止……");
  await service.stop();
  clearRunningService(dataDir);
  out.print("已停止。");
  return EXIT.ok;
}
