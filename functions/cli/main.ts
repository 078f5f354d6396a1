/** The `nianbao` command line: dispatches to one module per command. */
import { GC_HELP, GC_USAGE, gcCommand } from "./gc.js";
import { CHECK_LAYOUT_USAGE, checkLayoutCommand } from "./check-layout.js";
import { consoleOutput, EXIT, UsageError, type Output } from "./output.js";
import { RENDER_USAGE, renderCommand } from "./render.js";
import { SERVE_USAGE, serveCommand } from "./serve.js";
import { TOKEN_HELP, TOKEN_USAGE, tokenCommand } from "./token.js";
import { VALIDATE_USAGE, validateCommand } from "./validate.js";

interface Command {
  readonly usage: string;
  readonly summary: string;
  /** what `<command> --help` prints (default: usage and summary) */
  readonly help?: string;
  readonly run: (args: string[], out: Output) => Promise<number>;
}

/** Every command; a new one is a module exporting its usage and run function, and a line here. */
const COMMANDS: Readonly<Record<string, Command>> = {
  validate: { usage: VALIDATE_USAGE, summary: "校验报告的结构与表格勾稽关系（退出码 0 有效，1 无效，2 无法读取或用法错误）", run: validateCommand },
  render: { usage: RENDER_USAGE, summary: "校验并生成 PDF，可同时生成 OFD 版式文件（无效的报告只打印诊断，不写文件；退出码 0、1 无效或无法生成 OFD、2 用法错误）", run: renderCommand },
  serve: { usage: SERVE_USAGE, summary: "在 127.0.0.1 上运行整个服务（内嵌 S3 与 DynamoDB，数据保存在 --data 目录）", run: serveCommand },
  token: { usage: TOKEN_USAGE, summary: "签发（只打印一次，只保存哈希）、列出、撤销 API 令牌（退出码 1：没有这个令牌）", help: TOKEN_HELP, run: tokenCommand },
  gc: { usage: GC_USAGE, summary: "删除本地服务中没有版本引用的孤立对象（--dry-run 只列出；退出码 0 完成，2 用法错误）", help: GC_HELP, run: gcCommand },
  "check-layout": { usage: CHECK_LAYOUT_USAGE, summary: "按 GB/T 9704 与排版规则检查任意 PDF 的分页与断行（退出码 0 合格，1 有问题，2 无法读取或用法错误）", run: checkLayoutCommand },
};

export function helpText(): string {
  return [
    "nianbao — 政府信息公开工作年度报告服务",
    "",
    "用法：",
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`),
    "",
    "nianbao --help 显示本说明；nianbao <命令> --help 显示该命令的用法。",
  ].join("\n");
}

export async function main(argv: string[], out: Output = consoleOutput): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    out.print(helpText());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.error(`未知命令“${name}”。\n\n${helpText()}`);
    return EXIT.usage;
  }
  if (args.includes("--help") || args.includes("-h")) {
    out.print(command.help ?? `用法：${command.usage}\n\n${command.summary}`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, out);
  } catch (error) {
    // parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (error instanceof UsageError || code.startsWith("ERR_PARSE_ARGS")) {
      out.error(`${(error as Error).message}\n用法：${command.usage}`);
      return EXIT.usage;
    }
    throw error;
  }
}
