/**
 * The deployer's settings: CDK context (`-c key=value`, or cdk.json), checked before anything is
 * built so that a typo fails the synth with a sentence, not a broken stack.
 */
import type { App } from "aws-cdk-lib";

export interface NianbaoSettings {
  /** retain the buckets and tables on `cdk destroy` and protect the tables from deletion */
  readonly deletionProtection: boolean;
  readonly linkExpirySeconds: number;
  readonly bodyLimitBytes: number;
  readonly heavyMemoryMb: number;
  /** at most this many worker instances render at once (the SQS event source's maximum concurrency) */
  readonly workerConcurrency: number;
  /** API Gateway throttling of the callers' routes (portals, admins) */
  readonly throttleRate: number;
  readonly throttleBurst: number;
  /** API Gateway throttling of the public routes (citizens' downloads and pages) */
  readonly publicThrottleRate: number;
  readonly publicThrottleBurst: number;
  /** days a finished bulk job's items are kept (DynamoDB TTL); absent = kept */
  readonly jobRetentionDays?: number;
  /** days an audit record is kept (DynamoDB TTL); absent = kept */
  readonly auditRetentionDays?: number;
  /** objects nothing points at are deleted by the daily cleanup once older than this */
  readonly orphanGraceHours: number;
  /** subscribes this address to the alarm topic */
  readonly alarmEmail?: string;
  /** a custom domain for the API, with the ARN of its certificate (ACM, same region) */
  readonly domainName?: string;
  readonly certificateArn?: string;
  readonly officialFontsDir?: string;
}

export const DEFAULT_SETTINGS: NianbaoSettings = {
  deletionProtection: true,
  linkExpirySeconds: 600,
  bodyLimitBytes: 1024 * 1024,
  heavyMemoryMb: 2048,
  workerConcurrency: 10,
  throttleRate: 50,
  throttleBurst: 100,
  publicThrottleRate: 200,
  publicThrottleBurst: 400,
  orphanGraceHours: 24,
};

export class SettingsError extends Error {}

const NUMBERS = {
  linkExpirySeconds: [1, 3600],
  bodyLimitBytes: [1024, 6_000_000],
  heavyMemoryMb: [1536, 10_240],
  // Lambda's SQS event source accepts a maximum concurrency of 2 to 1000
  workerConcurrency: [2, 1000],
  throttleRate: [1, 10_000],
  throttleBurst: [1, 5000],
  publicThrottleRate: [1, 10_000],
  publicThrottleBurst: [1, 5000],
  // a job must outlive its run: its items expire this long after they were written
  jobRetentionDays: [7, 3650],
  auditRetentionDays: [30, 36500],
  orphanGraceHours: [1, 24 * 30],
} as const satisfies Partial<Record<keyof NianbaoSettings, readonly [number, number]>>;

const STRINGS = ["alarmEmail", "domainName", "certificateArn", "officialFontsDir"] as const satisfies readonly (keyof NianbaoSettings)[];

/** Reads and checks the settings from a context lookup (app.node.tryGetContext). */
export function parseSettings(context: (key: string) => unknown): NianbaoSettings {
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const protection = context("deletionProtection");
  if (protection !== undefined) {
    if (!["true", "false"].includes(String(protection))) throw new SettingsError(`context deletionProtection must be true or false, not ${String(protection)}`);
    settings.deletionProtection = String(protection) === "true";
  }
  for (const [key, [min, max]] of Object.entries(NUMBERS)) {
    const value = context(key);
    if (value === undefined || value === "") continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new SettingsError(`context ${key} must be an integer from ${min} to ${max}, not ${String(value)}`);
    settings[key] = n;
  }
  for (const key of STRINGS) {
    const value = context(key);
    if (value !== undefined && String(value) !== "") settings[key] = String(value);
  }
  const result = settings as unknown as NianbaoSettings;
  if (result.alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(result.alarmEmail)) {
    throw new SettingsError(`context alarmEmail is not an e-mail address: ${result.alarmEmail}`);
  }
  if ((result.domainName === undefined) !== (result.certificateArn === undefined)) {
    throw new SettingsError("a custom domain needs both -c domainName=… and -c certificateArn=…");
  }
  if (result.domainName !== undefined && !/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(result.domainName)) {
    throw new SettingsError(`context domainName is not a domain name: ${result.domainName}`);
  }
  if (result.certificateArn !== undefined && !/^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/.test(result.certificateArn)) {
    throw new SettingsError(`context certificateArn is not an ACM certificate ARN: ${result.certificateArn}`);
  }
  return result;
}

export function settingsFrom(app: App): NianbaoSettings {
  return parseSettings((key) => app.node.tryGetContext(key));
}
