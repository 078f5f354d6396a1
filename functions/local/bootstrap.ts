/**
 * The first start of the local service: an admin token (scope `*`), a portal token scoped to the
 * example reports, and the examples published, so a newcomer has working links at once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { publish } from "../service/use-cases.js";
import { createToken } from "../service/tokens.js";
import type { LocalService } from "./server.js";

export interface Bootstrap {
  readonly tokens: { role: string; scopes: readonly string[]; token: string }[];
  readonly published: { reportId: string; version: number; link: string }[];
}

export async function bootstrap(service: LocalService, examplesDir: string): Promise<Bootstrap | undefined> {
  if (await service.stores.tokens.hasTokens()) return undefined;
  const examples = readdirSync(examplesDir).filter((f) => f.endsWith(".json")).sort();
  const exampleIds = examples.map((file) => file.replace(/\.json$/, ""));
  const tokens = [];
  for (const [role, scopes] of [["admin", ["*"]], ["portal", exampleIds]] as const) {
    const { token, record } = await createToken(service.deps, { role, scopes, label: "created on first start", issuer: { actor: "system:bootstrap" } });
    tokens.push({ role, scopes: record.scopes, token });
  }
  const published = [];
  for (const file of examples) {
    const reportId = file.replace(/\.json$/, "");
    const report = JSON.parse(readFileSync(join(examplesDir, file), "utf8"));
    const result = await publish(service.deps, { reportId, report, actor: "system:bootstrap" });
    published.push({ reportId, version: result.version.version, link: `${service.url}/d/${reportId}` });
  }
  return { tokens, published };
}
