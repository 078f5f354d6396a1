/**
 * The table pages of the 2021 example, as pixels, against committed golden images.
 *
 * The renderer pins everything that shapes the page (its own Chromium, its own fonts, a fontconfig
 * without system fonts), so a difference means the layout changed. When a change is intended,
 * regenerate the images and look at them before committing:
 *   UPDATE_GOLDEN=1 npx vitest run test/integration/render-golden.test.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EDITIONS } from "../../functions/report/editions/index.js";
import { ReportRenderer } from "../../functions/render/renderer.js";
import { example } from "../helpers/examples.js";
import { pageTexts, rasterize, squeeze } from "../helpers/pdf.js";
import { normalized } from "../helpers/renderer.js";

const GOLDEN_DIR = fileURLToPath(new URL("../golden/", import.meta.url));
const SCALE = 1;
/** share of pixels allowed to differ (anti-aliasing noise), and how different a pixel must be to count */
const MAX_DIFFERENT_PIXELS = 0.002;
const PIXEL_THRESHOLD = 0.1;

let renderer: ReportRenderer;
let pdf: Uint8Array;
let pages: string[];

beforeAll(async () => {
  renderer = new ReportRenderer();
  pdf = (await renderer.render(normalized(example("yunxi2021")))).pdf;
  pages = (await pageTexts(pdf)).map(squeeze);
});
afterAll(() => renderer?.close());

describe("golden images of the table pages (2021 example)", () => {
  const edition = EDITIONS["2021"];
  const tables = [
    ["table-2", edition.proactive.groups[0]!.heading],
    ["table-3", squeeze(edition.applications.cornerNote)],
    ["table-4", "未经复议直接起诉"],
  ] as const;
  it("every page holding table 二, 三 or 四 matches its golden image", async () => {
    const tablePages = new Set<number>();
    for (const [, marker] of tables) {
      const pageNumber = pages.findIndex((text) => text.includes(marker)) + 1;
      expect(pageNumber, marker).toBeGreaterThan(0);
      tablePages.add(pageNumber);
    }
    for (const pageNumber of tablePages) {
      const actual = await rasterize(pdf, pageNumber, SCALE);
      const file = `${GOLDEN_DIR}yunxi-2021-page-${pageNumber}.png`;
      if (process.env.UPDATE_GOLDEN) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual.png);
      }
      expect(existsSync(file), `${file} is missing: regenerate with UPDATE_GOLDEN=1`).toBe(true);
      const golden = PNG.sync.read(readFileSync(file));
      expect([golden.width, golden.height]).toEqual([actual.width, actual.height]);
      const diff = new PNG({ width: golden.width, height: golden.height });
      const different = pixelmatch(golden.data, actual.data, diff.data, golden.width, golden.height, { threshold: PIXEL_THRESHOLD });
      const share = different / (golden.width * golden.height);
      if (share > MAX_DIFFERENT_PIXELS) writeFileSync(file.replace(/\.png$/, ".diff.png"), PNG.sync.write(diff));
      expect(share, `page ${pageNumber}`).toBeLessThanOrEqual(MAX_DIFFERENT_PIXELS);
    }
  });
});
