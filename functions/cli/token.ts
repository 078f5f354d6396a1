/**
 * `nianbao token create --role portal|admin --scope <glob>... [--data .data] [--label text]`
 *
 * With --data (or when no NIANBAO_TOKEN_TABLE is configured) the token goes into the local
 * service's database — through the running service when there is one. Otherwise into the DynamoDB
 * table NIANBAO_TOKEN_TABLE (the deployed service's TokenTableName output; AWS credentials from
 * the environment).
 */
import { parseArgs } from "node:util";
import { createToken, InvalidScopeError, ROLES } from "../service/tokens.js";
import { createStores, storeConfigFromEnv } from "../store/config.js";
import type { Role, TokenStore } from "../store/ports.js";
import { withLocalStores } from "./local-stores.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const TOKEN_USAGE = "nianbao token create --role portal|admin --scope <glob>... [--data .data] [--label <说明>]";

async function withTokenStore<T>(dataDir: string | undefined, work: (tokens: TokenStore) => Promise<T>): Promise<T> {
  const awsTable = process.env.NIANBAO_TOKEN_TABLE || process.env.NIANBAO_TABLE;
  if (dataDir === undefined && awsTable) {
    return work(createStores(storeConfigFromEnv({ NIANBAO_BUCKET: "unused", NIANBAO_TABLE: awsTable, NIANBAO_TOKEN_TABLE: awsTable, ...process.env })).tokens);
  }
  return withLocalStores(dataDir ?? ".data", (stores) => work(stores.tokens));
}

export async function tokenCommand(args: string[], out: Output): Promise<number> {
  const [action, ...rest] = args;
  if (action !== "create") throw new UsageError("只支持 token create。");
  const { values } = parseArgs({
    args: rest,
    options: { role: { type: "string" }, scope: { type: "string", multiple: true }, data: { type: "string" }, label: { type: "string" } },
  });
  if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError("--role 须为 portal 或 admin。");
  if (!values.scope?.length) throw new UsageError("至少需要一个 --scope（reportId 的通配模式，如 raohe-* 或 *）。");
  try {
    const { token, record } = await withTokenStore(values.data, (tokens) =>
      createToken(tokens, { role: values.role as Role, scopes: values.scope!, ...(values.label ? { label: values.label } : {}) }),
    );
    out.print(token);
    out.error(`已创建 ${record.role} 令牌 ${record.id}，范围：${record.scopes.join(" ")}。令牌只显示这一次，只保存其哈希。`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidScopeError) throw new UsageError(error.message);
    throw error;
  }
}
