import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EDITIONS, EDITION_IDS } from "../../functions/report/index.js";
import { compiled, CONNECT } from "../../functions/report/phrases/compile.js";
import { PERIOD_WORDS, periodWords } from "../../functions/report/phrases/context.js";
import { paragraphs } from "../../functions/report/prose.js";
import { layoutCorpus } from "../corpus/index.js";

/**
 * The phrase engine reads the prose without the regular expressions its families are written in: the
 * phrasings before a figure by one automaton read backwards (suffix-reader.ts), the period words only
 * near the characters they must hold (context.ts). Both must find exactly what the expressions find:
 * here they are run side by side on every text of the prose corpus, the examples and the layout
 * corpus, whole and cut at every figure and at every position near one.
 */
function texts(): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (typeof node === "string") found.add(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") Object.values(node).forEach(walk);
  };
  walk(JSON.parse(readFileSync(new URL("../fixtures/prose-corpus.json", import.meta.url), "utf8")).cases);
  for (const file of ["yunxi-county-2024", "raohe-xiaojiahe-2023"]) {
    walk(JSON.parse(readFileSync(new URL(`../../examples/${file}.json`, import.meta.url), "utf8")));
  }
  for (const { report } of layoutCorpus({ limit: 12 })) for (const p of paragraphs(report as never)) found.add(p.text);
  // the same words with Chinese numerals, spaces around figures, and another year
  const numerals = "零一二三四五六七八九";
  for (const text of [...found]) {
    found.add(text.replace(/\d/g, (d) => numerals[Number(d)]!));
    found.add(text.replace(/(\d+)/g, " $1 "));
    found.add(text.replace(/2024/g, "2023"));
  }
  return [...found];
}

const TEXTS = texts();

/** What stands before a figure: each text cut where a numeral starts, and a little before and after (40 characters at most). */
function leads(): string[] {
  const out = new Set<string>();
  for (const text of TEXTS) {
    for (let at = 0; at < text.length; at++) {
      if (!/[0-9０-９零〇一二两三四五六七八九十]/.test(text[at]!) || /[0-9０-９零〇一二两三四五六七八九十]/.test(text[at - 1] ?? "")) continue;
      for (const end of [at - 1, at, at + 1]) if (end > 0) out.add(text.slice(Math.max(0, end - 40), end));
    }
  }
  return [...out];
}

describe("the phrasings before a figure, read backwards", () => {
  const LEADS = leads();

  for (const edition of EDITION_IDS) {
    it(`finds the fullest phrase, its family and every family's own, as the expressions do (edition ${edition})`, () => {
      const year = EDITIONS[edition].id === "2019" ? 2023 : 2024;
      const set = compiled(edition, year);
      let phrases = 0;
      const differences: unknown[] = [];
      for (const reader of [set.counts, set.money]) {
        if (!reader.before) continue;
        const combined = new RegExp(`(?:${reader.beforeSources.map((s) => `(${s})`).join("|")})${CONNECT}$`);
        const each = reader.beforeSources.map((s) => new RegExp(`(?:${s})${CONNECT}$`));
        for (const lead of LEADS) {
          const m = combined.exec(lead);
          const read = reader.before.read(lead);
          if (!m) {
            if (read) differences.push({ lead, read: [read.start, read.family] });
            continue;
          }
          phrases++;
          let family = 1;
          while (m[family] === undefined) family++;
          const every = each.flatMap((re, i) => {
            const own = re.exec(lead);
            return own ? [{ family: i, start: own.index }] : [];
          });
          const got = read && { start: read.start, family: read.family, every: read.every() };
          if (JSON.stringify(got) !== JSON.stringify({ start: m.index, family: family - 1, every })) differences.push({ lead, got, expected: [m.index, family - 1, every] });
        }
      }
      expect(differences).toEqual([]);
      // the texts do hold phrases: the comparison is not of two silences
      expect(phrases).toBeGreaterThan(1000);
    });
  }
});

describe("the period words", () => {
  it("are the words a global search with the expression finds", () => {
    const global = new RegExp(PERIOD_WORDS.source, "g");
    let words = 0;
    const differences: unknown[] = [];
    for (const text of TEXTS) {
      const expected = [...text.matchAll(global)].map((m) => [m.index, m[0]]);
      words += expected.length;
      const found = periodWords(text).map((m) => [m.index, m[0]]);
      if (JSON.stringify(found) !== JSON.stringify(expected)) differences.push({ text, found, expected });
    }
    expect(differences).toEqual([]);
    expect(words).toBeGreaterThan(500);
  });
});
