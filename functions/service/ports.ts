/** What the use cases need besides storage: a renderer and a clock. */
import type { NormalizedReport } from "../report/index.js";
import type { StorePorts } from "../store/ports.js";
import type { EventSink } from "./events.js";
import type { SecretBox } from "./secret-box.js";

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
  /** seconds a bulk regeneration may go without progress before it is ended (NIANBAO_JOB_STALL_SECONDS) */
  readonly jobStallSeconds?: number;
  /**
   * The service's public address (NIANBAO_PUBLIC_BASE_URL; `serve` uses its own), from which the
   * lasting links of a version are built. Absent: the HTTP layer uses the address a request came to.
   */
  readonly publicBaseUrl?: string;
  readonly now?: () => Date;
  readonly log?: (entry: Record<string, unknown>) => void;
  /** where events (version.created, …) go: EventBridge on AWS, the local delivery queue locally; none: no events */
  readonly events?: EventSink;
  /** seals webhook secrets at rest (KMS on AWS, a local key file locally); none: webhooks cannot be created */
  readonly secrets?: SecretBox;
}

/** The use cases' dependencies from the stores (only the ports, whatever else the adapters carry). */
export function serviceDeps(
  stores: StorePorts,
  renderer: PdfRenderer,
  options: {
    linkExpirySeconds: number;
    jobStallSeconds?: number;
    publicBaseUrl?: string;
    now?: () => Date;
    log?: (entry: Record<string, unknown>) => void;
    ofd?: OfdEdition | undefined;
    events?: EventSink;
    secrets?: SecretBox;
  },
): ServiceDeps {
  const { documents, reports, tokens, jobs, audit, webhooks } = stores;
  const { ofd, ...rest } = options;
  return { documents, reports, tokens, jobs, audit, webhooks, renderer, ...rest, ...(ofd ? { ofd } : {}) };
}

/** The time now, by the deps' clock. */
export function clock(deps: { readonly now?: () => Date }): Date {
  return deps.now?.() ?? new Date();
}
