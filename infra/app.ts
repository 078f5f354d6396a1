/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs it with tsx). Settings come from
 * context, e.g. `npx cdk deploy -c workerConcurrency=20 -c alarmEmail=ops@example.gov.cn`
 * (infra/settings.ts). The region is the deploying profile's (CDK_DEFAULT_REGION) or
 * `-c region=cn-north-1`; it decides the partition (aws-cn has no X-Ray for Lambda). cdk-nag's
 * AwsSolutions pack runs on every synth; an unacknowledged finding fails it.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { settingsFrom } from "./settings.js";
import { NianbaoStack } from "./stack.js";

export function buildApp(app = new App()): { app: App; stack: NianbaoStack } {
  const region = (app.node.tryGetContext("region") as string | undefined) ?? process.env.CDK_DEFAULT_REGION;
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const stack = new NianbaoStack(app, String(app.node.tryGetContext("stackName") ?? "Nianbao"), settingsFrom(app), {
    description: "Nianbao: 政府信息公开工作年度报告 service",
    ...(region ? { env: { region, ...(account ? { account } : {}) } } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
