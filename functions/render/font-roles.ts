/**
 * The four official type roles: the family name the templates use, the official font a deployer may
 * license for it, and the bundled face's sliced webfont behind the compact font (see fonts.ts).
 * Kept apart from fonts.ts, which reads files, so the Word edition can name the official fonts in a
 * function that carries no templates.
 */
export type FontRole = "title" | "heading" | "subheading" | "body";

interface SlicedFace {
  /** the npm package */
  readonly pkg: string;
  /** the package's stylesheet of unicode-range slices */
  readonly css: string;
}

export interface RoleDef {
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
