/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs it with tsx). Settings come from
 * context, e.g. `npx cdk deploy -c linkExpirySeconds=900 -c workerConcurrency=20`. cdk-nag's
 * AwsSolutions pack runs on every synth; an unacknowledged finding fails it.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { DEFAULT_SETTINGS, NianbaoStack, type NianbaoSettings } from "./stack.js";

export function settingsFrom(app: App): NianbaoSettings {
  const read = (key: keyof NianbaoSettings) => app.node.tryGetContext(key) as string | number | boolean | undefined;
  const number = (key: keyof NianbaoSettings, fallback: number) => {
    const value = read(key);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`context ${key} must be a number, not ${String(value)}`);
    return n;
  };
  const deletionProtection = read("deletionProtection");
  const officialFontsDir = read("officialFontsDir");
  return {
    deletionProtection: deletionProtection === undefined ? DEFAULT_SETTINGS.deletionProtection : String(deletionProtection) !== "false",
    linkExpirySeconds: number("linkExpirySeconds", DEFAULT_SETTINGS.linkExpirySeconds),
    bodyLimitBytes: number("bodyLimitBytes", DEFAULT_SETTINGS.bodyLimitBytes),
    heavyMemoryMb: number("heavyMemoryMb", DEFAULT_SETTINGS.heavyMemoryMb),
    workerConcurrency: number("workerConcurrency", DEFAULT_SETTINGS.workerConcurrency),
    throttleRate: number("throttleRate", DEFAULT_SETTINGS.throttleRate),
    throttleBurst: number("throttleBurst", DEFAULT_SETTINGS.throttleBurst),
    ...(officialFontsDir ? { officialFontsDir: String(officialFontsDir) } : {}),
  };
}

export function buildApp(app = new App()): { app: App; stack: NianbaoStack } {
  const stack = new NianbaoStack(app, String(app.node.tryGetContext("stackName") ?? "Nianbao"), settingsFrom(app), {
    description: "Nianbao: 政府信息公开工作年度报告 service",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
