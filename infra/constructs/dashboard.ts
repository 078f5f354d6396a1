/**
 * One CloudWatch dashboard of the service: renders and their p95, function errors, the API's 4xx and
 * 5xx, the regeneration queue's depth and age, the dead-letter queue, bulk progress, cold starts.
 */
import { Duration } from "aws-cdk-lib";
import { Dashboard, GraphWidget, Metric, TextWidget, type IMetric } from "aws-cdk-lib/aws-cloudwatch";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC, METRIC_NAMESPACE, SERVICE_NAME } from "../../functions/handlers/metric-names.js";

export interface ServiceDashboardProps {
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly httpApi: HttpApi;
  readonly queue: IQueue;
  readonly deadLetters: IQueue;
}

const PERIOD = Duration.minutes(5);

/** A metric of the service's own namespace. */
export function serviceMetric(metricName: string, statistic = "Sum", label?: string): Metric {
  return new Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: PERIOD,
    ...(label ? { label } : {}),
  });
}

export class ServiceDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) => new GraphWidget({ title, left, right, width: 12, height: 6 });
    const functions = Object.entries(props.functions);
    this.dashboard = new Dashboard(this, "Dashboard", {
      defaultInterval: Duration.hours(6),
      widgets: [
        [new TextWidget({ markdown: "# Nianbao 年报\nRenders, errors, the API, bulk regeneration. Alarms notify the alarm topic.", width: 24, height: 2 })],
        [
          graph("Renders (count) and p95 render duration (ms)", [serviceMetric(METRIC.renderDuration, "SampleCount", "renders")], [serviceMetric(METRIC.renderDuration, "p95", "p95 ms")]),
          graph("Function errors", functions.map(([name, fn]) => fn.metricErrors({ period: PERIOD, label: name }))),
        ],
        [
          graph(
            "API requests, 4xx and 5xx",
            [props.httpApi.metricClientError({ period: PERIOD, label: "4xx" }), props.httpApi.metricServerError({ period: PERIOD, label: "5xx" })],
            [props.httpApi.metricCount({ period: PERIOD, label: "requests" })],
          ),
          graph("API latency p95 (ms)", [props.httpApi.metricLatency({ period: PERIOD, statistic: "p95", label: "p95" })]),
        ],
        [
          graph(
            "Regeneration queue: depth and age of the oldest message (s)",
            [
              props.queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: "waiting" }),
              props.queue.metricApproximateNumberOfMessagesNotVisible({ period: PERIOD, label: "in flight" }),
            ],
            [props.queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, label: "oldest (s)" })],
          ),
          graph("Dead letters", [
            props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: "waiting in the DLQ" }),
            serviceMetric(METRIC.deadLetteredReport, "Sum", "recorded failed on their job"),
          ]),
        ],
        [
          graph("Bulk regeneration progress (reports)", [
            serviceMetric(METRIC.bulkReportSucceeded, "Sum", "succeeded"),
            serviceMetric(METRIC.bulkReportFailed, "Sum", "failed"),
          ]),
          graph(
            "Cold starts",
            functions.map(
              ([name, fn]) =>
                new Metric({
                  namespace: METRIC_NAMESPACE,
                  metricName: "ColdStart",
                  dimensionsMap: { service: SERVICE_NAME, function_name: fn.functionName },
                  statistic: "Sum",
                  period: PERIOD,
                  label: name,
                }),
            ),
          ),
        ],
      ],
    });
  }
}
