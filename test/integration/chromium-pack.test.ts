/**
 * The browser packed for fast cold starts (functions/render/chromium-pack.ts): a pack reproduces the
 * binary exactly, a damaged one fails without leaving a binary behind, concurrent unpackers do not
 * see each other's half-written files, and the pack `npm ci` made is current and renders a report
 * from an empty temporary directory, as a new Lambda container does from its layer.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { brotliCompressSync, createBrotliDecompress } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { buildChromiumPack, isCurrentPack, localPackDir, PACK_MANIFEST, readPackManifest, sparticuzPackage, unpackChromiumPack } from "../../functions/render/chromium-pack.js";

const ROOT = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "nianbao-pack-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function streamSha256(stream: NodeJS.ReadableStream): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(stream, hash);
  return hash.digest("hex");
}

describe("a Chromium pack", () => {
  // a stand-in for @sparticuz/chromium's bin directory: an odd-sized "browser" and one companion archive
  const binary = Buffer.concat([randomBytes(1024 * 1024 + 7), Buffer.alloc(1024 * 1024, 0x41)]);
  const binDir = join(scratch, "bin");
  const packDir = join(scratch, "pack");

  it("reproduces the browser byte for byte, carries the other archives as they are, and is executable", async () => {
    rmSync(binDir, { recursive: true, force: true });
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, "chromium.br"), brotliCompressSync(binary));
    writeFileSync(join(binDir, "fonts.tar.br"), "not really a tarball");
    const manifest = await buildChromiumPack(binDir, packDir, "0.0.0-test");
    expect(manifest.bytes).toBe(binary.byteLength);
    expect(manifest.sha256).toBe(sha256(binary));
    expect(manifest.parts.length).toBeGreaterThan(1);
    expect(manifest.companions).toEqual(["fonts.tar.br"]);
    expect(readFileSync(join(packDir, "fonts.tar.br"), "utf8")).toBe("not really a tarball");
    expect(readPackManifest(packDir)).toEqual(manifest);
    expect(readdirSync(scratch).filter((f) => f.includes("building"))).toEqual([]);

    const target = join(scratch, "chromium");
    await unpackChromiumPack(packDir, manifest, target);
    expect(sha256(readFileSync(target))).toBe(sha256(binary));
    expect(statSync(target).mode & 0o777).toBe(0o700);
  });

  it("lets two processes' worth of unpackers write the same browser at once, each finishing a whole file", async () => {
    const manifest = readPackManifest(packDir)!;
    const target = join(scratch, "chromium-concurrent");
    await Promise.all([unpackChromiumPack(packDir, manifest, target), unpackChromiumPack(packDir, manifest, target), unpackChromiumPack(packDir, manifest, target)]);
    expect(sha256(readFileSync(target))).toBe(sha256(binary));
    expect(readdirSync(scratch).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("refuses a damaged part: no browser, and nothing half-written left", async () => {
    const manifest = readPackManifest(packDir)!;
    const part = join(packDir, manifest.parts[1]!.file);
    const original = readFileSync(part);
    const damaged = Buffer.from(original);
    damaged[Math.floor(damaged.length / 2)]! ^= 0xff;
    writeFileSync(part, damaged);
    try {
      const target = join(scratch, "chromium-damaged");
      await expect(unpackChromiumPack(packDir, manifest, target)).rejects.toThrow();
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(scratch).filter((f) => f.endsWith(".partial"))).toEqual([]);
    } finally {
      writeFileSync(part, original);
    }
  });

  it("is not a pack without its manifest (written last), nor in another format", () => {
    expect(readPackManifest(binDir)).toBeUndefined();
    const other = join(scratch, "other");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, PACK_MANIFEST), JSON.stringify({ format: "something-else/9" }));
    expect(readPackManifest(other)).toBeUndefined();
  });
});

/** the environment without a custom browser, so the render unpacks the pack */
function withoutBrowserPath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NIANBAO_CHROMIUM_PATH: _custom, ...rest } = env;
  return rest;
}

describe("the pack npm ci made", () => {
  it("is current for the installed @sparticuz/chromium and holds exactly its browser", async () => {
    const dir = localPackDir();
    const manifest = readPackManifest(dir);
    expect(manifest, `no pack at ${dir}: npm ci runs bin/pack-chromium (postinstall)`).toBeDefined();
    expect(isCurrentPack(manifest!)).toBe(true);
    // independently of the pack: @sparticuz/chromium's own Brotli stream, decompressed here
    const original = await streamSha256(createReadStream(join(sparticuzPackage().binDir, "chromium.br")).pipe(createBrotliDecompress()));
    const target = join(scratch, "chromium-real");
    await unpackChromiumPack(dir, manifest!, target);
    expect(await streamSha256(createReadStream(target))).toBe(original);
    rmSync(target);
  }, 60_000);

  it("renders a report from an empty temporary directory, as a new Lambda container does from its layer", () => {
    const empty = mkdtempSync(join(tmpdir(), "nianbao-cold-"));
    try {
      const out = join(empty, "report.pdf");
      const run = spawnSync(process.execPath, [join(ROOT, "bin/nianbao"), "render", join(ROOT, "examples/yunxi-county-2024.json"), "-o", out], {
        env: { ...withoutBrowserPath(process.env), TMPDIR: empty, NIANBAO_CHROMIUM_BIN_DIR: localPackDir() },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(run.status, run.stderr).toBe(0);
      expect(readFileSync(out).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // the browser came from the pack into this directory, with its fonts beside it
      expect(statSync(join(empty, "chromium")).size).toBe(readPackManifest(localPackDir())!.bytes);
      expect(existsSync(join(empty, "fonts"))).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);
});
