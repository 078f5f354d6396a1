/**
 * What a citizens' link leads to: the PDF or the OFD of a standing version (by a short-lived signed
 * URL), or the notice that a version, or every version, is withdrawn.
 */
import type { Withdrawal } from "../store/ports.js";
import { AllVersionsWithdrawnError, checkReportId, VersionNotFoundError } from "./errors.js";
import type { ServiceDeps } from "./ports.js";
import { latestStandingVersion, signedLink, type EditionName, type SignedLink } from "./use-cases.js";

export type DownloadTarget =
  | { readonly kind: "file"; readonly link: SignedLink }
  /** one withdrawn version, and the latest version that stands, if any */
  | { readonly kind: "withdrawn"; readonly reportId: string; readonly title: string; readonly version: number; readonly withdrawal: Withdrawal; readonly standing?: number }
  | { readonly kind: "all-withdrawn"; readonly reportId: string; readonly title: string };

/** EditionNotFoundError when the version stands but was made without the edition asked for. */
export async function downloadTarget(deps: ServiceDeps, reportId: string, which: "latest" | number, edition: EditionName = "pdf"): Promise<DownloadTarget> {
  checkReportId(reportId);
  if (which === "latest") {
    try {
      return { kind: "file", link: await signedLink(deps, await latestStandingVersion(deps, reportId), edition) };
    } catch (error) {
      if (error instanceof AllVersionsWithdrawnError) {
        const latest = await deps.reports.latestVersion(reportId);
        return { kind: "all-withdrawn", reportId, title: latest?.title ?? reportId };
      }
      throw error;
    }
  }
  const version = await deps.reports.getVersion(reportId, which);
  if (!version) throw new VersionNotFoundError(reportId, which);
  if (!version.withdrawn) return { kind: "file", link: await signedLink(deps, version, edition) };
  const standing = await deps.reports.latestStandingVersion(reportId);
  return { kind: "withdrawn", reportId, title: version.title, version: which, withdrawal: version.withdrawn, ...(standing ? { standing: standing.version } : {}) };
}
