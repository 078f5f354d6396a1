/**
 * What a Word paragraph's style and list numbering contribute to what the reader sees: the heading
 * level (a style's outline level, or its name 「heading 1」/「标题 1」), the alignment, and the number
 * Word prints before the text (「一、」, 「（一）」) that is not in the text itself.
 */
import type { Paragraph } from "../document.js";
import type { Deadline } from "../limits.js";
import { isOn, parseXml, w, wAttr } from "./ooxml.js";

interface StyleDef {
  name?: string;
  basedOn?: string;
  outlineLevel?: number;
  align?: string;
  numId?: string;
  ilvl?: number;
  bold?: boolean;
}

export interface ParagraphStyle {
  readonly level?: number;
  readonly align?: Paragraph["align"];
  readonly numId?: string;
  readonly ilvl?: number;
  readonly bold?: boolean;
}

export class Styles {
  private readonly defs = new Map<string, StyleDef>();

  static parse(xml: Buffer | undefined, deadline: Deadline): Styles {
    const styles = new Styles();
    if (!xml) return styles;
    let current: StyleDef | undefined;
    let inRunProps = false;
    parseXml(
      xml,
      {
        open(tag) {
          const name = w(tag);
          if (name === "style" && wAttr(tag, "type") === "paragraph") {
            current = {};
            styles.defs.set(wAttr(tag, "styleId") ?? "", current);
          } else if (!current) return;
          else if (name === "name") current.name = wAttr(tag, "val");
          else if (name === "basedOn") current.basedOn = wAttr(tag, "val");
          else if (name === "outlineLvl") current.outlineLevel = Number(wAttr(tag, "val"));
          else if (name === "jc") current.align = wAttr(tag, "val");
          else if (name === "numId") current.numId = wAttr(tag, "val");
          else if (name === "ilvl") current.ilvl = Number(wAttr(tag, "val"));
          else if (name === "rPr") inRunProps = true;
          else if (name === "b" && inRunProps) current.bold = isOn(tag);
        },
        close(tag) {
          const name = w(tag);
          if (name === "style") current = undefined;
          else if (name === "rPr") inRunProps = false;
        },
      },
      deadline,
      "styles.xml",
    );
    return styles;
  }

  /** The style with what it inherits (basedOn), resolved. */
  resolve(styleId: string | undefined): ParagraphStyle {
    const chain: StyleDef[] = [];
    const seen = new Set<string>();
    for (let id = styleId; id !== undefined && !seen.has(id) && chain.length < 20; ) {
      seen.add(id);
      const def = this.defs.get(id);
      if (!def) break;
      chain.push(def);
      id = def.basedOn;
    }
    const pick = <K extends keyof StyleDef>(key: K): StyleDef[K] | undefined => chain.find((d) => d[key] !== undefined)?.[key];
    const name = (chain[0]?.name ?? "").toLowerCase();
    const named = /^(heading|标题)\s*(\d)$/.exec(name);
    const outline = pick("outlineLevel");
    const level = outline !== undefined && outline < 6 ? outline + 1 : named ? Number(named[2]) : undefined;
    return {
      ...(level ? { level } : {}),
      ...(pick("align") ? { align: alignment(pick("align")) } : {}),
      ...(pick("numId") !== undefined ? { numId: pick("numId")!, ilvl: pick("ilvl") ?? 0 } : {}),
      ...(pick("bold") !== undefined ? { bold: pick("bold")! } : {}),
    };
  }
}

export function alignment(jc: string | undefined): Paragraph["align"] | undefined {
  switch (jc) {
    case "center":
      return "center";
    case "right":
    case "end":
      return "right";
    case "both":
    case "distribute":
      return "justify";
    case "left":
    case "start":
      return "left";
    default:
      return undefined;
  }
}

interface Level {
  start: number;
  format: string;
  text: string;
}

const DIGITS = "〇一二三四五六七八九";

function chineseCount(n: number): string {
  if (n <= 0 || n >= 100) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : DIGITS[tens]}十${ones ? DIGITS[ones] : ""}`;
}

function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, letters] of table) while (n >= value) (out += letters), (n -= value);
  return out;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case "chineseCounting":
    case "chineseCountingThousand":
    case "japaneseCounting":
    case "ideographTraditional":
    case "taiwaneseCounting":
    case "taiwaneseCountingThousand":
      return format === "ideographTraditional" ? ("甲乙丙丁戊己庚辛壬癸"[n - 1] ?? String(n)) : chineseCount(n);
    case "decimalFullWidth":
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    case "decimalEnclosedCircle":
    case "decimalEnclosedCircleChinese":
      return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : String(n);
    case "upperLetter":
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case "lowerLetter":
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "bullet":
    case "none":
      return "";
    default:
      return String(n);
  }
}

/** List numbering: the text Word prints before a numbered paragraph, counted as Word counts. */
export class Numbering {
  private readonly abstract = new Map<string, Map<number, Level>>();
  private readonly nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
  private readonly counters = new Map<string, number[]>();

  static parse(xml: Buffer | undefined, deadline: Deadline): Numbering {
    const numbering = new Numbering();
    if (!xml) return numbering;
    let levels: Map<number, Level> | undefined;
    let level: Level | undefined;
    let num: { abstractId: string; starts: Map<number, number> } | undefined;
    let overrideLevel = 0;
    parseXml(
      xml,
      {
        open(tag) {
          const name = w(tag);
          if (name === "abstractNum") numbering.abstract.set(wAttr(tag, "abstractNumId") ?? "", (levels = new Map()));
          else if (name === "lvl" && levels) levels.set(Number(wAttr(tag, "ilvl") ?? 0), (level = { start: 1, format: "decimal", text: "" }));
          else if (name === "start" && level) level.start = Number(wAttr(tag, "val") ?? 1);
          else if (name === "numFmt" && level) level.format = wAttr(tag, "val") ?? "decimal";
          else if (name === "lvlText" && level) level.text = wAttr(tag, "val") ?? "";
          else if (name === "num") numbering.nums.set(wAttr(tag, "numId") ?? "", (num = { abstractId: "", starts: new Map() }));
          else if (name === "abstractNumId" && num) num.abstractId = wAttr(tag, "val") ?? "";
          else if (name === "lvlOverride") overrideLevel = Number(wAttr(tag, "ilvl") ?? 0);
          else if (name === "startOverride" && num) num.starts.set(overrideLevel, Number(wAttr(tag, "val") ?? 1));
        },
        close(tag) {
          const name = w(tag);
          if (name === "abstractNum") levels = undefined;
          else if (name === "lvl") level = undefined;
          else if (name === "num") num = undefined;
        },
      },
      deadline,
      "numbering.xml",
    );
    return numbering;
  }

  /** Counts one more paragraph of list `numId` at `ilvl` and returns its printed number. */
  next(numId: string, ilvl: number): string {
    const num = this.nums.get(numId);
    const levels = num && this.abstract.get(num.abstractId);
    const level = levels?.get(ilvl);
    if (!num || !levels || !level) return "";
    const counters = this.counters.get(numId) ?? [];
    const startOf = (l: number) => num.starts.get(l) ?? levels.get(l)?.start ?? 1;
    counters[ilvl] = counters[ilvl] === undefined ? startOf(ilvl) : counters[ilvl]! + 1;
    counters.length = ilvl + 1;
    this.counters.set(numId, counters);
    return level.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      return formatNumber(counters[l] ?? startOf(l), levels.get(l)?.format ?? "decimal");
    });
  }
}
