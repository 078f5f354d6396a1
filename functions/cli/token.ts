/**
 * `nianbao token create|list|revoke`: the operator's hand on the tokens.
 *
 * With --data (or when neither NIANBAO_TABLE nor NIANBAO_TOKEN_TABLE is configured) it works on the
 * local service's database — through the running service's storage when there is one, so a revocation
 * holds from the service's next request. Otherwise on the deployed service's tables, with AWS
 * credentials from the environment: the tokens in NIANBAO_TOKEN_TABLE (their own table on AWS; the
 * metadata table when unset), the audit entries in NIANBAO_TABLE. The operator is not limited to a
 * scope (it holds the database itself); every create and revoke is in the audit trail as `cli:<user>`.
 */
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createToken, InvalidExpiryError, InvalidScopeError, listTokens, MAX_EXPIRY_DAYS, revokeToken, ROLES, TokenNotFoundError, type TokenDeps } from "../service/tokens.js";
import { createStores, storeConfigFromEnv } from "../store/config.js";
import type { Role } from "../store/ports.js";
import { withLocalStores } from "./local-stores.js";
import { EXIT, UsageError, type Output } from "./output.js";

export const TOKEN_USAGE = [
  `nianbao token create --role portal|admin --scope <glob>... [--label <说明>] [--expires-in-days 1–${MAX_EXPIRY_DAYS}] [--data .data]`,
  "nianbao token list [--json] [--data .data]",
  "nianbao token revoke <tokenId> [--data .data]",
].join("\n  ");

export const TOKEN_HELP = `用法：
  ${TOKEN_USAGE}

  create   签发令牌并只打印这一次（只保存其哈希）。--scope 可重复，是 reportId 的通配模式：
           * 匹配任意一串字符，? 匹配一个字符，如 raohe-* 或 yunxi-county-2024。
  list     列出令牌：编号、角色、范围、说明、创建/到期/最近使用/撤销时间；从不显示令牌本身。
  revoke   撤销令牌：此后该令牌在本地立即失效（AWS 上至多 60 秒内）。退出码 1：没有这个令牌。

  有 --data（或 NIANBAO_TABLE、NIANBAO_TOKEN_TABLE 都未设置）时操作本地服务的数据目录（默认 .data）；
  否则操作已部署服务的 DynamoDB 表：审计记录在 NIANBAO_TABLE（部署输出 TableName），令牌在
  NIANBAO_TOKEN_TABLE（部署输出 TokenTableName；未设置时同 NIANBAO_TABLE）。`;

const operator = () => `cli:${userInfo().username.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 64) || "operator"}`;

async function withTokenDeps<T>(dataDir: string | undefined, work: (deps: TokenDeps) => Promise<T>): Promise<T> {
  if (dataDir === undefined && (process.env.NIANBAO_TABLE || process.env.NIANBAO_TOKEN_TABLE)) {
    // the tokens alone would do, but then a create or revoke would go unaudited
    if (!process.env.NIANBAO_TABLE) throw new UsageError("设置了 NIANBAO_TOKEN_TABLE 却没有 NIANBAO_TABLE：令牌的签发与撤销记入该表的审计记录（部署输出 TableName），请一并设置。");
    return work(createStores(storeConfigFromEnv({ NIANBAO_BUCKET: "unused", ...process.env })));
  }
  return withLocalStores(dataDir ?? ".data", work);
}

async function create(args: string[], out: Output): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: "string" },
      scope: { type: "string", multiple: true },
      data: { type: "string" },
      label: { type: "string" },
      "expires-in-days": { type: "string" },
    },
  });
  if (!values.role || !ROLES.includes(values.role as Role)) throw new UsageError("--role 须为 portal 或 admin。");
  if (!values.scope?.length) throw new UsageError("至少需要一个 --scope（reportId 的通配模式，如 raohe-* 或 *）。");
  const days = values["expires-in-days"];
  if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new UsageError(`--expires-in-days 须为 1 至 ${MAX_EXPIRY_DAYS} 的整数。`);
  try {
    const { token, record } = await withTokenDeps(values.data, (deps) =>
      createToken(deps, {
        role: values.role as Role,
        scopes: values.scope!,
        ...(values.label ? { label: values.label } : {}),
        ...(days !== undefined ? { expiresInDays: Number(days) } : {}),
        issuer: { actor: operator() },
      }),
    );
    out.print(token);
    out.error(
      `已创建 ${record.role} 令牌 ${record.id}，范围：${record.scopes.join(" ")}${record.expiresAt ? `，到期：${record.expiresAt}` : ""}。令牌只显示这一次，只保存其哈希。`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof InvalidScopeError || error instanceof InvalidExpiryError) throw new UsageError(error.message);
    throw error;
  }
}

async function list(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: "string" }, json: { type: "boolean" } } });
  if (positionals.length) throw new UsageError("token list 不接受位置参数。");
  const tokens = await withTokenDeps(values.data, (deps) => listTokens(deps, { actor: operator() }));
  if (values.json) {
    out.print(JSON.stringify({ items: tokens }, null, 2));
    return EXIT.ok;
  }
  if (!tokens.length) {
    out.print("没有令牌。");
    return EXIT.ok;
  }
  for (const t of tokens) {
    const state = t.revokedAt ? `已撤销 ${t.revokedAt}` : t.expiresAt && t.expiresAt <= new Date().toISOString() ? `已过期 ${t.expiresAt}` : "有效";
    out.print(
      [
        `${t.tokenId}  ${t.role.padEnd(6)}  ${state}  范围：${t.scopes.join(" ")}`,
        `    ${t.label ?? "（无说明）"}；创建 ${t.createdAt}${t.createdBy ? `（${t.createdBy}）` : ""}` +
          `${t.expiresAt ? `；到期 ${t.expiresAt}` : ""}；最近使用 ${t.lastUsedAt ?? "从未"}`,
      ].join("\n"),
    );
  }
  return EXIT.ok;
}

async function revoke(args: string[], out: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { data: { type: "string" } } });
  if (positionals.length !== 1) throw new UsageError("需要且只需要一个令牌编号（token list 的第一列）。");
  const tokenId = positionals[0]!;
  try {
    const revoked = await withTokenDeps(values.data, (deps) => revokeToken(deps, tokenId, { actor: operator() }));
    out.print(`已撤销令牌 ${revoked.tokenId}（${revoked.role}，范围：${revoked.scopes.join(" ")}），撤销时间 ${revoked.revokedAt}。`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof TokenNotFoundError) {
      out.error(`没有令牌 ${tokenId}。用 nianbao token list 查看令牌编号。`);
      return EXIT.invalid;
    }
    throw error;
  }
}

export async function tokenCommand(args: string[], out: Output): Promise<number> {
  const [action, ...rest] = args;
  if (action === "create") return create(rest, out);
  if (action === "list") return list(rest, out);
  if (action === "revoke") return revoke(rest, out);
  throw new UsageError(action === undefined ? "需要子命令 create、list 或 revoke。" : `未知子命令“${action}”：只有 create、list、revoke。`);
}
