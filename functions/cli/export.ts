/**
 * `nianbao export`: every table cell of the reports (the latest version of each that stands) into a
 * CSV or XLSX file, for the operator — all reports, no scope. With --data (or when NIANBAO_TABLE is
 * not configured) from the local service's data folder; otherwise from the deployed service's table
 * and bucket (NIANBAO_TABLE, NIANBAO_BUCKET, AWS credentials from the environment). The file is written
 * through a temporary name and streamed (CSV): a failed export leaves nothing.
 */
import { open, rename, rm } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { EDITION_IDS } from "../report/editions/index.js";
import { EXPORT_FORMATS, exportTables, type ExportFormat } from "../service/export-files.js";
import { createStores, storeConfigFromEnv, type Stores } from "../store/config.js";
import type { ReportFilter } from "../store/ports.js";
import { withLocalStores } from "./local-stores.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const EXPORT_USAGE = "nianbao export [--year 2024] [--edition 2019|2021] [--prefix <reportId 开头>] [--format csv|xlsx] -o <文件> [--data .data]";

export const EXPORT_HELP = `用法：
  ${EXPORT_USAGE}

  把各报告（每份取未撤回的最新版本）表二、表三、表四的每个单元格导出为一行：
  reportId、机关、年度、格式版本、版本号、表、行、列、数值；行列名称与报告格式印刷的一致。
  CSV 为带 BOM 的 UTF-8（Excel、WPS 可直接打开），XLSX 每张表一个工作表。
  --format 省略时按 -o 的扩展名（.xlsx）决定，否则为 csv。

  有 --data（或未设置 NIANBAO_TABLE）时读取本地服务的数据目录（默认 .data）；否则读取已部署服务的
  NIANBAO_TABLE 与 NIANBAO_BUCKET（部署输出 TableName、BucketName）。
  退出码：0 已写入，2 用法错误或无法写入。`;

function filterOf(values: { year?: string; edition?: string; prefix?: string }): ReportFilter {
  const filter: { -readonly [K in keyof ReportFilter]: ReportFilter[K] } = {};
  if (values.year !== undefined) {
    if (!/^\d{4}$/.test(values.year) || Number(values.year) < 2008 || Number(values.year) > 2100) throw new UsageError("--year 须为 2008–2100 的年份");
    filter.year = Number(values.year);
  }
  if (values.edition !== undefined) {
    if (!EDITION_IDS.includes(values.edition as never)) throw new UsageError(`--edition 须为 ${EDITION_IDS.join(" 或 ")}`);
    filter.edition = values.edition;
  }
  if (values.prefix !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(values.prefix)) throw new UsageError("--prefix 须为 reportId 的开头（a-z、0-9、-）");
    filter.reportIdPrefix = values.prefix;
  }
  return filter;
}

async function withStores<T>(dataDir: string | undefined, work: (stores: Stores) => Promise<T>): Promise<T> {
  if (dataDir === undefined && process.env.NIANBAO_TABLE) {
    if (!process.env.NIANBAO_BUCKET) throw new UsageError("设置了 NIANBAO_TABLE 却没有 NIANBAO_BUCKET：报告的数字在桶里（部署输出 BucketName），请一并设置。");
    return work(createStores(storeConfigFromEnv()));
  }
  return withLocalStores(dataDir ?? ".data", work);
}

export async function exportCommand(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      year: { type: "string" },
      edition: { type: "string" },
      prefix: { type: "string" },
      format: { type: "string" },
      output: { type: "string", short: "o" },
      data: { type: "string" },
    },
  });
  if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(" ")}`);
  if (!values.output) throw new UsageError("缺少 -o <文件>");
  const format = (values.format ?? (values.output.toLowerCase().endsWith(".xlsx") ? "xlsx" : "csv")) as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError("--format 须为 csv 或 xlsx");
  const filter = filterOf(values);
  const path = values.output;
  const temporary = `${path}.${process.pid}.tmp`;
  // the file first: a path that cannot be written fails before any storage is opened
  let handle;
  try {
    handle = await open(temporary, "wx", 0o644);
  } catch (error) {
    out.error(`无法写入 ${path}：${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return EXIT.usage;
  }
  try {
    await withStores(values.data, async (stores) => {
      const file = await exportTables(stores, { filter, scopes: ["*"], format });
      await pipeline(file.body, handle.createWriteStream());
    });
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  out.print(`已写入 ${path}（${format}）`);
  return EXIT.ok;
}
