import { validateReport } from "../../functions/report/index.js";
import type { NormalizedReport } from "../../functions/report/index.js";
import { TODAY } from "./examples.js";

/** Validates and returns the normalised report, failing loudly if it is not valid. */
export function normalized(report: unknown): NormalizedReport {
  const result = validateReport(report, { today: TODAY });
  if (!result.valid || !result.normalized) throw new Error(`invalid test report: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.normalized;
}
