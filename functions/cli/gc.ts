/**
 * `nianbao gc [--data .data] [--older-than-hours 24] [--dry-run]`: deletes the local service's
 * orphaned objects (written by publishes that failed before their version was recorded), like the
 * daily cleanup does on AWS. Objects younger than the grace period are left alone: their publish may
 * still be in flight.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sweepOrphans } from "../service/orphans.js";
import { withLocalStores } from "./local-stores.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const GC_USAGE = "nianbao gc [--data .data] [--older-than-hours 24] [--dry-run]";

export const GC_HELP = `用法：${GC_USAGE}

删除本地服务中没有任何版本引用的孤立对象（发布在记录版本之前失败时留下的 PDF 与源文件）。
AWS 上由每日定时任务完成同样的清理。

  --data <目录>            本地服务的数据目录（默认 .data）；服务正在运行时经由它访问
  --older-than-hours <n>   只处理早于 n 小时的对象（默认 24，至少 1），正在进行的发布不受影响
  --dry-run                只列出，不删除

每个孤立对象的键打印到标准输出，汇总打印到标准错误。
退出码：0 完成（包括没有孤立对象），2 用法错误。`;

export async function gcCommand(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: "string" }, "older-than-hours": { type: "string" }, "dry-run": { type: "boolean" } },
  });
  const hours = Number(values["older-than-hours"] ?? 24);
  if (!Number.isFinite(hours) || hours < 1) throw new UsageError("--older-than-hours 须为不小于 1 的数。");
  const dryRun = values["dry-run"] === true;
  const result = await withLocalStores(resolve(values.data ?? ".data"), (stores) =>
    sweepOrphans(stores, { olderThanMs: hours * 3600_000, delete: !dryRun }),
  );
  for (const key of result.orphans) out.print(key);
  out.error(
    `${dryRun ? "发现" : "已删除"} ${result.orphans.length} 个孤立对象（检查了 ${result.reports} 份报告的 ${result.objects} 个对象，早于 ${hours} 小时）${dryRun ? "；--dry-run：未删除" : ""}。`,
  );
  return EXIT.ok;
}
