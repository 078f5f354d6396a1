/**
 * A page keeps the document it printed, and the next report with the same head (the renderer's
 * templates, stylesheets and faces) takes only its title and body into it. The PDF must be exactly
 * the one a newly loaded document gives — after a report of another edition, a draft, a table split
 * by the pagination pass, a report whose rare characters bring a stylesheet of their own (another
 * head: loaded whole), and back.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentParts } from "../../functions/render/chromium.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { layoutCorpus } from "../corpus/index.js";
import { example } from "../helpers/examples.js";
import { normalized } from "../helpers/renderer.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const corpus = (name: string) => {
  const found = layoutCorpus().find((c) => c.name === name);
  if (!found) throw new Error(`no corpus report ${name}`);
  return normalized(found.report);
};

let reusing: ReportRenderer;
let fresh: ReportRenderer;
beforeAll(() => {
  reusing = new ReportRenderer({ pages: 1 });
  fresh = new ReportRenderer({ pages: 1 });
});
afterAll(async () => {
  await reusing?.close();
  await fresh?.close();
});

describe("a page reusing its document for the next report", () => {
  it("prints the same bytes as a newly loaded document, whatever came before", async () => {
    const yunxi = normalized(example("yunxi2021"));
    const rare = normalized({ ...example("raohe2019"), closing: { ...example("raohe2019").closing, signatory: "王喆𠮷镇人民政府" } });
    const sequence: { name: string; report: ReturnType<typeof normalized>; draft?: boolean }[] = [
      { name: "yunxi draft", report: yunxi, draft: true },
      { name: "raohe", report: normalized(example("raohe2019")) },
      { name: "seven digits", report: corpus("city-sevenDigits-2021") },
      { name: "40 paragraphs", report: corpus("paragraphs-40") },
      { name: "rare characters", report: rare },
      { name: "yunxi", report: yunxi },
      { name: "long name", report: corpus("name-40") },
    ];
    const loadsBefore = reusing.engine.documentLoads;
    const got: string[] = [];
    for (const item of sequence) got.push(sha256((await reusing.render(item.report, { draft: item.draft === true })).pdf));
    // the rare characters' stylesheet is another head: that report and the one after it load whole
    expect(reusing.engine.documentLoads - loadsBefore).toBe(3);

    for (const [i, item] of sequence.entries()) {
      const newFresh = new ReportRenderer({ pages: 1 });
      try {
        const expected = sha256((await newFresh.render(item.report, { draft: item.draft === true })).pdf);
        expect(got[i], item.name).toBe(expected);
        expect(newFresh.engine.documentLoads).toBe(1);
      } finally {
        await newFresh.close();
      }
    }
  });

  it("splits a document at its title and body, and loads whole what is not of that shape", () => {
    const html = '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<title>甲 &amp; 乙</title>\n<link rel="stylesheet" href="x.css">\n</head>\n<body>\n<p>正文</p>\n</body>\n</html>\n';
    expect(documentParts(html)).toEqual({
      head: '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n\n<link rel="stylesheet" href="x.css">\n</head>\n',
      title: "甲 &amp; 乙",
      body: "\n<p>正文</p>\n",
    });
    expect(documentParts("<html><body class=x><p>1</p></body></html>")).toBeUndefined();
    expect(documentParts("<html><head></head><body><p>1</p></body></html>")).toBeUndefined();
  });
});
