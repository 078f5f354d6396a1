/**
 * Where the templates are. In the repository they are at templates/; a bundled function (esbuild
 * moves the code) carries a copy beside its bundle. Both are found by walking up from this module;
 * NIANBAO_TEMPLATES_DIR overrides.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findTemplates(): string {
  const configured = process.env.NIANBAO_TEMPLATES_DIR;
  if (configured) return configured;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "report.hbs"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("templates/report.hbs not found above the renderer; set NIANBAO_TEMPLATES_DIR");
    dir = parent;
  }
}

export const TEMPLATES_DIR = findTemplates();
