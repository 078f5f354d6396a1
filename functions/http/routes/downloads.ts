/** The citizens' links: a redirect to a short-lived signed URL, never the bytes themselves. */
import { InvalidReportIdError, ReportNotFoundError, VersionNotFoundError } from "../../service/errors.js";
import { latestVersion, signedLink } from "../../service/use-cases.js";
import { reportIdParam, versionNumber, type ApiContext, type AppServices, type RouteHandlers } from "../context.js";
import { ApiError } from "../errors.js";

async function download(c: ApiContext, services: AppServices, which: "latest" | number): Promise<Response> {
  const reportId = reportIdParam(c);
  try {
    const version = which === "latest" ? await latestVersion(services.deps, reportId) : await services.deps.reports.getVersion(reportId, which);
    if (!version) throw new VersionNotFoundError(reportId, which as number);
    const link = await signedLink(services.deps, version);
    return c.body(null, 302, { Location: link.url, "Cache-Control": "no-store" });
  } catch (error) {
    if (error instanceof InvalidReportIdError || error instanceof ReportNotFoundError || error instanceof VersionNotFoundError) {
      throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    }
    throw error;
  }
}

export const downloadRoutes: RouteHandlers = {
  downloadLatest: (c, s) => download(c, s, "latest"),
  async downloadVersion(c, s) {
    const n = versionNumber(c);
    if (n === undefined) throw new ApiError(404, "not_found", "没有这份报告或这个版本");
    return download(c, s, n);
  },
};
