/**
 * The Word edition read back by the importer (issue 14): render --docx → import → the same normalised
 * report, every cell and every paragraph, for both examples and a spread of the layout corpus. The
 * printed report does not carry the agency's code and level or the publication date, so those are
 * compared only where a document can hold them.
 */
import { describe, expect, it } from "vitest";
import { importDocument } from "../../functions/import/index.js";
import { wordEdition } from "../../functions/render/word-edition.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { validateReport } from "../../functions/report/index.js";
import { layoutCorpus } from "../corpus/index.js";
import { example } from "../helpers/examples.js";
import { normalized } from "../helpers/renderer.js";

/**
 * What a printed report shows: all of it but the agency's code and level and the publication date;
 * as JSON, as reports are stored (a computed change of −0 is 0 there).
 */
function printed(report: NormalizedReport): Record<string, unknown> {
  const { publishedAt: _published, agency, ...rest } = JSON.parse(JSON.stringify(report)) as NormalizedReport & { publishedAt?: string };
  const { code: _code, level: _level, ...shown } = agency as typeof agency & { code?: string; level?: string };
  return { ...rest, agency: shown };
}

const cases: [string, NormalizedReport][] = [
  ["yunxi2021", normalized(example("yunxi2021"))],
  ["raohe2019", normalized(example("raohe2019"))],
  ...layoutCorpus({ limit: 24 }).map(({ name, report }): [string, NormalizedReport] => [name, normalized(report)]),
];

describe.each(cases)("the Word edition of %s, imported", (_name, report) => {
  it("is the same report: every cell, every paragraph, valid, with nothing left unsure", async () => {
    const imported = await importDocument(await wordEdition(report), "docx");
    expect(imported.validation.errors).toEqual([]);
    expect(imported.notes).toEqual([]);
    const back = validateReport(imported.report).normalized!;
    expect(printed(back)).toEqual(printed(report));
  });
});
