/** OFD fixtures and edits for the tests: the schemas, the sample files, and mutations of a package. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { unzipOfd } from "../../functions/ofd/verify/package.js";

export const OFD_XSD_DIR = fileURLToPath(new URL("../fixtures/ofd/xsd", import.meta.url));
const SAMPLES_DIR = fileURLToPath(new URL("../fixtures/ofd/samples", import.meta.url));

export function sampleOfds(): { name: string; bytes: Uint8Array }[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith(".ofd"))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(SAMPLES_DIR, name)) }));
}

export function rezip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(files));
}

/** The package with one part's text edited. */
export function editPart(ofd: Uint8Array, path: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipOfd(ofd);
  const part = files.get(path);
  if (!part) throw new Error(`no ${path}`);
  const before = Buffer.from(part).toString("utf8");
  const after = edit(before);
  if (after === before) throw new Error(`the edit of ${path} changed nothing`);
  files.set(path, Buffer.from(after, "utf8"));
  return rezip(files);
}

export function pagePaths(ofd: Uint8Array): string[] {
  return [...unzipOfd(ofd).keys()].filter((p) => /Pages\/Page_\d+\/Content\.xml$/.test(p)).sort();
}

const OBJECT = /<ofd:(TextObject|PathObject)\b[^>]*>[\s\S]*?<\/ofd:\1>/g;

/** The element of the page that scores highest (e.g. the longest line, the longest rule). */
export function pickObject(xml: string, kind: "TextObject" | "PathObject", score: (element: string) => number): string {
  let best: string | undefined;
  let bestScore = -Infinity;
  for (const m of xml.matchAll(OBJECT)) {
    if (m[1] !== kind) continue;
    const s = score(m[0]);
    if (s > bestScore) [best, bestScore] = [m[0], s];
  }
  if (!best) throw new Error(`no ${kind} on the page`);
  return best;
}

export const boundaryOf = (element: string) => /Boundary="([^"]+)"/.exec(element)![1]!.split(" ").map(Number) as [number, number, number, number];
