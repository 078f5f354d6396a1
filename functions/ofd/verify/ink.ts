/**
 * Comparing two renderings of a page by their ink, not pixel by pixel: two rasterisers never agree on
 * anti-aliasing (exact comparison differs in half the ink pixels even when everything is right), but
 * they agree on where the ink is. Three measures together, because each alone misses something:
 *
 * - the ink ratio (candidate darkness / reference darkness, summed over the page) sees a substituted
 *   font, whose strokes are heavier or lighter although they sit in the right places. It sums grey
 *   levels rather than counting dark pixels: anti-aliasing conserves coverage, so a 1-pixel rule
 *   drawn half a pixel off (ofd.js's SVG boxes snap to whole pixels, pdf.js's canvas does not) weighs
 *   the same, where a count of dark pixels would differ by a third;
 * - unmatched ink in both directions (ink with no ink of the other image within 1 px) sees missing or
 *   extra marks. "Ink" is a pixel more than half covered; it is matched by any visible mark of the
 *   other image (a hysteresis): a hairline that one rasteriser draws as one half-grey pixel and the
 *   other as two light-grey ones is the same line, a line moved by half a millimetre is not;
 * - flagged tiles see local displacement — a line moved by half a millimetre — that the page-wide
 *   figures average away.
 */

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** RGBA */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface InkComparison {
  /** dark pixels (below the threshold) */
  readonly referenceInk: number;
  readonly candidateInk: number;
  /** candidate darkness / reference darkness */
  readonly inkRatio: number;
  /** share of the reference's ink with no candidate ink within the tolerance */
  readonly missing: number;
  /** share of the candidate's ink with no reference ink within the tolerance */
  readonly extra: number;
  readonly flaggedTiles: number;
  readonly tiles: readonly { x: number; y: number; unmatched: number }[];
}

export interface InkThresholds {
  readonly minInkRatio: number;
  readonly maxInkRatio: number;
  readonly maxUnmatched: number;
  readonly maxFlaggedTiles: number;
}

/** The thresholds: ink ratio 0.95–1.08, ≤ 3 % unmatched each way at 1 px, ≤ 5 flagged tiles. */
export const DEFAULT_THRESHOLDS: InkThresholds = { minInkRatio: 0.95, maxInkRatio: 1.08, maxUnmatched: 0.03, maxFlaggedTiles: 5 };

export interface InkOptions {
  /** a pixel is ink when its luminance is below this (0–255) */
  readonly threshold?: number;
  /** ink is matched by a pixel of the other image whose luminance is below this (a visible mark) */
  readonly presence?: number;
  /** how far (px) ink may move and still match */
  readonly tolerance?: number;
  readonly tileSize?: number;
  /** a tile is flagged when more than this share of its ink is unmatched… */
  readonly tileShare?: number;
  /** …and it holds at least this much ink (a few stray pixels are not a finding) */
  readonly tileMinInk?: number;
}

interface Ink {
  readonly mask: Uint8Array;
  /** pixels with any visible mark */
  readonly marks: Uint8Array;
  /** Σ (1 − luminance), over the page */
  readonly darkness: number;
}

function inkOf(image: Raster, width: number, height: number, threshold: number, presence: number): Ink {
  const mask = new Uint8Array(width * height);
  const marks = new Uint8Array(width * height);
  const data = image.data;
  let darkness = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * image.width * 4, m = y * width; x < width; x++, i += 4, m++) {
      // luminance (ITU-R BT.601, in 1/256) composited on white
      const alpha = data[i + 3]!;
      const lum = (77 * data[i]! + 150 * data[i + 1]! + 29 * data[i + 2]!) >> 8;
      const luminance = alpha === 255 ? lum : 255 - (((255 - lum) * alpha) >> 8);
      darkness += 255 - luminance;
      if (luminance < threshold) mask[m] = 1;
      if (luminance < presence) marks[m] = 1;
    }
  }
  return { mask, marks, darkness: darkness / 255 };
}

/** Every pixel within `radius` (Chebyshev) of ink. */
function dilate(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  if (radius === 0) return mask;
  const horizontal = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let dx = Math.max(0, x - radius); dx <= Math.min(width - 1, x + radius); dx++) horizontal[y * width + dx] = 1;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!horizontal[y * width + x]) continue;
      for (let dy = Math.max(0, y - radius); dy <= Math.min(height - 1, y + radius); dy++) out[dy * width + x] = 1;
    }
  }
  return out;
}

export function compareInk(reference: Raster, candidate: Raster, options: InkOptions = {}): InkComparison {
  const threshold = options.threshold ?? 128;
  const presence = options.presence ?? 224;
  const tolerance = options.tolerance ?? 1;
  const tileSize = options.tileSize ?? 24;
  const tileShare = options.tileShare ?? 0.2;
  const tileMinInk = options.tileMinInk ?? 20;
  // the two renderings may differ by a pixel in size (A4 is 209.9 mm in Chromium's PDF, 210 in the OFD)
  const width = Math.min(reference.width, candidate.width);
  const height = Math.min(reference.height, candidate.height);
  const referenceInk = inkOf(reference, width, height, threshold, presence);
  const candidateInk = inkOf(candidate, width, height, threshold, presence);
  const ref = referenceInk.mask;
  const cand = candidateInk.mask;
  const refNear = dilate(referenceInk.marks, width, height, tolerance);
  const candNear = dilate(candidateInk.marks, width, height, tolerance);

  const columns = Math.ceil(width / tileSize);
  const rows = Math.ceil(height / tileSize);
  const tileInk = new Uint32Array(columns * rows);
  const tileUnmatched = new Uint32Array(columns * rows);
  let refInk = 0;
  let candInk = 0;
  let missing = 0;
  let extra = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const tile = Math.floor(y / tileSize) * columns + Math.floor(x / tileSize);
      if (ref[i]) {
        refInk++;
        tileInk[tile]!++;
        if (!candNear[i]) {
          missing++;
          tileUnmatched[tile]!++;
        }
      }
      if (cand[i]) {
        candInk++;
        tileInk[tile]!++;
        if (!refNear[i]) {
          extra++;
          tileUnmatched[tile]!++;
        }
      }
    }
  }
  const tiles: { x: number; y: number; unmatched: number }[] = [];
  for (let t = 0; t < tileInk.length; t++) {
    const ink = tileInk[t]!;
    if (ink >= tileMinInk && tileUnmatched[t]! / ink > tileShare) {
      tiles.push({ x: (t % columns) * tileSize, y: Math.floor(t / columns) * tileSize, unmatched: tileUnmatched[t]! / ink });
    }
  }
  return {
    referenceInk: refInk,
    candidateInk: candInk,
    inkRatio: referenceInk.darkness === 0 ? (candidateInk.darkness === 0 ? 1 : Infinity) : candidateInk.darkness / referenceInk.darkness,
    missing: refInk === 0 ? 0 : missing / refInk,
    extra: candInk === 0 ? 0 : extra / candInk,
    flaggedTiles: tiles.length,
    tiles,
  };
}

/** Which thresholds a comparison breaks, in words; empty when it passes. */
export function inkFindings(result: InkComparison, thresholds: InkThresholds = DEFAULT_THRESHOLDS): string[] {
  const findings: string[] = [];
  const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
  if (result.inkRatio < thresholds.minInkRatio || result.inkRatio > thresholds.maxInkRatio) {
    findings.push(`ink ratio ${result.inkRatio.toFixed(3)} outside ${thresholds.minInkRatio}–${thresholds.maxInkRatio}`);
  }
  if (result.missing > thresholds.maxUnmatched) findings.push(`${pct(result.missing)} of the reference's ink unmatched`);
  if (result.extra > thresholds.maxUnmatched) findings.push(`${pct(result.extra)} of the candidate's ink unmatched`);
  if (result.flaggedTiles > thresholds.maxFlaggedTiles) findings.push(`${result.flaggedTiles} tiles flagged`);
  return findings;
}
