#!/usr/bin/env node
// Runs after esbuild bundles a function (NodejsFunction commandHooks.afterBundling) and copies the
// data it reads at run time next to the bundle (infra/constructs/functions.ts, BundleAsset):
// - templates: the templates and the font files the renderer reads, laid out as they are in the
//   repository (templates/ with the compact fonts in templates/fonts/, node_modules/<font package>/
//   for the fallback slices), so the same code finds them. Only the woff2 slices the stylesheets use
//   are copied. With a directory of licensed official fonts (cdk context officialFontsDir), those are
//   copied to official-fonts/.
// - pdfjs: pdf.js's character maps and standard fonts, for PDFs whose fonts are not embedded, to
//   pdfjs/cmaps and pdfjs/standard_fonts (the import function's NIANBAO_PDFJS_DIR is /var/task/pdfjs).
// - web: the console's stylesheets and script, templates/web/ (the web function). "templates" leaves
//   them out: a rendering function carries what the renderer reads, not the console.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [outputDir, assetList, officialFontsDir] = process.argv.slice(2);
const ASSETS = ["templates", "pdfjs", "web"];
const assets = (assetList ?? "").split(",").filter(Boolean);
if (!outputDir || assets.length === 0 || assets.some((a) => !ASSETS.includes(a))) {
  throw new Error(`usage: copy-assets.mjs <outputDir> <${ASSETS.join("|")}>[,…] [officialFontsDir]`);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

if (assets.includes("templates")) copyTemplates();
if (assets.includes("pdfjs")) copyPdfjsData();
if (assets.includes("web")) cpSync(join(root, "templates", "web"), join(outputDir, "templates", "web"), { recursive: true });

function copyPdfjsData() {
  const from = dirname(createRequire(join(root, "package.json")).resolve("pdfjs-dist/package.json"));
  const to = join(outputDir, "pdfjs");
  // each directory carries its own licence files (cmaps/LICENSE, standard_fonts/LICENSE_*)
  for (const dir of ["cmaps", "standard_fonts"]) cpSync(join(from, dir), join(to, dir), { recursive: true });
  cpSync(join(from, "LICENSE"), join(to, "LICENSE"));
}

function copyTemplates() {
  const web = join(root, "templates", "web");
  cpSync(join(root, "templates"), join(outputDir, "templates"), { recursive: true, filter: (source) => source !== web });

  const FONT_PACKAGES = {
    "@fontsource/noto-serif-sc": ["400.css", "700.css"],
    "@fontsource/noto-sans-sc": ["400.css"],
    "lxgw-wenkai-webfont": ["lxgwwenkai-regular.css"],
  };
  for (const [pkg, stylesheets] of Object.entries(FONT_PACKAGES)) {
    const from = join(root, "node_modules", pkg);
    const to = join(outputDir, "node_modules", pkg);
    mkdirSync(join(to, "files"), { recursive: true });
    cpSync(join(from, "package.json"), join(to, "package.json"));
    for (const css of stylesheets) {
      cpSync(join(from, css), join(to, css));
      const text = readFileSync(join(from, css), "utf8");
      for (const match of text.matchAll(/url\(['"]?\.\/files\/([^'")]+\.woff2)['"]?\)/g)) {
        if (/(cyrillic|vietnamese|greek)/.test(match[1])) continue;
        cpSync(join(from, "files", match[1]), join(to, "files", match[1]));
      }
    }
    for (const license of readdirSync(from).filter((f) => /^(LICENSE|OFL)/i.test(f))) cpSync(join(from, license), join(to, license));
  }

  if (officialFontsDir) {
    if (!existsSync(officialFontsDir)) throw new Error(`officialFontsDir ${officialFontsDir} does not exist`);
    const to = join(outputDir, "official-fonts");
    mkdirSync(to, { recursive: true });
    for (const file of ["xiaobiaosong.ttf", "heiti.ttf", "kaiti.ttf", "fangsong.ttf"]) {
      if (existsSync(join(officialFontsDir, file))) cpSync(join(officialFontsDir, file), join(to, file));
    }
  }
}
