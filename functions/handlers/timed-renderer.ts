/** Wraps a renderer to report each render's duration, and whether it was the container's first. */
import type { PdfRenderer } from "../service/ports.js";

export interface RenderTiming {
  readonly renderMs: number;
  readonly cold: boolean;
  readonly pages: number;
  readonly bytes: number;
  readonly draft: boolean;
}

export function timedRenderer(renderer: PdfRenderer, report: (timing: RenderTiming) => void): PdfRenderer {
  let first = true;
  return {
    templateVersion: renderer.templateVersion,
    html: (r, o) => renderer.html(r, o),
    async render(r, o) {
      const started = performance.now();
      const cold = first;
      first = false;
      const out = await renderer.render(r, o);
      report({ renderMs: Math.round(performance.now() - started), cold, pages: out.pages, bytes: out.pdf.byteLength, draft: o?.draft === true });
      return out;
    },
  };
}
