/**
 * The documentation keeps up with the code: a curl example of every route (with the Bearer header
 * where the route needs a token), and links only to files that exist.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/http/routes.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

/** curl commands of a Markdown file, continuation lines joined. */
function curlCommands(markdown: string): string[] {
  return markdown
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .filter((line) => line.trimStart().startsWith("curl "));
}

describe("docs/api.md", () => {
  const commands = curlCommands(read("docs/api.md"));

  it("has a curl example of every route, with Authorization: Bearer where a token is needed", () => {
    for (const route of ROUTES) {
      const path = route.path.replace(/\{\w+\}/g, "[a-z0-9-]+");
      const pattern = new RegExp(`"\\$BASE${path}(\\?[^"]*)?"`);
      const examples = commands.filter((c) => pattern.test(c) && (route.method === "GET" ? !/ -X /.test(c) : c.includes(`-X ${route.method} `)));
      expect(examples.length, `${route.method} ${route.path}`).toBeGreaterThan(0);
      for (const example of examples) {
        if (route.access === "public") expect(example, example).not.toContain("Authorization");
        else expect(example, example).toContain('-H "Authorization: Bearer $TOKEN"');
      }
    }
  });
});

describe("links in the README and docs/", () => {
  const files = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

  it("point only at files that exist in the repository", () => {
    for (const file of files) {
      const text = read(file);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(resolve(dirname(join(ROOT, file)), target!)), `${file} → ${target}`).toBe(true);
      }
      // the project's working specification is not part of the repository
      expect(text, file).not.toMatch(/shared\/(spec|samples|guides)/);
    }
  });
});
