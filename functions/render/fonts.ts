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
 * slices from its npm package stand behind it, each declared only for the characters the compact
 * font lacks, so Chromium fetches a slice only when a report actually uses such a character.
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
import { TEMPLATES_DIR } from "./paths.js";

export type FontRole = "title" | "heading" | "subheading" | "body";

interface SlicedFace {
  /** the npm package */
  readonly pkg: string;
  /** the package's stylesheet of unicode-range slices */
  readonly css: string;
}

interface RoleDef {
  readonly family: string;
  readonly official: { readonly name: string; readonly file: string };
  /** the same face as the compact font, in slices: for characters the compact font lacks */
  readonly fallback: SlicedFace;
}

export const FONT_ROLES: Readonly<Record<FontRole, RoleDef>> = {
  title: {
    family: "Nianbao Title",
    official: { name: "方正小标宋简体", file: "xiaobiaosong.ttf" },
    fallback: { pkg: "@fontsource/noto-serif-sc", css: "700.css" },
  },
  heading: {
    family: "Nianbao Heading",
    official: { name: "黑体", file: "heiti.ttf" },
    fallback: { pkg: "@fontsource/noto-sans-sc", css: "400.css" },
  },
  subheading: {
    family: "Nianbao Subheading",
    official: { name: "楷体_GB2312", file: "kaiti.ttf" },
    fallback: { pkg: "lxgw-wenkai-webfont", css: "lxgwwenkai-regular.css" },
  },
  body: {
    family: "Nianbao Body",
    official: { name: "仿宋_GB2312", file: "fangsong.ttf" },
    fallback: { pkg: "@fontsource/noto-serif-sc", css: "400.css" },
  },
};

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

/** The slices of a role's face, each narrowed to the characters the compact font lacks. */
function fallbackFaces(role: RoleDef, covered: ReadonlySet<number>, base: string, assets: Map<string, FontAsset>, versions: string[]): string[] {
  const dir = packageDir(role.fallback.pkg);
  const pkgName = role.fallback.pkg.split("/").pop()!;
  versions.push(`${role.fallback.pkg}@${(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version}`);
  const css = readFileSync(join(dir, role.fallback.css), "utf8");
  const faces: string[] = [];
  for (const block of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = block[1]!;
    const file = /url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/.exec(body)?.[1];
    const declared = /unicode-range:\s*([^;}]+)/.exec(body)?.[1]?.trim();
    if (!file || !declared || UNUSED_SUBSETS.test(file)) continue;
    const range = unicodeRangeWithout(parseUnicodeRange(declared), covered);
    if (!range) continue; // the compact font has every character of this slice
    const path = `fonts/${pkgName}/${file}`;
    assets.set(path, { path, file: join(dir, "files", file), contentType: "font/woff2" });
    faces.push(fontFace(role.family, `url(${base}/${path}) format("woff2")`, range));
  }
  return faces;
}

function codePoints(unicodeRange: string): Set<number> {
  const points = new Set<number>();
  for (const [from, to] of parseUnicodeRange(unicodeRange)) for (let point = from; point <= to; point++) points.add(point);
  return points;
}

/**
 * Builds the @font-face rules for the four roles, served from `base` (the renderer's private asset
 * origin), and the list of files behind them. Within a role, the later rule wins for the characters
 * it has: fallback slices first, then the compact font, then a licensed official font.
 */
export function buildFontSet(base: string, officialDir = process.env.NIANBAO_OFFICIAL_FONTS_DIR): FontSet {
  const assets = new Map<string, FontAsset>();
  const versions: string[] = [];
  const official: FontRole[] = [];
  const css: string[] = [];
  const compact = compactFonts();
  const compactUrl = (face: CompactFace) => `url(${base}/fonts/compact/${face.file}) format("woff2")`;
  const bodyFace = compact.faces.body;
  const bodyCoverage = codePoints(bodyFace.coverage);
  for (const [role, def] of Object.entries(FONT_ROLES) as [FontRole, RoleDef][]) {
    const face = compact.faces[role];
    const covered = codePoints(face.coverage);
    css.push(`/* ${role}: ${def.official.name} role, ${face.family} ${face.style} */`);
    // Characters of the official set the role's own face lacks (LXGW WenKai has no Greek, no ‘’)
    // come from the body face: the same file as the body's, so no further font is embedded.
    const lacking = unicodeRangeWithout(parseUnicodeRange(bodyFace.coverage), covered);
    if (role !== "body" && lacking) css.push(fontFace(def.family, compactUrl(bodyFace), lacking));
    css.push(...fallbackFaces(def, new Set([...covered, ...bodyCoverage]), base, assets, versions));
    const path = `fonts/compact/${face.file}`;
    assets.set(path, { path, file: join(COMPACT_FONTS_DIR, face.file), contentType: "font/woff2" });
    versions.push(`${face.file}:${face.sha256}`);
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
  return { css: css.join("\n"), assets: [...assets.values()], official, fingerprint };
}
