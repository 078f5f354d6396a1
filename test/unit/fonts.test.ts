/**
 * The committed compact fonts (templates/fonts/) against their manifest and the official character
 * set, and the stylesheet that puts them in the four roles.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fontkit from "fontkit";
import { afterAll, describe, expect, it } from "vitest";
import { officialCharset, parseUnicodeRange, toUnicodeRange, unicodeRangeWithout } from "../../functions/render/font-charset.js";
import { buildFontSet, COMPACT_FONTS_DIR, compactFonts, FONT_ROLES, type FontRole } from "../../functions/render/fonts.js";
import { EDITIONS } from "../../functions/report/editions/index.js";

const ROLES = Object.keys(FONT_ROLES) as FontRole[];
const manifest = compactFonts();

function points(range: string): Set<number> {
  const set = new Set<number>();
  for (const [from, to] of parseUnicodeRange(range)) for (let p = from; p <= to; p++) set.add(p);
  return set;
}

describe("the official character set", () => {
  const charset = new Set(officialCharset());

  it("is GB 2312 (6 763 hanzi and its symbols) plus ASCII and the format's punctuation", () => {
    const hanzi = [...charset].filter((p) => p >= 0x4e00 && p <= 0x9fff);
    expect(hanzi).toHaveLength(6763);
    for (const char of "〇—―…“”《》（）、；：①⑳％℃ ~A0") expect(charset.has(char.codePointAt(0)!), char).toBe(true);
    // GBK-only characters (common in names, but not in GB 2312) are left to the fallback slices
    for (const char of "喆堃珺") expect(charset.has(char.codePointAt(0)!), char).toBe(false);
  });

  it("holds every character of every label of both editions", () => {
    const missing = [...new Set(JSON.stringify(EDITIONS))].filter((c) => !charset.has(c.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it("is the set the committed fonts were cut to (else run npm run fonts:build)", () => {
    const text = String.fromCodePoint(...officialCharset());
    expect(manifest.charset).toEqual({ count: charset.size, sha256: createHash("sha256").update(text).digest("hex") });
  });
});

describe("unicode ranges", () => {
  it("round-trip between code points and CSS", () => {
    expect(toUnicodeRange([0x41, 0x42, 0x43, 0x3007, 0x4e00])).toBe("U+41-43, U+3007, U+4E00");
    expect(parseUnicodeRange("U+41-43, U+3007, u+4e??")).toEqual([
      [0x41, 0x43],
      [0x3007, 0x3007],
      [0x4e00, 0x4eff],
    ]);
    expect(unicodeRangeWithout([[0x41, 0x45]], new Set([0x42, 0x43]))).toBe("U+41, U+44-45");
    expect(unicodeRangeWithout([[0x41, 0x42]], new Set([0x41, 0x42]))).toBe("");
  });
});

describe.each(ROLES)("the compact %s font", (role) => {
  const face = manifest.faces[role];
  const bytes = readFileSync(join(COMPACT_FONTS_DIR, face.file));
  const font = fontkit.create(bytes) as fontkit.Font;

  it("is the file its manifest describes", () => {
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(face.sha256);
    expect(font.numGlyphs).toBe(face.glyphs);
    expect(toUnicodeRange(officialCharset().filter((p) => font.hasGlyphForCodePoint(p)))).toBe(face.coverage);
  });

  it("carries the names it renders as, and TrueType outlines (never Type 3 in a PDF)", () => {
    const expected: Record<FontRole, [string, string, string]> = {
      title: ["Noto Serif SC", "Bold", "NotoSerifSC-Bold"],
      heading: ["Noto Sans SC", "Regular", "NotoSansSC-Regular"],
      subheading: ["LXGW WenKai", "Regular", "LXGWWenKai-Regular"],
      body: ["Noto Serif SC", "Regular", "NotoSerifSC-Regular"],
    };
    expect([font.familyName, font.subfamilyName, font.postscriptName]).toEqual(expected[role]);
    expect([face.family, face.style, face.postscriptName]).toEqual(expected[role]);
    // fontkit's types leave out the table directory
    const tables = Object.keys((font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables);
    expect(tables).toEqual(expect.arrayContaining(["glyf", "loca", "cmap", "name", "OS/2"]));
    expect(tables).not.toContain("CFF ");
    // licensed for embedding and subsetting
    expect(font["OS/2"].fsType).toMatchObject({ noEmbedding: false, viewOnly: false, noSubsetting: false });
  });

  it("covers the official set, with the body face standing in for what it lacks", () => {
    const own = points(face.coverage);
    const body = points(manifest.faces.body.coverage);
    expect(body.size).toBe(manifest.charset.count);
    const lacking = officialCharset().filter((p) => !own.has(p) && !body.has(p));
    expect(lacking).toEqual([]);
    // the hanzi are the role's own, but for a few rare ones LXGW WenKai's webfont lacks
    expect(officialCharset().filter((p) => p >= 0x4e00 && p <= 0x9fff && !own.has(p)).length).toBeLessThan(40);
  });
});

describe("the roles' stylesheet", () => {
  const officialDir = mkdtempSync(join(tmpdir(), "nianbao-official-"));
  afterAll(() => rmSync(officialDir, { recursive: true, force: true }));
  const set = buildFontSet("https://assets.local", "");
  const faces = [...set.css.matchAll(/@font-face\{font-family:"([^"]+)";[^}]*src:url\(([^)]+)\)[^}]*?(?:unicode-range:([^;]+);)?\}/g)].map((m) => ({
    family: m[1]!,
    url: m[2]!,
    range: m[3],
  }));

  it("declares each role's compact font last, for every character, and serves it", () => {
    for (const role of ROLES) {
      const family = faces.filter((f) => f.family === FONT_ROLES[role].family);
      expect(family.at(-1)).toEqual({ family: FONT_ROLES[role].family, url: `https://assets.local/fonts/compact/${manifest.faces[role].file}`, range: undefined });
      expect(set.assets.some((a) => a.path === `fonts/compact/${manifest.faces[role].file}`)).toBe(true);
    }
  });

  it("narrows the fallback slices to characters no compact face of the role has", () => {
    for (const role of ROLES) {
      const own = points(manifest.faces[role].coverage);
      const body = points(manifest.faces.body.coverage);
      const slices = faces.filter((f) => f.family === FONT_ROLES[role].family && !f.url.includes("/compact/"));
      expect(slices.length).toBeGreaterThan(0);
      for (const slice of slices) {
        expect(slice.range).toBeTruthy();
        const overlap = [...points(slice.range!)].filter((p) => own.has(p) || body.has(p));
        expect(overlap, slice.url).toEqual([]);
      }
    }
    // 喆 (GBK, not GB 2312) is still reachable in the body role
    const body = faces.filter((f) => f.family === "Nianbao Body" && f.range && points(f.range).has(0x5586));
    expect(body).toHaveLength(1);
  });

  it("puts a licensed official font last, so it takes precedence, and changes the fingerprint", () => {
    writeFileSync(join(officialDir, "kaiti.ttf"), "not really a font");
    const withOfficial = buildFontSet("https://assets.local", officialDir);
    expect(withOfficial.official).toEqual(["subheading"]);
    const kaiti = withOfficial.css.split("\n").filter((l) => l.includes('"Nianbao Subheading"'));
    expect(kaiti.at(-1)).toContain("https://assets.local/official/kaiti.ttf");
    expect(withOfficial.fingerprint).not.toBe(set.fingerprint);
  });
});
