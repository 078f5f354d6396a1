/**
 * The four official type roles and the faces that fill them.
 *
 * Bundled open faces (TrueType outlines, so Chromium embeds them as CID TrueType subsets, never
 * Type 3), sliced by unicode-range so that a render fetches only the slices its text needs:
 *   title      小标宋 role → Noto Serif SC Bold (a real 700 face, declared as the role's regular)
 *   heading    黑体 role   → Noto Sans SC Regular
 *   subheading 楷体 role   → LXGW WenKai Regular
 *   body       仿宋 role   → Noto Serif SC Regular
 *
 * A deployer holding licences for the official fonts puts TrueType files named after the roles
 * (xiaobiaosong.ttf, heiti.ttf, kaiti.ttf, fangsong.ttf) in the directory named by
 * NIANBAO_OFFICIAL_FONTS_DIR; each file found is declared after the bundled slices under the same
 * family, so it takes precedence for every character it has.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type FontRole = "title" | "heading" | "subheading" | "body";

interface BundledFace {
  /** the npm package */
  readonly pkg: string;
  /** the package's stylesheet of unicode-range slices */
  readonly css: string;
}

interface RoleDef {
  readonly family: string;
  readonly official: { readonly name: string; readonly file: string };
  readonly bundled: BundledFace;
}

export const FONT_ROLES: Readonly<Record<FontRole, RoleDef>> = {
  title: {
    family: "Nianbao Title",
    official: { name: "方正小标宋简体", file: "xiaobiaosong.ttf" },
    bundled: { pkg: "@fontsource/noto-serif-sc", css: "700.css" },
  },
  heading: {
    family: "Nianbao Heading",
    official: { name: "黑体", file: "heiti.ttf" },
    bundled: { pkg: "@fontsource/noto-sans-sc", css: "400.css" },
  },
  subheading: {
    family: "Nianbao Subheading",
    official: { name: "楷体_GB2312", file: "kaiti.ttf" },
    bundled: { pkg: "lxgw-wenkai-webfont", css: "lxgwwenkai-regular.css" },
  },
  body: {
    family: "Nianbao Body",
    official: { name: "仿宋_GB2312", file: "fangsong.ttf" },
    bundled: { pkg: "@fontsource/noto-serif-sc", css: "400.css" },
  },
};

/** Slices of scripts a Chinese report never uses are left out of the bundle and the CSS. */
const UNUSED_SUBSETS = /(cyrillic|vietnamese|greek)/;

export interface FontAsset {
  /** path below the asset origin, e.g. "fonts/noto-serif-sc/noto-serif-sc-97-400-normal.woff2" */
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

function bundledFaces(role: RoleDef, base: string, assets: Map<string, FontAsset>, versions: string[]): string {
  const dir = packageDir(role.bundled.pkg);
  const pkgName = role.bundled.pkg.split("/").pop()!;
  versions.push(`${role.bundled.pkg}@${(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version}`);
  const css = readFileSync(join(dir, role.bundled.css), "utf8");
  const faces: string[] = [];
  for (const block of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const body = block[1]!;
    const file = /url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/.exec(body)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(body)?.[1]?.trim();
    if (!file || UNUSED_SUBSETS.test(file)) continue;
    const path = `fonts/${pkgName}/${file}`;
    assets.set(path, { path, file: join(dir, "files", file), contentType: "font/woff2" });
    faces.push(
      `@font-face{font-family:"${role.family}";font-style:normal;font-weight:400;font-display:block;` +
        `src:url(${base}/${path}) format("woff2");${range ? `unicode-range:${range};` : ""}}`,
    );
  }
  if (faces.length === 0) throw new Error(`no font faces found in ${role.bundled.pkg}/${role.bundled.css}`);
  return faces.join("\n");
}

/**
 * Builds the @font-face rules for the four roles, served from `base` (the renderer's private asset
 * origin), and the list of files behind them.
 */
export function buildFontSet(base: string, officialDir = process.env.NIANBAO_OFFICIAL_FONTS_DIR): FontSet {
  const assets = new Map<string, FontAsset>();
  const versions: string[] = [];
  const official: FontRole[] = [];
  const css: string[] = [];
  for (const [role, def] of Object.entries(FONT_ROLES) as [FontRole, RoleDef][]) {
    css.push(`/* ${role}: ${def.official.name} role */`, bundledFaces(def, base, assets, versions));
    const file = officialDir ? join(officialDir, def.official.file) : undefined;
    if (file && existsSync(file)) {
      const path = `official/${def.official.file}`;
      assets.set(path, { path, file, contentType: "font/ttf" });
      official.push(role);
      versions.push(`${def.official.file}:${statSync(file).size}`);
      // declared last: it takes precedence over the bundled slices of the same family
      css.push(`@font-face{font-family:"${def.family}";font-style:normal;font-weight:400;font-display:block;src:url(${base}/${path}) format("truetype");}`);
    }
  }
  const fingerprint = createHash("sha256").update(versions.join("\n")).digest("hex").slice(0, 12);
  return { css: css.join("\n"), assets: [...assets.values()], official, fingerprint };
}
