/** The ink comparison on drawn rasters: what it must accept, and what it must catch. */
import { describe, expect, it } from "vitest";
import { compareInk, inkFindings, type Raster } from "../../functions/ofd/verify/ink.js";

const W = 240;
const H = 240;

/** A white raster with black rectangles (x, y, w, h), and optionally grey ones. */
function raster(rects: [number, number, number, number, number?][]): Raster {
  const data = new Uint8ClampedArray(W * H * 4).fill(255);
  for (const [x, y, w, h, grey = 0] of rects) {
    for (let j = y; j < y + h; j++) for (let i = x; i < x + w; i++) data.set([grey, grey, grey, 255], (j * W + i) * 4);
  }
  return { width: W, height: H, data };
}

const text = (dx = 0): [number, number, number, number][] => Array.from({ length: 12 }, (_, k) => [20 + dx + k * 16, 100, 6, 20] as [number, number, number, number]);

describe("comparing ink", () => {
  it("accepts the same drawing, and a 1-pixel offset", () => {
    const a = raster(text());
    expect(inkFindings(compareInk(a, raster(text())))).toEqual([]);
    expect(inkFindings(compareInk(a, raster(text(1))))).toEqual([]);
  });

  it("accepts a hairline drawn as one mid-grey pixel against two light-grey ones", () => {
    const a = raster([...text(), [200, 20, 2, 200, 190]]);
    const b = raster([...text(), [201, 20, 1, 200, 110]]);
    expect(compareInk(a, b).flaggedTiles).toBe(0);
    expect(compareInk(a, b).extra).toBe(0);
  });

  it("catches marks moved by 4 pixels (0.5 mm at 8 px/mm)", () => {
    const result = compareInk(raster(text()), raster(text(4)));
    expect(result.flaggedTiles).toBeGreaterThan(5);
    expect(inkFindings(result).length).toBeGreaterThan(0);
  });

  it("catches a missing rule, and heavier strokes", () => {
    const ruled = raster([...text(), [10, 60, 220, 2]]);
    expect(compareInk(ruled, raster(text())).missing).toBeGreaterThan(0.03);
    const heavy = compareInk(raster(text()), raster(text().map(([x, y, w, h]) => [x, y, w + 2, h] as [number, number, number, number])));
    expect(heavy.inkRatio).toBeGreaterThan(1.08);
  });
});
