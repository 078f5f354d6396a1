/**
 * The rendered PDF, read back as a viewer would: every official label, every number, embedded
 * TrueType fonts only, A4, page numbers, document information and bookmarks, the draft watermark.
 * Runs a real Chromium; fontconfig is restricted by the renderer itself (see chromium.ts), so no
 * system CJK font can supply a glyph.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applicationLeaves, at, EDITIONS } from "../../functions/report/editions/index.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { sectionBody } from "../../functions/report/section-text.js";
import { compactFonts } from "../../functions/render/fonts.js";
import { ReportRenderer, type RenderedReport } from "../../functions/render/renderer.js";
import { example, type ExampleName } from "../helpers/examples.js";
import { drawnFonts, embeddedFonts, pageTexts, pdfFacts, squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

let renderer: ReportRenderer;
const rendered = new Map<ExampleName, { report: NormalizedReport; out: RenderedReport; pages: string[]; all: string }>();

beforeAll(async () => {
  renderer = new ReportRenderer();
  for (const name of ["yunxi2021", "raohe2019"] as const) {
    const report = normalized(example(name));
    const out = await renderer.render(report);
    const pages = await pageTexts(out.pdf);
    // page numbers interrupt a paragraph that runs over a page break: read the text without them
    rendered.set(name, { report, out, pages, all: pages.map((p) => squeeze(p).replace(/—\d+—/g, "")).join("") });
  }
}, 60_000);

afterAll(() => renderer?.close());

/** Every label the edition prints. */
function officialLabels(report: NormalizedReport): string[] {
  const edition = EDITIONS[report.edition];
  const labels = edition.sections.map((s) => s.title);
  for (const group of edition.proactive.groups) {
    labels.push(group.heading, group.contentLabel, ...group.fields.map((f) => f.label), ...group.rows.map((r) => r.label));
  }
  labels.push(edition.applications.cornerNote, edition.applications.applicantHeading);
  labels.push(...edition.applications.columns.map((c) => c.label), ...edition.applications.columns.flatMap((c) => (c.group ? [c.group] : [])));
  labels.push(...applicationLeaves(edition.applications).flatMap((l) => l.labels));
  labels.push(...edition.reviewLitigation.groups.flatMap((g) => [g.heading, ...(g.label ? [g.label] : [])]));
  labels.push(...edition.reviewLitigation.outcomes.map((o) => o.label));
  return [...new Set(labels)];
}

describe.each(["yunxi2021", "raohe2019"] as const)("the PDF of %s", (name) => {
  it("holds every official label of its edition", () => {
    const { report, all } = rendered.get(name)!;
    const missing = officialLabels(report).filter((label) => !all.includes(squeeze(label)));
    expect(missing).toEqual([]);
  });

  it("holds every number of the report, row by row, in the official column order", () => {
    const { report, all } = rendered.get(name)!;
    const edition = EDITIONS[report.edition];
    for (const leaf of applicationLeaves(edition.applications)) {
      const values = at(report.applications, leaf.path) as Record<string, number>;
      const row = leaf.cells.map((c) => c.text).join("") + edition.applications.columns.map((c) => values[c.key]).join("");
      expect(all, leaf.labels.join("")).toContain(squeeze(row));
    }
    const review = edition.reviewLitigation.groups.flatMap((g) =>
      edition.reviewLitigation.outcomes.map((o) => (report.reviewLitigation as unknown as Record<string, Record<string, number>>)[g.key]![o.key]),
    );
    expect(all).toContain(review.join(""));
    for (const group of edition.proactive.groups) {
      for (const row of group.rows) {
        const values = (report.proactive as unknown as Record<string, Record<string, unknown>>)[row.key]!;
        const cells = group.fields.map((f) => `${String(values[f.key])}${f.unit && values[f.unit.key] ? String(values[f.unit.key]) : ""}`);
        expect(all).toContain(squeeze(row.label + cells.join("")));
      }
    }
  });

  it("holds the title and every paragraph of prose", () => {
    const { report, all } = rendered.get(name)!;
    const prose = [report.agency.name, ...report.preamble];
    for (const body of [report.overview, sectionBody(report.problems), sectionBody(report.otherMatters)]) {
      prose.push(...body.paragraphs);
      for (const s of body.subsections) prose.push(s.heading, ...s.paragraphs);
    }
    for (const text of prose) expect(all).toContain(squeeze(text));
  });

  it("embeds one CID TrueType subset per role, named as it renders: no Type 3, no unembedded font", async () => {
    const { out } = rendered.get(name)!;
    const fonts = await embeddedFonts(out.pdf);
    for (const font of fonts) {
      expect(font, font.baseFont).toMatchObject({ subtype: "/Type0", descendant: "/CIDFontType2", fontFile: "FontFile2" });
    }
    // counted again as pdf.js loads them for drawing: one font per role, the compact faces' own names
    const drawn = await drawnFonts(out.pdf);
    const compact = Object.values(compactFonts().faces).map((f) => f.postscriptName);
    expect(drawn.map((f) => f.name).sort()).toEqual([...compact].sort());
    expect(fonts.map((f) => f.baseFont.replace(/^\/[A-Z]{6}\+/, "")).sort()).toEqual([...compact].sort());
    for (const font of drawn) expect(font, font.name).toMatchObject({ type: "CIDFontType2", type3: false, embedded: true });
    // the title role uses a real bold face, not a synthetic one
    expect(compact).toContain("NotoSerifSC-Bold");
  });

  it("is A4 with “— N —” page numbers on every page", async () => {
    const { out, pages } = rendered.get(name)!;
    const facts = await pdfFacts(out.pdf);
    expect(out.pages).toBe(pages.length);
    for (const size of facts.pageSizes) {
      expect(size.width).toBeCloseTo(595.28, 0);
      expect(size.height).toBeCloseTo(841.89, 0);
    }
    pages.forEach((text, i) => expect(squeeze(text)).toContain(`—${i + 1}—`));
    expect(pages.length).toBeGreaterThanOrEqual(2);
  });

  it("carries its document information, language and a bookmark per section", async () => {
    const { report, out } = rendered.get(name)!;
    const facts = await pdfFacts(out.pdf);
    expect(facts.info).toMatchObject({
      Title: report.title,
      Author: report.agency.name,
      Language: "zh-CN",
      Creator: `nianbao ${renderer.templateVersion}`,
    });
    expect(String(facts.info.Subject)).toContain(EDITIONS[report.edition].formatName);
    expect(String(facts.info.Keywords)).toContain("政府信息公开");
    expect(facts.outline.map((o) => o.title)).toEqual(EDITIONS[report.edition].sections.map((s) => s.title));
    const pagesOfSections = facts.outline.map((o) => o.page);
    expect(pagesOfSections[0]).toBe(1);
    expect([...pagesOfSections].sort((a, b) => a - b)).toEqual(pagesOfSections);
    // the last section starts on the last page or the one before it (its end goes with the closing block)
    expect(pagesOfSections[5]).toBeGreaterThanOrEqual(out.pages - 1);
  });

  it("has no watermark unless it is a draft", () => {
    expect(rendered.get(name)!.all).not.toContain("草稿");
  });
});

describe("draft mode", () => {
  it("puts 草稿 on every page and says so in the Creator", async () => {
    const out = await renderer.render(normalized(example("yunxi2021")), { draft: true });
    const pages = await pageTexts(out.pdf);
    for (const text of pages) expect(text).toContain("草稿");
    expect((await pdfFacts(out.pdf)).info.Creator).toContain("草稿");
  });
});

describe("size", () => {
  it("keeps the 2021 example's PDF under 200 KB", () => {
    expect(rendered.get("yunxi2021")!.out.bytes).toBeLessThan(200 * 1024);
  });
});

describe("a character outside the official set", () => {
  it("still renders, from the body face's fallback slice, beside the compact fonts", async () => {
    const report = example("yunxi2021");
    report.problems = ["王喆同志牵头整改。", ...report.problems];
    const out = await renderer.render(normalized(report));
    expect(squeeze((await pageTexts(out.pdf)).join(""))).toContain("王喆同志牵头整改。");
    const drawn = await drawnFonts(out.pdf);
    const compact = Object.values(compactFonts().faces).map((f) => f.postscriptName);
    const extra = drawn.filter((f) => !compact.includes(f.name));
    // the slice of Noto Serif SC that holds 喆, and nothing from outside the bundle
    expect(extra).toHaveLength(1);
    expect(extra[0]).toMatchObject({ type: "CIDFontType2", type3: false, embedded: true });
    expect(extra[0]!.name).toMatch(/^NotoSerifSC/);
  });
});
