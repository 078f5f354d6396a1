/**
 * Housekeeping on a schedule: once a day the orphan cleanup deletes objects that no version points
 * at (written by publishes that failed before their version was recorded), past a grace period.
 * An EventBridge rule, not EventBridge Scheduler: rules exist in every partition, the China regions
 * included, and need no role of their own.
 */
import { Duration } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Construct } from "constructs";

/** 03:17 UTC (11:17 in Beijing), away from the top of the hour that every cron job picks. */
export const ORPHAN_CLEANUP_SCHEDULE = { hour: "3", minute: "17" } as const;

export class Housekeeping extends Construct {
  readonly orphanCleanupRule: Rule;

  constructor(scope: Construct, id: string, props: { orphanCleanup: IFunction }) {
    super(scope, id);
    this.orphanCleanupRule = new Rule(this, "DailyOrphanCleanup", {
      description: "Deletes report objects that no version points at, once a day",
      schedule: Schedule.cron(ORPHAN_CLEANUP_SCHEDULE),
      targets: [new LambdaFunction(props.orphanCleanup, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });
  }
}
