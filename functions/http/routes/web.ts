/**
 * The pages for people: the console's entry (its pages live in functions/web/console.ts, mounted
 * at /console/ by the app) and the citizens' report page.
 */
import { ReportNotFoundError, InvalidReportIdError } from "../../service/errors.js";
import { reportPage } from "../../service/report-page.js";
import { missingPageHtml, PUBLIC_PAGE_HEADERS, reportPageHtml } from "../../web/citizen.js";
import { reportIdParam, type RouteHandlers } from "../context.js";

export const webRoutes: RouteHandlers = {
  async openConsole(c) {
    return c.redirect("/console/reports", 303);
  },
  async reportPage(c, s) {
    try {
      const page = await reportPage(s.deps, reportIdParam(c));
      return c.body(reportPageHtml(page), page.standing ? 200 : 410, PUBLIC_PAGE_HEADERS);
    } catch (error) {
      if (error instanceof ReportNotFoundError || error instanceof InvalidReportIdError) return c.body(missingPageHtml(), 404, PUBLIC_PAGE_HEADERS);
      throw error;
    }
  },
};
