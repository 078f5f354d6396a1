/** What the use cases need besides storage: a renderer and a clock. */
import type { NormalizedReport } from "../report/index.js";
import type { StorePorts } from "../store/ports.js";

export interface PdfRenderer {
  /** identifies templates and fonts: part of every version's fingerprint */
  readonly templateVersion: string;
  render(report: NormalizedReport, options?: { draft?: boolean }): Promise<{ pdf: Uint8Array; pages: number; html: string }>;
  html(report: NormalizedReport, options?: { draft?: boolean }): string;
}

export interface ServiceDeps extends StorePorts {
  readonly renderer: PdfRenderer;
  /** seconds a signed link lives (1..3600) */
  readonly linkExpirySeconds: number;
  /** seconds a bulk regeneration may go without progress before it is ended (NIANBAO_JOB_STALL_SECONDS) */
  readonly jobStallSeconds?: number;
  readonly now?: () => Date;
}

/** The use cases' dependencies from the stores (only the ports, whatever else the adapters carry). */
export function serviceDeps(
  stores: StorePorts,
  renderer: PdfRenderer,
  options: { linkExpirySeconds: number; jobStallSeconds?: number; now?: () => Date },
): ServiceDeps {
  const { documents, reports, tokens, jobs } = stores;
  return { documents, reports, tokens, jobs, renderer, ...options };
}
