/**
 * Cuts the compact fonts, one per role, and writes them with their manifest to templates/fonts/:
 *   npm run fonts:build
 *
 * Each bundled face is cut once, with HarfBuzz's subsetter (subset-font), to the official character
 * set (font-charset.ts); its layout tables, names and outlines are kept. The output is committed, so
 * `npm ci` needs neither the 125 MB of full fonts nor a minute of WOFF2 compression; the manifest
 * records where every byte came from and test/unit/fonts.test.ts checks the files against it.
 *
 * Sources:
 * - Noto Serif SC 400/700 and Noto Sans SC 400: the full static TrueType files of the
 *   @expo-google-fonts packages (the same Google Fonts build, version 2.003, as the @fontsource
 *   slices), fetched with `npm pack` at a pinned version and integrity.
 * - LXGW WenKai 400: no full file is published on npm, so its unicode-range slices (the
 *   lxgw-wenkai-webfont dependency) are merged into one TrueType font with fonteditor-core first.
 *   Every glyph of the merged font is compared with the slice it came from.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { Font, woff2, type TTF } from "fonteditor-core";
import subsetFont from "subset-font";
import { officialCharset, toUnicodeRange } from "./font-charset.js";
import { COMPACT_FONTS_DIR, packageDir, type CompactFace, type CompactFontManifest, type FontRole } from "./fonts.js";

interface Tarball {
  readonly package: string;
  readonly version: string;
  readonly integrity: string;
  /** the font licence inside the package, copied beside the cut fonts */
  readonly license: string;
}

const TARBALLS = {
  "noto-serif-sc": {
    package: "@expo-google-fonts/noto-serif-sc",
    version: "0.4.3",
    integrity: "sha512-fSmUpiSFtSeyHV45/2xUOy5SdfExklQwwMKN3cQjAZAujITHDmSbpMHCVdCMhRqMjQtu0ZRgc29u8A+CU3akfw==",
    license: "LICENSE_FONT",
  },
  "noto-sans-sc": {
    package: "@expo-google-fonts/noto-sans-sc",
    version: "0.4.3",
    integrity: "sha512-9rAwdFTFHbO/u6Cs0gj2jZbW74TGIiaFNQnXYH2s5wA1bzVkwbaviL4t8YUV642eGYjg86eH6DkAEQmfNHDncQ==",
    license: "LICENSE_FONT",
  },
} as const satisfies Record<string, Tarball>;

type Source =
  | { readonly tarball: keyof typeof TARBALLS; readonly path: string }
  | { readonly slicesOf: string; readonly pattern: RegExp; readonly license: string };

const FACES: Record<FontRole, { readonly file: string; readonly source: Source }> = {
  title: { file: "noto-serif-sc-700.woff2", source: { tarball: "noto-serif-sc", path: "700Bold/NotoSerifSC_700Bold.ttf" } },
  heading: { file: "noto-sans-sc-400.woff2", source: { tarball: "noto-sans-sc", path: "400Regular/NotoSansSC_400Regular.ttf" } },
  subheading: {
    file: "lxgw-wenkai-400.woff2",
    source: { slicesOf: "lxgw-wenkai-webfont", pattern: /^lxgwwenkai-regular-subset-(\d+)\.woff2$/, license: "OFL.txt" },
  },
  body: { file: "noto-serif-sc-400.woff2", source: { tarball: "noto-serif-sc", path: "400Regular/NotoSerifSC_400Regular.ttf" } },
};

/**
 * The layout features a horizontal report is shaped with (HarfBuzz's defaults, and the halt/chws
 * that Chromium's text-spacing-trim applies to CJK punctuation). Vertical forms and the alternates of
 * aalt/fwid/hwid/ruby would only add glyphs no report draws.
 */
const HORIZONTAL_FEATURES = ["ccmp", "locl", "rlig", "calt", "clig", "liga", "rclt", "kern", "mark", "mkmk", "dist", "curs", "halt", "chws"];

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

function version(pkg: string): string {
  return (JSON.parse(readFileSync(join(packageDir(pkg), "package.json"), "utf8")) as { version: string }).version;
}

/** Fetches a pinned package with the npm client and unpacks it; checks the registry's integrity. */
function unpack(name: keyof typeof TARBALLS, work: string): string {
  const spec = TARBALLS[name];
  const out = execFileSync("npm", ["pack", `${spec.package}@${spec.version}`, "--json", "--pack-destination", work], { encoding: "utf8" });
  const [packed] = JSON.parse(out) as { filename: string; integrity: string }[];
  if (packed?.integrity !== spec.integrity) throw new Error(`${spec.package}@${spec.version}: integrity ${packed?.integrity} is not the pinned one`);
  const dir = join(work, name);
  execFileSync("mkdir", ["-p", dir]);
  execFileSync("tar", ["-xzf", join(work, packed.filename), "-C", dir, "--strip-components=1"]);
  return dir;
}

/** Outlines and advance of every character, to compare a cut font with its source. */
function glyphPrint(font: fontkit.Font, point: number): string {
  const glyph = font.glyphForCodePoint(point);
  return `${glyph.advanceWidth}|${glyph.path.toSVG()}`;
}

/** Merges the slices of a sliced webfont into one TrueType font holding the wanted characters. */
async function mergeSlices(dir: string, pattern: RegExp, wanted: readonly number[]): Promise<Buffer> {
  await woff2.init();
  const files = readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort((a, b) => Number(pattern.exec(a)![1]) - Number(pattern.exec(b)![1]));
  let merged: TTF.TTFObject | undefined;
  const glyphs: TTF.Glyph[] = [];
  const seen = new Set<number>();
  const originals = new Map<number, string>();
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    // compound glyphs become simple ones: their components would not survive the merge
    const slice = Font.create(bytes, { type: "woff2", subset: [...wanted], compound2simple: true, hinting: false }).get();
    const reference = fontkit.create(Buffer.from(woff2.decode(bytes))) as fontkit.Font;
    if (!merged) {
      merged = slice;
      glyphs.push(slice.glyf[0]!); // .notdef
    }
    for (const glyph of slice.glyf) {
      const unicode = (glyph.unicode ?? []).filter((point) => !seen.has(point));
      if (unicode.length === 0) continue;
      for (const point of unicode) {
        seen.add(point);
        originals.set(point, glyphPrint(reference, point));
      }
      glyphs.push({ ...glyph, unicode });
    }
  }
  if (!merged) throw new Error(`no slices matching ${pattern} in ${dir}`);
  merged.glyf = glyphs;
  const font = Font.create();
  font.set(merged);
  const ttf = font.write({ type: "ttf", hinting: false }) as Buffer;
  const check = fontkit.create(ttf) as fontkit.Font;
  for (const [point, print] of originals) {
    if (glyphPrint(check, point) !== print) throw new Error(`merged glyph U+${point.toString(16)} differs from its slice`);
  }
  return ttf;
}

async function main(): Promise<void> {
  const charset = officialCharset();
  const text = String.fromCodePoint(...charset);
  const work = mkdtempSync(join(tmpdir(), "nianbao-fonts-"));
  try {
    const unpacked = new Map<string, string>();
    const faces = {} as Record<FontRole, CompactFace>;
    const licenses = new Map<string, string>();
    for (const [role, spec] of Object.entries(FACES) as [FontRole, (typeof FACES)[FontRole]][]) {
      let source: Buffer;
      let provenance: CompactFace["source"];
      if ("tarball" in spec.source) {
        const { tarball, path } = spec.source;
        if (!unpacked.has(tarball)) unpacked.set(tarball, unpack(tarball, work));
        source = readFileSync(join(unpacked.get(tarball)!, path));
        const pinned = TARBALLS[tarball];
        provenance = { package: `${pinned.package}@${pinned.version}`, integrity: pinned.integrity, file: path, sha256: sha256(source) };
        licenses.set(`OFL-${tarball}.txt`, readFileSync(join(unpacked.get(tarball)!, pinned.license), "utf8"));
      } else {
        const dir = join(packageDir(spec.source.slicesOf), "files");
        source = await mergeSlices(dir, spec.source.pattern, charset);
        provenance = { package: `${spec.source.slicesOf}@${version(spec.source.slicesOf)}`, file: `files/${spec.source.pattern.source}`, merged: true, sha256: sha256(source) };
        licenses.set(`OFL-${spec.source.slicesOf.replace(/-webfont$/, "")}.txt`, readFileSync(join(packageDir(spec.source.slicesOf), spec.source.license), "utf8"));
      }
      // keepFeatures is in subset-font 2.9's API but not yet in its @types
      const cut = await subsetFont(source, text, { targetFormat: "woff2", keepFeatures: HORIZONTAL_FEATURES } as Parameters<typeof subsetFont>[2]);
      const font = fontkit.create(cut) as fontkit.Font;
      const original = fontkit.create(source) as fontkit.Font;
      const covered = charset.filter((point) => font.hasGlyphForCodePoint(point));
      for (const point of covered) {
        if (glyphPrint(font, point) !== glyphPrint(original, point)) throw new Error(`${spec.file}: U+${point.toString(16)} differs from the source`);
      }
      writeFileSync(join(COMPACT_FONTS_DIR, spec.file), cut);
      faces[role] = {
        file: spec.file,
        family: font.familyName,
        style: font.subfamilyName,
        postscriptName: font.postscriptName,
        sha256: sha256(cut),
        glyphs: font.numGlyphs,
        coverage: toUnicodeRange(covered),
        source: provenance,
      };
      console.log(`${role}: ${spec.file} ${font.postscriptName}, ${covered.length}/${charset.length} characters, ${(cut.length / 1024).toFixed(0)} KB`);
    }
    for (const [file, license] of licenses) writeFileSync(join(COMPACT_FONTS_DIR, file), license);
    const manifest: CompactFontManifest = {
      note: "Written by `npm run fonts:build` (functions/render/font-build.ts); do not edit.",
      charset: { count: charset.length, sha256: sha256(text) },
      features: HORIZONTAL_FEATURES,
      tools: { "subset-font": version("subset-font"), harfbuzzjs: version("harfbuzzjs"), "fonteditor-core": version("fonteditor-core") },
      faces,
    };
    writeFileSync(join(COMPACT_FONTS_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
