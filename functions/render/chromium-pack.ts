/**
 * The browser repacked for a fast cold start.
 *
 * @sparticuz/chromium ships its 200 MB browser as one Brotli stream (chromium.br, 67 MB). Brotli
 * cannot be decompressed in parallel, and on this kind of machine one stream takes 1.3–2 s: most of a
 * cold start. A pack holds the same binary cut into parts, each gzip-compressed on its own (92 MB in
 * all), so the parts inflate side by side on libuv's thread pool (0.3–0.4 s on two cores) while the
 * process goes on loading modules and validating. gzip's trailer (CRC-32 and length) checks every
 * part as it is inflated, so a damaged pack fails the launch instead of running a corrupt binary.
 *
 * A pack is a directory: the parts, the other archives of the package (fonts, shared libraries for
 * Amazon Linux 2023, SwiftShader) unchanged, and `chromium-pack.json` written last — a directory
 * without it is not a pack. It is made once: at `npm ci` (bin/pack-chromium, into
 * node_modules/.cache) for the local service, and the same directory is the Lambda layer.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from "node:fs";
import { copyFile, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { brotliDecompress, createGunzip, gzip } from "node:zlib";

export const PACK_MANIFEST = "chromium-pack.json";
const FORMAT = "nianbao-chromium-pack/1";
/** the archives of @sparticuz/chromium other than the browser, carried as they are */
const COMPANIONS = ["fonts.tar.br", "al2023.tar.br", "swiftshader.tar.br"] as const;
/** parts inflated at once: libuv's default thread pool has four threads */
const PARTS = 4;
const STREAM_CHUNK = 1 << 20;

export interface PackManifest {
  readonly format: typeof FORMAT;
  /** the @sparticuz/chromium release and the size of its chromium.br this pack was made from */
  readonly source: { readonly version: string; readonly compressedBytes: number };
  /** the browser binary: its size and SHA-256 (checked when the pack is made) */
  readonly bytes: number;
  readonly sha256: string;
  readonly parts: readonly { readonly file: string; readonly offset: number; readonly bytes: number }[];
  readonly companions: readonly string[];
}

/** .../node_modules/@sparticuz/chromium (its package.json is not exported: found from its main entry) */
function sparticuzRoot(): string {
  return join(dirname(createRequire(import.meta.url).resolve("@sparticuz/chromium")), "..");
}

/** Where @sparticuz/chromium's archives are, and its version. */
export function sparticuzPackage(): { readonly binDir: string; readonly version: string } {
  const root = sparticuzRoot();
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { binDir: join(root, "bin"), version };
}

/** The local service's pack, made by `npm ci` beside the installed packages (node_modules/.cache/nianbao/chromium). */
export function localPackDir(): string {
  return join(sparticuzRoot(), "..", "..", ".cache", "nianbao", "chromium");
}

/** The local pack, if there is one made from the @sparticuz/chromium installed now. */
export function currentLocalPack(): { readonly dir: string; readonly manifest: PackManifest } | undefined {
  const dir = localPackDir();
  const manifest = readPackManifest(dir);
  return manifest && isCurrentPack(manifest) ? { dir, manifest } : undefined;
}

/** The pack in `dir`, or undefined when there is none (no manifest, another format). */
export function readPackManifest(dir: string): PackManifest | undefined {
  const file = join(dir, PACK_MANIFEST);
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, "utf8")) as PackManifest;
  return manifest.format === FORMAT ? manifest : undefined;
}

/** Whether the local pack was made from the @sparticuz/chromium installed now (an upgrade makes it stale). */
export function isCurrentPack(manifest: PackManifest): boolean {
  const { binDir, version } = sparticuzPackage();
  return manifest.source.version === version && manifest.source.compressedBytes === statSync(join(binDir, "chromium.br")).size;
}

/**
 * Makes a pack of @sparticuz/chromium's archives in `binDir` at `packDir` (replacing one there).
 * Built beside it and renamed into place, so a reader never sees half a pack.
 */
export async function buildChromiumPack(binDir: string, packDir: string, version: string): Promise<PackManifest> {
  const compressed = await readFile(join(binDir, "chromium.br"));
  const binary = await promisify(brotliDecompress)(compressed);
  const building = `${packDir}.${process.pid}.building`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  try {
    const size = Math.ceil(binary.byteLength / PARTS);
    const parts = await Promise.all(
      Array.from({ length: PARTS }, async (_, index) => {
        const part = binary.subarray(index * size, Math.min(binary.byteLength, (index + 1) * size));
        const file = `chromium.${index}.gz`;
        await writeFile(join(building, file), await promisify(gzip)(part, { level: 6 }));
        return { file, offset: index * size, bytes: part.byteLength };
      }),
    );
    const companions = COMPANIONS.filter((name) => existsSync(join(binDir, name)));
    for (const name of companions) await copyFile(join(binDir, name), join(building, name));
    const manifest: PackManifest = {
      format: FORMAT,
      source: { version, compressedBytes: compressed.byteLength },
      bytes: binary.byteLength,
      sha256: createHash("sha256").update(binary).digest("hex"),
      parts,
      companions,
    };
    await writeFile(join(building, PACK_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(packDir, { recursive: true, force: true });
    await mkdir(dirname(packDir), { recursive: true });
    await rename(building, packDir);
    return manifest;
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Writes the browser binary of the pack at `target`, its parts inflated in parallel. Written under
 * another name and renamed into place: a concurrent reader (another process unpacking the same
 * browser) never finds a half-written binary.
 */
export async function unpackChromiumPack(packDir: string, manifest: PackManifest, target: string): Promise<void> {
  const temp = `${target}.${process.pid}.${randomUUID()}.partial`;
  try {
    const file = await open(temp, "w", 0o700);
    await file.truncate(manifest.bytes);
    await file.close();
    await Promise.all(
      manifest.parts.map((part) =>
        pipeline(
          createReadStream(join(packDir, part.file), { highWaterMark: STREAM_CHUNK }),
          createGunzip({ chunkSize: STREAM_CHUNK }),
          createWriteStream(temp, { flags: "r+", start: part.offset, highWaterMark: STREAM_CHUNK }),
        ),
      ),
    );
    // gzip checked each part's content and length; a part longer than its slot would have grown the file
    if (statSync(temp).size !== manifest.bytes) throw new Error(`the unpacked browser has ${statSync(temp).size} bytes, not ${manifest.bytes}`);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
