/**
 * The four official type roles and the faces that fill them.
 *
 * Each role has one compact font: its bundled open face cut once to the official character set
 * (GB 2312 and the format's punctuation, see font-charset.ts) by `npm run fonts:build`, committed in
 * templates/fonts/ with a manifest. One file per role means one embedded font per role in the PDF,
 * named as it renders (NotoSerifSC-Bold, not the variable font's "NotoSerifSCExtraLight"):
 *   title      小标宋 role → Noto Serif SC Bold (a real 700 face, declared as the role's regular)
 *   heading    黑体 role   → Noto Sans SC Regular
 *   subheading 楷体 role   → LXGW WenKai Regular
 *   body       仿宋 role   → Noto Serif SC Regular
 * All are TrueType outlines, so Chromium embeds them as CID TrueType subsets, never Type 3.
 *
 * A character outside the compact font (a rare name, say) still renders: the face's unicode-range
 * slices from its npm package stand behind it, each narrowed to the characters the compact font
 * lacks, in a stylesheet made only for a report that has such a character.
 *
 * A deployer holding licences for the official fonts puts TrueType files named after the roles
 * (xiaobiaosong.ttf, heiti.ttf, kaiti.ttf, fangsong.ttf) in the directory named by
 * NIANBAO_OFFICIAL_FONTS_DIR; each file found is declared last under the role's family, so it takes
 * precedence for every character it has.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseUnicodeRange, unicodeRangeWithout } from "./font-charset.js";
import { FONT_ROLES, type FontRole, type RoleDef } from "./font-roles.js";
import { TEMPLATES_DIR } from "./paths.js";

export { FONT_ROLES, type FontRole, type RoleDef } from "./font-roles.js";

/** Where the compact fonts and their manifest are (copied with the templates into a bundle). */
export const COMPACT_FONTS_DIR = join(TEMPLATES_DIR, "fonts");

/** One compact font as templates/fonts/manifest.json describes it. */
export interface CompactFace {
  readonly file: string;
  /** the names as they render and as the PDF shows them */
  readonly family: string;
  readonly style: string;
  readonly postscriptName: string;
  readonly sha256: string;
  readonly glyphs: number;
  /** the characters it has, as a CSS unicode-range */
  readonly coverage: string;
  readonly source: {
    readonly package: string;
    readonly integrity?: string;
    readonly file: string;
    /** the face was merged from the package's slices before it was cut */
    readonly merged?: boolean;
    readonly sha256: string;
  };
}

export interface CompactFontManifest {
  readonly note: string;
  readonly charset: { readonly count: number; readonly sha256: string };
  /** the OpenType layout features kept */
  readonly features: readonly string[];
  readonly tools: Readonly<Record<string, string>>;
  readonly faces: Readonly<Record<FontRole, CompactFace>>;
}

let manifest: CompactFontManifest | undefined;

export function compactFonts(): CompactFontManifest {
  manifest ??= JSON.parse(readFileSync(join(COMPACT_FONTS_DIR, "manifest.json"), "utf8")) as CompactFontManifest;
  return manifest;
}

/** Slices of scripts a Chinese report never uses are left out of the bundle and the CSS. */
export const UNUSED_SUBSETS = /(cyrillic|vietnamese|greek)/;

export interface FontAsset {
  /** path below the asset origin, e.g. "fonts/compact/noto-serif-sc-400.woff2" */
  readonly path: string;
  readonly file: string;
  readonly contentType: string;
}

export interface FontSet {
  readonly css: string;
  readonly assets: readonly FontAsset[];
  /** which roles use a deployer-supplied official font */
  readonly official: readonly FontRole[];
  /** changes whenever a face changes: part of the template version */
  readonly fingerprint: string;
  /**
   * The stylesheet of fallback slices for the characters of `text` (a report's text) that the compact
   * fonts lack, or undefined when they have them all, as for nearly every report.
   */
  fallbackFor(text: string): FallbackStylesheet | undefined;
}

const require = createRequire(import.meta.url);

/** The directory of an installed package (its package.json is not always exported). */
export function packageDir(pkg: string): string {
  for (const probe of [`${pkg}/package.json`, pkg]) {
    try {
      let dir = dirname(require.resolve(probe));
      while (!existsSync(join(dir, "package.json"))) dir = dirname(dir);
      return dir;
    } catch {
      // try the next way of finding it
    }
  }
  throw new Error(`font package ${pkg} is not installed`);
}

function fontFace(family: string, src: string, range?: string): string {
  return `@font-face{font-family:"${family}";font-style:normal;font-weight:400;font-display:block;src:${src};${range ? `unicode-range:${range};` : ""}}`;
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/** One unicode-range slice of a role's face, narrowed to the characters its compact font lacks. */
interface FallbackSlice {
  readonly rule: string;
  readonly ranges: readonly [number, number][];
  readonly asset: FontAsset;
}

function fallbackSlices(role: RoleDef, covered: ReadonlySet<number>, base: string): FallbackSlice[] {
  const dir = packageDir(role.fallback.pkg);
  const pkgName = role.fallback.pkg.split("/").pop()!;
  const css = readFileSync(join(dir, role.fallback.css), "utf8");
  const slices: FallbackSlice[] = [];
  for (const block of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = block[1]!;
    const file = /url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/.exec(body)?.[1];
    const declared = /unicode-range:\s*([^;}]+)/.exec(body)?.[1]?.trim();
    if (!file || !declared || UNUSED_SUBSETS.test(file)) continue;
    const range = unicodeRangeWithout(parseUnicodeRange(declared), covered);
    if (!range) continue; // the compact font has every character of this slice
    const path = `fonts/${pkgName}/${file}`;
    slices.push({
      rule: fontFace(role.family, `url(${base}/${path}) format("woff2")`, range),
      ranges: parseUnicodeRange(range),
      asset: { path, file: join(dir, "files", file), contentType: "font/woff2" },
    });
  }
  return slices;
}

function codePoints(unicodeRange: string): Set<number> {
  const points = new Set<number>();
  for (const [from, to] of parseUnicodeRange(unicodeRange)) for (let point = from; point <= to; point++) points.add(point);
  return points;
}

/** A stylesheet of fallback slices for the rare characters of one report. */
export interface FallbackStylesheet {
  /** its file name below styles/, named by its content */
  readonly name: string;
  readonly css: string;
  readonly assets: readonly FontAsset[];
}

/**
 * Builds the @font-face rules for the four roles, served from `base` (the renderer's private asset
 * origin), and the list of files behind them. Within a role, the later rule wins for the characters
 * it has: the compact font, then a licensed official font. The fallback slices go in a stylesheet of
 * their own, made only for a report with a character the compact fonts lack (see fallbackFor): the
 * ~370 narrowed slices would otherwise cost every render the parsing and matching of their rules.
 */
export function buildFontSet(base: string, officialDir = process.env.NIANBAO_OFFICIAL_FONTS_DIR): FontSet {
  const assets = new Map<string, FontAsset>();
  const versions: string[] = [];
  const official: FontRole[] = [];
  const css: string[] = [];
  const compact = compactFonts();
  const compactUrl = (face: CompactFace) => `url(${base}/fonts/compact/${face.file}) format("woff2")`;
  const bodyFace = compact.faces.body;
  for (const [role, def] of Object.entries(FONT_ROLES) as [FontRole, RoleDef][]) {
    const face = compact.faces[role];
    css.push(`/* ${role}: ${def.official.name} role, ${face.family} ${face.style} */`);
    // Characters of the official set the role's own face lacks (LXGW WenKai has no Greek, no ‘’)
    // come from the body face: the same file as the body's, so no further font is embedded.
    if (role !== "body") {
      const lacking = unicodeRangeWithout(parseUnicodeRange(bodyFace.coverage), codePoints(face.coverage));
      if (lacking) css.push(fontFace(def.family, compactUrl(bodyFace), lacking));
    }
    const path = `fonts/compact/${face.file}`;
    assets.set(path, { path, file: join(COMPACT_FONTS_DIR, face.file), contentType: "font/woff2" });
    versions.push(`${face.file}:${face.sha256}`, `${def.fallback.pkg}@${packageVersion(packageDir(def.fallback.pkg))}`);
    css.push(fontFace(def.family, compactUrl(face)));
    const file = officialDir ? join(officialDir, def.official.file) : undefined;
    if (file && existsSync(file)) {
      const officialPath = `official/${def.official.file}`;
      assets.set(officialPath, { path: officialPath, file, contentType: "font/ttf" });
      official.push(role);
      versions.push(`${def.official.file}:${statSync(file).size}`);
      css.push(fontFace(def.family, `url(${base}/${officialPath}) format("truetype")`));
    }
  }
  const fingerprint = createHash("sha256").update(versions.join("\n")).digest("hex").slice(0, 12);

  // Every role has at least the body face's characters (its own, or the body's for those it lacks).
  const covered = new Uint8Array(0x10000);
  for (const [from, to] of parseUnicodeRange(bodyFace.coverage)) covered.fill(1, from, Math.min(to, 0xffff) + 1);
  let slices: FallbackSlice[] | undefined;
  const allSlices = () =>
    (slices ??= (Object.entries(FONT_ROLES) as [FontRole, RoleDef][]).flatMap(([role, def]) =>
      fallbackSlices(def, new Set([...codePoints(compact.faces[role].coverage), ...codePoints(bodyFace.coverage)]), base),
    ));

  const fallbackFor = (text: string): FallbackStylesheet | undefined => {
    const rare = new Set<number>();
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80 || covered[code]) continue; // (no surrogate is marked covered)
      const point = text.codePointAt(i)!;
      if (point > 0xffff) i++;
      rare.add(point);
    }
    if (rare.size === 0) return undefined;
    const needed = allSlices().filter((slice) => slice.ranges.some(([from, to]) => [...rare].some((p) => p >= from && p <= to)));
    if (needed.length === 0) return undefined; // no bundled face has them either
    const sheet = needed.map((slice) => slice.rule).join("\n");
    return { name: `fallback-${createHash("sha256").update(sheet).digest("hex").slice(0, 16)}.css`, css: sheet, assets: needed.map((slice) => slice.asset) };
  };

  return { css: css.join("\n"), assets: [...assets.values()], official, fingerprint, fallbackFor };
}
