/**
 * The first start of the local service: an admin token (scope `*`), a portal token scoped to the
 * example reports, and the examples published, so a newcomer has working links at once.
 *
 * All or nothing: every example is validated and rendered before anything is stored; the tokens are
 * stored last, and their secrets are shown right after. Until they have been shown, a journal in the
 * data folder (first-start.json) names them: a first start that fails or is stopped before that
 * point removes them, and so does the next start if this one was killed, so no token survives that
 * nobody has seen — and the next start is a first start again.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { validateReport, type NormalizedReport } from "../report/index.js";
import type { PdfRenderer } from "../service/ports.js";
import { createToken } from "../service/tokens.js";
import { publish } from "../service/use-cases.js";
import { sha256, sourceBytes } from "../service/versions.js";
import type { TokenStore } from "../store/ports.js";
import type { LocalService } from "./server.js";

export interface Bootstrap {
  readonly tokens: { role: string; scopes: readonly string[]; token: string }[];
  readonly published: { reportId: string; version: number; link: string }[];
  /** Call once the tokens have been shown: from then on they are the user's. */
  shown(): void;
}

/** The first start was stopped (a signal) before it finished; nothing of it was kept. */
export class BootstrapStoppedError extends Error {}

const JOURNAL = "first-start.json";

interface Journal {
  /** hashes of tokens stored but not yet shown */
  readonly tokens: string[];
}

function writeJournal(dataDir: string, journal: Journal): void {
  const file = join(dataDir, JOURNAL);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(journal)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** Removes the tokens of a first start that never showed them. */
async function undoUnshownTokens(dataDir: string, tokens: TokenStore): Promise<void> {
  const file = join(dataDir, JOURNAL);
  if (!existsSync(file)) return;
  let journal: Journal = { tokens: [] };
  try {
    journal = JSON.parse(readFileSync(file, "utf8")) as Journal;
  } catch {
    // cut short while being written: it named no token yet that is not also in the previous version
  }
  for (const hash of journal.tokens ?? []) await tokens.deleteToken(hash);
  rmSync(file, { force: true });
}

/** The examples, validated and rendered, ready to store. */
async function prepareExamples(renderer: PdfRenderer, examplesDir: string) {
  const prepared: { reportId: string; report: unknown; normalized: NormalizedReport; rendered: Awaited<ReturnType<PdfRenderer["render"]>> }[] = [];
  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith(".json")).sort()) {
    const report = JSON.parse(readFileSync(join(examplesDir, file), "utf8")) as unknown;
    const result = validateReport(report);
    if (!result.valid || !result.normalized) throw new Error(`the example ${file} is not valid`);
    prepared.push({ reportId: file.replace(/\.json$/, ""), report, normalized: result.normalized, rendered: await renderer.render(result.normalized) });
  }
  return prepared;
}

export async function bootstrap(
  service: LocalService,
  options: { dataDir: string; examplesDir: string; stopped?: () => boolean },
): Promise<Bootstrap | undefined> {
  const { tokens: tokenStore } = service.stores;
  const check = () => {
    if (options.stopped?.()) throw new BootstrapStoppedError("stopped during the first start");
  };
  await undoUnshownTokens(options.dataDir, tokenStore);
  if (await tokenStore.hasTokens()) return undefined;

  // 1. Everything that can fail for reasons of its own, before anything is stored.
  const examples = await prepareExamples(service.deps.renderer, options.examplesDir);
  check();

  // 2. The examples, from the renders already made (publishing one again later is idempotent).
  const prepared = new Map(examples.map((e) => [sha256(sourceBytes(e.normalized)), e.rendered]));
  const renderer: PdfRenderer = {
    templateVersion: service.deps.renderer.templateVersion,
    html: (report, renderOptions) => service.deps.renderer.html(report, renderOptions),
    render: async (report, renderOptions) =>
      (!renderOptions?.draft ? prepared.get(sha256(sourceBytes(report))) : undefined) ?? service.deps.renderer.render(report, renderOptions),
  };
  const published = [];
  for (const example of examples) {
    const result = await publish({ ...service.deps, renderer }, { reportId: example.reportId, report: example.report, actor: "system:bootstrap" });
    published.push({ reportId: example.reportId, version: result.version.version, link: `${service.url}/d/${example.reportId}` });
  }
  check();

  // 3. The tokens, each named in the journal as soon as it exists.
  const journal: Journal = { tokens: [] };
  writeJournal(options.dataDir, journal);
  const tokens = [];
  try {
    const exampleIds = examples.map((e) => e.reportId);
    for (const [role, scopes] of [["admin", ["*"]], ["portal", exampleIds]] as const) {
      const { token, record } = await createToken(service.deps, { role, scopes, label: "created on first start", issuer: { actor: "system:bootstrap" } });
      journal.tokens.push(record.hash);
      writeJournal(options.dataDir, journal);
      tokens.push({ role, scopes: record.scopes, token });
    }
    check();
  } catch (error) {
    await undoUnshownTokens(options.dataDir, tokenStore);
    throw error;
  }
  return { tokens, published, shown: () => rmSync(join(options.dataDir, JOURNAL), { force: true }) };
}
