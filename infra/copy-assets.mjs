#!/usr/bin/env node
// Runs after esbuild bundles a rendering function (NodejsFunction commandHooks.afterBundling):
// copies the templates and the font files the renderer reads at run time next to the bundle, laid
// out as they are in the repository (templates/ with the compact fonts in templates/fonts/,
// node_modules/<font package>/ for the fallback slices), so the same code
// finds them. Only the woff2 slices the stylesheets use are copied. With a directory of licensed
// official fonts (cdk context officialFontsDir), those are copied to official-fonts/.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [outputDir, officialFontsDir] = process.argv.slice(2);
if (!outputDir) throw new Error("usage: copy-assets.mjs <outputDir> [officialFontsDir]");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

cpSync(join(root, "templates"), join(outputDir, "templates"), { recursive: true });

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
