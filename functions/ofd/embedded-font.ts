/**
 * A TrueType subset from the PDF, read with fontkit: what the OFD needs to declare it (names, weight),
 * to place boundaries (ascent, descent, glyph boxes), and to check each glyph drawn against the font's
 * own cmap — an OFD reader finds glyphs through the cmap, never by the PDF's glyph ids.
 */
import * as fontkit from "fontkit";
import { OfdConversionError } from "./errors.js";
import type { PdfFontProgram } from "./pdf-fonts.js";

/** The tables GB/T 42133-2022 §6.2.6c requires a subset to keep. */
export const ARCHIVAL_TABLES = ["cmap", "loca", "glyf", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post"] as const;

interface FsType {
  readonly noEmbedding?: boolean;
  readonly noSubsetting?: boolean;
  readonly bitmapOnly?: boolean;
}

interface Os2Table {
  readonly usWeightClass?: number;
  readonly fsType?: FsType;
  readonly fsSelection?: { readonly italic?: boolean };
  readonly panose?: readonly number[];
  readonly typoAscender?: number;
  readonly typoDescender?: number;
  readonly winAscent?: number;
  readonly winDescent?: number;
}

/** Box in em units: [xMin, yMin, xMax, yMax], y up. */
export type EmBox = readonly [number, number, number, number];

/**
 * What the converter reads from a TrueType program, the same for every document that embeds the same
 * program: a report's fonts are Chromium's subsets of the service's few fonts, the same again when a
 * report is published anew with the same characters, so each is read once per process (font-cache.ts).
 */
class FontFacts {
  /** the font's own names; empty when it has none */
  readonly postscriptName: string;
  readonly familyName: string;
  readonly weight: number;
  readonly italic: boolean;
  readonly serif: boolean | undefined;
  readonly fixedWidth: boolean;
  readonly ascent: number;
  readonly descent: number;
  readonly tables: readonly string[];
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  private readonly font: fontkit.Font;
  private readonly boxes = new Map<number, EmBox>();
  /** code point → glyph id: a report draws a few hundred characters thousands of times */
  private readonly cmap = new Map<number, number>();
  private readonly outlines: GlyphOutlines | undefined;

  constructor(file: Uint8Array, baseFont: string) {
    let font: fontkit.Font;
    try {
      font = fontkit.create(Buffer.from(file.buffer, file.byteOffset, file.byteLength)) as fontkit.Font;
    } catch (error) {
      throw new OfdConversionError("font", `the embedded font ${baseFont} cannot be read: ${(error as Error).message}`);
    }
    if (!("glyphForCodePoint" in font)) throw new OfdConversionError("font", `the embedded font ${baseFont} is a collection, not a font`);
    this.font = font;
    const os2 = (font as unknown as Record<string, Os2Table | undefined>)["OS/2"];
    const fsType = os2?.fsType;
    // OS/2 fsType: the font's licence says whether it may travel inside a document at all
    if (fsType?.noEmbedding) throw new OfdConversionError("font", `the licence bits of ${baseFont} forbid embedding it (OS/2 fsType restricted)`);
    if (fsType?.noSubsetting) throw new OfdConversionError("font", `the licence bits of ${baseFont} forbid embedding a subset of it (OS/2 fsType no-subsetting)`);
    if (fsType?.bitmapOnly) throw new OfdConversionError("font", `the licence bits of ${baseFont} allow embedding its bitmaps only (OS/2 fsType bitmap-only)`);
    this.tables = Object.keys((font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables);
    this.unitsPerEm = font.unitsPerEm;
    this.numGlyphs = font.numGlyphs;
    this.postscriptName = font.postscriptName || "";
    this.familyName = font.familyName || "";
    this.weight = Math.min(900, Math.max(100, Math.round((os2?.usWeightClass ?? 400) / 100) * 100));
    this.italic = os2?.fsSelection?.italic === true || font.italicAngle !== 0;
    const serifStyle = os2?.panose?.[1];
    this.serif = os2?.panose?.[0] === 2 && serifStyle !== undefined && serifStyle > 1 ? serifStyle < 11 : undefined;
    this.fixedWidth = (font as unknown as { post?: { isFixedPitch?: number } }).post?.isFixedPitch ? true : false;
    const upem = this.unitsPerEm;
    this.ascent = Math.max(font.ascent, os2?.typoAscender ?? 0, os2?.winAscent ?? 0) / upem;
    this.descent = Math.max(-font.descent, -(os2?.typoDescender ?? 0), os2?.winDescent ?? 0) / upem;
    this.outlines = glyphOutlines(file);
  }

  glyphForCodePoint(codePoint: number): number {
    let glyph = this.cmap.get(codePoint);
    if (glyph === undefined) {
      glyph = this.font.glyphForCodePoint(codePoint).id;
      this.cmap.set(codePoint, glyph);
    }
    return glyph;
  }

  glyphBox(glyphId: number): EmBox {
    let box = this.boxes.get(glyphId);
    if (!box) {
      const u = this.unitsPerEm;
      // the box every glyf entry starts with; fontkit would decode the whole outline to get it
      const header = this.outlines?.box(glyphId);
      const b = header ?? (() => {
        const bbox = this.font.getGlyph(glyphId).bbox;
        return Number.isFinite(bbox.minX) ? [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY] : [0, 0, 0, 0];
      })();
      box = [b[0]! / u, b[1]! / u, b[2]! / u, b[3]! / u];
      this.boxes.set(glyphId, box);
    }
    return box;
  }
}

/** By the program's bytes, which font-cache.ts hands out once per distinct program. */
const factsByFile = new WeakMap<Uint8Array, FontFacts>();

/** A font program of this PDF: the program's facts, with what this PDF says of it (its name, its glyph map). */
export class EmbeddedFont {
  readonly postscriptName: string;
  readonly familyName: string;
  private readonly facts: FontFacts;

  constructor(readonly program: PdfFontProgram) {
    let facts = factsByFile.get(program.file);
    if (!facts) {
      facts = new FontFacts(program.file, program.baseFont);
      factsByFile.set(program.file, facts);
    }
    this.facts = facts;
    this.postscriptName = facts.postscriptName || program.baseFont.replace(/^[A-Z]{6}\+/, "");
    this.familyName = facts.familyName || this.postscriptName;
  }

  get baseFont(): string {
    return this.program.baseFont;
  }

  /** 100–900 */
  get weight(): number {
    return this.facts.weight;
  }

  get italic(): boolean {
    return this.facts.italic;
  }

  /** from the PANOSE serif style; undefined when the font does not say */
  get serif(): boolean | undefined {
    return this.facts.serif;
  }

  get fixedWidth(): boolean {
    return this.facts.fixedWidth;
  }

  /** em fractions above and below the baseline that every glyph's box fits in, at least the font's own */
  get ascent(): number {
    return this.facts.ascent;
  }

  get descent(): number {
    return this.facts.descent;
  }

  get tables(): readonly string[] {
    return this.facts.tables;
  }

  /** The glyph id the PDF drew for a character code. */
  glyphIdOf(code: number): number {
    return this.program.cidToGid ? (this.program.cidToGid[code] ?? 0) : code;
  }

  /** The glyph the font's cmap gives a code point (0 when it has none). */
  glyphForCodePoint(codePoint: number): number {
    return this.facts.glyphForCodePoint(codePoint);
  }

  get glyphCount(): number {
    return this.facts.numGlyphs;
  }

  /** The glyph's ink box in em units (empty glyphs give a zero box at the origin). */
  glyphBox(glyphId: number): EmBox {
    return this.facts.glyphBox(glyphId);
  }

  /** The tables §6.2.6c asks of an archival subset that this one lacks. */
  missingArchivalTables(): string[] {
    return ARCHIVAL_TABLES.filter((table) => !this.tables.includes(table));
  }
}

interface GlyphOutlines {
  /** [xMin, yMin, xMax, yMax] in font units, from the glyf entry's header; zeros for an empty glyph */
  box(glyphId: number): readonly number[] | undefined;
}

/** The loca and glyf tables of a TrueType file, read directly (big-endian, OpenType §5). */
function glyphOutlines(file: Uint8Array): GlyphOutlines | undefined {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = new Map<string, { offset: number; length: number }>();
  try {
    const count = view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      const tag = String.fromCharCode(file[at]!, file[at + 1]!, file[at + 2]!, file[at + 3]!);
      tables.set(tag, { offset: view.getUint32(at + 8), length: view.getUint32(at + 12) });
    }
    const head = tables.get("head");
    const loca = tables.get("loca");
    const glyf = tables.get("glyf");
    if (!head || !loca || !glyf) return undefined;
    const longOffsets = view.getInt16(head.offset + 50) === 1;
    const entries = longOffsets ? loca.length / 4 : loca.length / 2;
    const offsetOf = (gid: number) => (longOffsets ? view.getUint32(loca.offset + 4 * gid) : view.getUint16(loca.offset + 2 * gid) * 2);
    return {
      box(glyphId: number) {
        if (glyphId + 1 >= entries) return undefined;
        const start = offsetOf(glyphId);
        if (offsetOf(glyphId + 1) === start) return [0, 0, 0, 0];
        const at = glyf.offset + start;
        return [view.getInt16(at + 2), view.getInt16(at + 4), view.getInt16(at + 6), view.getInt16(at + 8)];
      },
    };
  } catch {
    return undefined; // a malformed table directory: fall back to fontkit
  }
}
