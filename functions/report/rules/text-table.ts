/**
 * text-table (spec C.2): a figure stated in the prose contradicts the tables — "共收到政府信息公开申请17件"
 * while 一、本年新收 总计 is 95, "予以公开及部分公开258件" while （一）+（二） is 275, "复议7件，诉讼9件，
 * 均获维持" while cases are 尚未审结 — or another statement of the 信息处理费.
 *
 * Reading the prose is the phrase families' job (../phrases/); this rule only compares what they
 * read with the tables. A phrase that could mean several figures warns only when it matches none.
 */
import { pointer, type Finding } from "../diagnostics.js";
import { applicationLeaves, at, type ApplicationLeaf, type Edition } from "../editions/index.js";
import { describePath } from "../labels.js";
import { readClaims, type Claim } from "../phrases/engine.js";
import type { Quantity } from "../phrases/family.js";
import { paragraphs } from "../prose.js";
import type { NormalizedReport } from "../schema/index.js";
import type { Rule } from "./rule.js";

/** A cell reference resolved against an edition: how to read it, and its name in the official wording. */
interface Cell {
  readonly read: (report: NormalizedReport) => number | undefined;
  readonly name: string;
}

/** per edition: the cells already resolved, by reference */
const cellCache = new Map<Edition, Map<string, Cell | null>>();

function resolveCell(edition: Edition, ref: string): Cell | undefined {
  let cells = cellCache.get(edition);
  if (!cells) cellCache.set(edition, (cells = new Map()));
  const cached = cells.get(ref);
  if (cached !== undefined) return cached ?? undefined;
  const [path, column = "total"] = ref.split("#") as [string, string?];
  const tokens = path.split("/");
  let cell: Cell | undefined;
  if (tokens[0] === "applications") {
    const below = tokens.slice(1);
    const leaves: ApplicationLeaf[] = applicationLeaves(edition.applications).filter(
      (leaf) => below.length <= leaf.path.length && below.every((t, i) => leaf.path[i] === t),
    );
    const columnLabel = edition.applications.columns.find((c) => c.key === column)?.label;
    if (leaves.length > 0 && columnLabel) {
      const isRow = leaves.length === 1 && leaves[0]!.path.length === below.length;
      cell = {
        read: (report) => leaves.reduce((sum, leaf) => sum + (leaf.read(report.applications)?.[column] ?? 0), 0),
        name: isRow
          ? describePath(edition, pointer([...tokens, column]))
          : `${describePath(edition, pointer(tokens))}各项「${columnLabel}」列之和`,
      };
    }
  } else {
    const name = describePath(edition, pointer(tokens));
    if (name !== pointer(tokens)) {
      cell = {
        read: (report) => {
          const value = at(report, tokens);
          return typeof value === "number" ? value : typeof value === "string" ? Number(value) : undefined;
        },
        name,
      };
    }
  }
  cells.set(ref, cell ?? null);
  return cell;
}

function valueOf(edition: Edition, report: NormalizedReport, quantity: Quantity): number | undefined {
  let sum = 0;
  for (const ref of quantity) {
    const value = resolveCell(edition, ref)?.read(report);
    if (value === undefined || Number.isNaN(value)) return undefined;
    sum += value;
  }
  return sum;
}

/** "表三（…）「一、本年新收…」行「总计」列", or several such names and 之和 (the table named once). */
function nameOf(edition: Edition, quantity: Quantity): string {
  const names = quantity.map((ref) => resolveCell(edition, ref)!.name);
  if (names.length === 1) return names[0]!;
  const table = /^表[一二三四五六]（[^）]*）/.exec(names[0]!)?.[0] ?? "";
  return `${names.map((n, i) => (i > 0 && table && n.startsWith(table) ? n.slice(table.length) : n)).join("与")}之和`;
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-6;

function unitOf(claim: Claim): string {
  return claim.family.money === "yuan" ? "元" : claim.family.money === "wanYuan" ? "万元" : "件";
}

/** Checks one claim of the paragraph at `path` against the tables. */
function checkAgainstTables(edition: Edition, report: NormalizedReport, path: string, claim: Claim): Finding | undefined {
  const stated = claim.stated ?? valueOf(edition, report, claim.statedAs!);
  if (stated === undefined) return undefined;
  let expected: number | undefined;
  for (const reading of claim.readings) {
    const value = valueOf(edition, report, reading);
    if (value === undefined) return undefined;
    if (same(value, stated)) return undefined;
    expected ??= value;
  }
  if (expected === undefined) return undefined;
  const name = nameOf(edition, claim.readings[0]!);
  const unit = unitOf(claim);
  let message: string;
  if (claim.form === "all") {
    message = `正文“${claim.quote}”表明所述案件（共${stated}件）结果均为维持，而${name}为${expected}，两者不一致。`;
  } else if (claim.form === "none") {
    message = `正文“${claim.quote}”表明${claim.family.says}为0${unit}，而${name}为${expected}，两者不一致。`;
  } else {
    message = `正文“${claim.quote}”所述${claim.family.says}为${stated}${unit}，而${name}为${expected}，两者不一致。`;
  }
  return { path, message, expected, actual: stated, quote: claim.quote };
}

/**
 * The 信息处理费 is in no table: every statement of it must agree with the one in 六、其他需要报告的
 * 事项 (where the format puts it), or with the first one when 六 says nothing.
 */
function checkFees(edition: Edition, fees: readonly { path: string; claim: Claim }[]): Finding[] {
  if (fees.length < 2) return [];
  const reference = fees.find((f) => f.path.startsWith("/otherMatters")) ?? fees[0]!;
  const expected = reference.claim.stated!;
  return fees
    .filter((f) => f !== reference && !same(f.claim.stated!, expected))
    .map(({ path, claim }) => ({
      path,
      message: `正文“${claim.quote}”所述收取信息处理费${claim.stated}元，与${describePath(edition, reference.path)}“${reference.claim.quote}”所述${expected}元不一致。`,
      expected,
      actual: claim.stated!,
      quote: claim.quote,
    }));
}

export const textTable: Rule = {
  code: "text-table",
  severity: "warning",
  description: "正文所述数字与表格不一致",
  check({ edition, report }) {
    const read = readClaims(edition, report.year, paragraphs(report));
    if (read.length === 0) return [];
    const findings: Finding[] = [];
    const fees: { path: string; claim: Claim }[] = [];
    for (const { paragraph, claims } of read) {
      for (const claim of claims) {
        if (claim.family.against === "prose") fees.push({ path: paragraph.path, claim });
        else {
          const finding = checkAgainstTables(edition, report, paragraph.path, claim);
          if (finding) findings.push(finding);
        }
      }
    }
    if (findings.length === 0 && fees.length < 2) return findings;
    findings.push(...checkFees(edition, fees));
    const seen = new Set<string>();
    return findings.filter((f) => {
      const key = `${f.path}|${f.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  },
};
