/**
 * `engines` in package.json says what the dependencies declare, no more and no less: every installed
 * package (package-lock.json) accepts every Node it admits, and it is exactly the narrowest of their
 * ranges, so it neither promises a Node some dependency refuses nor refuses one they all accept.
 * (That the range holds the Lambda's Node is test/infra/rehearsal.test.ts.)
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import semver from "semver";
import { describe, expect, it } from "vitest";

const read = (file: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), "utf8"));
const engines: string = read("package.json").engines.node;
const declared = Object.entries(read("package-lock.json").packages as Record<string, { engines?: { node?: string } }>)
  .filter(([path, pkg]) => path !== "" && typeof pkg.engines?.node === "string")
  .map(([path, pkg]) => [path.replace(/^.*node_modules\//, ""), pkg.engines!.node!] as const);

describe("engines", () => {
  it("admits only Node versions that every installed package accepts", () => {
    expect(declared.length).toBeGreaterThan(100);
    for (const [name, range] of declared) expect(semver.subset(engines, range), `${name} declares ${range}`).toBe(true);
  });

  it("is no narrower than the dependencies: it is the range of the most demanding one", () => {
    // with the test above, a package whose range lies within engines has exactly the range of engines
    const asDemanding = declared.filter(([, range]) => semver.subset(range, engines)).map(([name, range]) => `${name} ${range}`);
    expect(asDemanding, `no installed package asks for as much as ${engines}`).not.toEqual([]);
  });
});
