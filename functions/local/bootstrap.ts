/**
 * The first start of the local service: an admin and a portal token, and the example reports
 * published, so a newcomer has working links at once.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { publish } from "../service/use-cases.js";
import { createToken } from "../service/tokens.js";
import type { LocalService } from "./server.js";

export interface Bootstrap {
  readonly tokens: { role: string; token: string }[];
  readonly published: { reportId: string; version: number; link: string }[];
}

export async function bootstrap(service: LocalService, examplesDir: string): Promise<Bootstrap | undefined> {
  if (await service.stores.tokens.hasTokens()) return undefined;
  const tokens = [];
  for (const role of ["admin", "portal"] as const) {
    const { token } = await createToken(service.stores.tokens, { role, scopes: ["*"], label: "created on first start" });
    tokens.push({ role, token });
  }
  const published = [];
  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".json")).sort()) {
    const reportId = file.replace(/\.json$/, "");
    const report = JSON.parse(readFileSync(join(examplesDir, file), "utf8"));
    const result = await publish(service.deps, { reportId, report, actor: "system:bootstrap" });
    published.push({ reportId, version: result.version.version, link: `${service.url}/d/${reportId}` });
  }
  return { tokens, published };
}
