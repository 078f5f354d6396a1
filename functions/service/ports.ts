/** What the use cases need besides storage: a renderer and a clock. */
import type { NormalizedReport } from "../report/index.js";
import type { StorePorts } from "../store/ports.js";

export interface PdfRenderer {
  /** identifies templates and fonts: part of every version's fingerprint */
  readonly templateVersion: string;
  render(report: NormalizedReport, options?: { draft?: boolean }): Promise<{ pdf: Uint8Array; pages: number; html: string }>;
  html(report: NormalizedReport, options?: { draft?: boolean }): string;
}

/**
 * Makes the OFD edition of a rendered report (functions/ofd/edition.ts). Absent when the deployment
 * turns the OFD edition off.
 */
export interface OfdEdition {
  /** identifies the converter and its options ("ofd/1", "ofd-a/1"): part of every version's fingerprint */
  readonly edition: string;
  make(pdf: Uint8Array, report: NormalizedReport, context: { templateVersion: string; date: string }): Promise<Uint8Array>;
}

export interface ServiceDeps extends StorePorts {
  readonly renderer: PdfRenderer;
  /** the OFD edition stored beside each version's PDF, when the deployment makes one */
  readonly ofd?: OfdEdition;
  /** seconds a signed link lives (1..3600) */
  readonly linkExpirySeconds: number;
  readonly now?: () => Date;
}

/** The use cases' dependencies from the stores (only the ports, whatever else the adapters carry). */
export function serviceDeps(
  stores: StorePorts,
  renderer: PdfRenderer,
  options: { linkExpirySeconds: number; now?: () => Date; ofd?: OfdEdition | undefined },
): ServiceDeps {
  const { documents, reports, tokens, jobs } = stores;
  const { ofd, ...rest } = options;
  return { documents, reports, tokens, jobs, renderer, ...rest, ...(ofd ? { ofd } : {}) };
}
