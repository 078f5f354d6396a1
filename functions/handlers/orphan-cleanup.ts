/**
 * The daily orphan cleanup (an EventBridge schedule): deletes the report objects that no version
 * points at, once older than NIANBAO_ORPHAN_GRACE_HOURS (so a publish in flight keeps its objects).
 */
import { correlationPaths } from "@aws-lambda-powertools/logger/correlationId";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ScheduledEvent } from "aws-lambda";
import { sweepOrphans } from "../service/orphans.js";
import { METRIC } from "./metric-names.js";
import { instrumented, logger, metrics, stores } from "./runtime.js";

const { documents, reports } = stores();
const graceHours = Number(process.env.NIANBAO_ORPHAN_GRACE_HOURS ?? 24);
if (!Number.isFinite(graceHours) || graceHours < 1) throw new Error(`NIANBAO_ORPHAN_GRACE_HOURS must be at least 1, not ${process.env.NIANBAO_ORPHAN_GRACE_HOURS}`);

export const handler = instrumented(
  async (_event: ScheduledEvent) => {
    const result = await sweepOrphans({ documents, reports }, { olderThanMs: graceHours * 3600_000, delete: true });
    metrics.addMetric(METRIC.orphansDeleted, MetricUnit.Count, result.orphans.length);
    logger.info("orphan cleanup", { reports: result.reports, objects: result.objects, deleted: result.orphans.length, keys: result.orphans.slice(0, 100) });
    return { reports: result.reports, objects: result.objects, deleted: result.orphans.length };
  },
  { correlationIdPath: correlationPaths.EVENT_BRIDGE },
);
