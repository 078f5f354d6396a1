/**
 * text-table: a number stated in the prose contradicts the tables — "共收到政府信息公开申请17件"
 * while 一、本年新收 总计 is 95, "未发生行政复议" while 行政复议 总计 is 2.
 *
 * The patterns are deliberately narrow (a verb, the subject, a count in 件/起/宗 within one clause):
 * a warning that cries wolf teaches people to ignore it.
 */
import { pointer, type Finding } from "../diagnostics.js";
import { at, type Edition } from "../editions/index.js";
import { describePath } from "../labels.js";
import { NUMBER_CHARS, paragraphs, parseProseNumber } from "../prose.js";
import type { NormalizedReport } from "../schema/index.js";
import type { Rule } from "./rule.js";

/** A quantity of the tables: the sum of the cells at these paths (reference tokens of JSON pointers). */
interface Quantity {
  readonly cells: readonly (readonly string[])[];
}

const N = `([${NUMBER_CHARS}]+)`;

const RECEIVED: Quantity = { cells: [["applications", "received", "total"]] };
const CARRIED_OVER: Quantity = { cells: [["applications", "carriedOver", "total"]] };
const CARRIED_FORWARD: Quantity = { cells: [["applications", "carriedForward", "total"]] };
const REVIEW: Quantity = { cells: [["reviewLitigation", "review", "total"]] };
const LITIGATION: Quantity = {
  cells: [
    ["reviewLitigation", "litigationDirect", "total"],
    ["reviewLitigation", "litigationAfterReview", "total"],
  ],
};

function valueOf(report: NormalizedReport, quantity: Quantity): number {
  return quantity.cells.reduce((sum, cell) => sum + (at(report, cell) as number), 0);
}

function nameOf(edition: Edition, quantity: Quantity): string {
  return quantity.cells.map((cell) => describePath(edition, pointer(cell))).join("与");
}

interface Claim {
  readonly quantity: Quantity;
  /** whether the pattern captures a stated count (otherwise it states zero) */
  readonly statesCount: boolean;
  /** words one of which the paragraph must contain for the pattern to be worth running */
  readonly cue: readonly string[];
  /** a pattern whose first group is the stated number, or which states zero when it has no group */
  readonly pattern: RegExp;
  /** what the prose claims, for the message */
  readonly says: string;
}

const CLAIMS: readonly Claim[] = [
  { quantity: RECEIVED, statesCount: true, cue: ["收到", "受理", "接收", "接到", "新收"], says: "收到申请", pattern: new RegExp(`(?:收到|受理|接收|接到|新收)[^。；！？\\n复诉]{0,20}?申请(?:数量)?(?:共计|合计|总计|共|为|达)?\\s*${N}\\s*件`, "g") },
  { quantity: RECEIVED, statesCount: false, cue: ["未收到", "未受理", "未接到", "没有收到", "没有受理", "没有接到"], says: "未收到申请", pattern: /(?:未|没有)(?:收到|受理|接到)[^。；！？\n复诉\d]{0,20}?申请/g },
  { quantity: CARRIED_OVER, statesCount: true, cue: ["结转"], says: "上年结转", pattern: new RegExp(`上一?年度?结转[^。；！？\\n\\d]{0,12}?${N}\\s*件`, "g") },
  { quantity: CARRIED_FORWARD, statesCount: true, cue: ["结转"], says: "结转下年度", pattern: new RegExp(`结转(?:至|到)?下一?年度?[^。；！？\\n\\d]{0,12}?${N}\\s*件`, "g") },
  { quantity: REVIEW, statesCount: true, cue: ["行政复议"], says: "行政复议", pattern: new RegExp(`行政复议[^。；！？\\n\\d诉、和及与各]{0,12}?${N}\\s*(?:件|起|宗)`, "g") },
  { quantity: LITIGATION, statesCount: true, cue: ["行政诉讼"], says: "行政诉讼", pattern: new RegExp(`行政诉讼[^。；！？\\n\\d复、和及与各]{0,12}?${N}\\s*(?:件|起|宗)`, "g") },
];

/** "未发生…行政复议、行政诉讼…" and the like: each named kind of case is claimed to be zero. */
const NONE_OCCURRED = /(?:未|没有)(?:发生|出现|涉及|产生|被提起|被申请|收到)[^。；！？\n\d]{0,30}?(行政复议|行政诉讼)(?:[、和及与](行政复议|行政诉讼))?/g;

function stated(match: RegExpMatchArray): number | undefined {
  return match[1] === undefined ? 0 : parseProseNumber(match[1]);
}

export const textTable: Rule = {
  code: "text-table",
  severity: "warning",
  description: "正文所述数字与表格不一致",
  check({ edition, report }) {
    const findings: Finding[] = [];
    const contradict = (path: string, quantity: Quantity, says: string, number: number | undefined, quote: string) => {
      const value = valueOf(report, quantity);
      if (number === undefined || number === value) return;
      findings.push({
        path,
        message: `正文“${quote}”称${says}${number}件，与${nameOf(edition, quantity)}${quantity.cells.length > 1 ? "之和" : ""}${value}不一致。`,
        expected: value,
        actual: number,
      });
    };
    for (const { path, text } of paragraphs(report)) {
      // every claim but a denial states a count in 件, 起 or 宗
      const counts = text.includes("件") || text.includes("起") || text.includes("宗");
      for (const claim of CLAIMS) {
        if (claim.statesCount && !counts) continue;
        if (!claim.cue.some((word) => text.includes(word))) continue;
        for (const match of text.matchAll(claim.pattern)) {
          contradict(path, claim.quantity, claim.says, stated(match), match[0]);
        }
      }
      if (!text.includes("行政复议") && !text.includes("行政诉讼")) continue;
      for (const match of text.matchAll(NONE_OCCURRED)) {
        for (const kind of [match[1], match[2]]) {
          if (kind === "行政复议") contradict(path, REVIEW, "行政复议", 0, match[0]);
          if (kind === "行政诉讼") contradict(path, LITIGATION, "行政诉讼", 0, match[0]);
        }
      }
    }
    return findings;
  },
};
