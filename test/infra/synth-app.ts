/**
 * Synthesizes the CDK app in-process as `cdk synth` would (cdk.json's context, feature flags
 * included, plus the given context), with bundling skipped. cdk-nag runs during the synth: an
 * unacknowledged finding makes it throw.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../../infra/app.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const CDK_JSON = JSON.parse(readFileSync(join(ROOT, "cdk.json"), "utf8")) as { context: Record<string, unknown> };

export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly DependsOn?: string[];
}

export interface Synthesized {
  readonly stack: ReturnType<typeof buildApp>["stack"];
  readonly template: Template;
  readonly resources: Record<string, CfnResource>;
  readonly outdir: string;
  /** resources of a type, as [logicalId, resource] */
  of(type: string): [string, CfnResource][];
  /** the Lambda function whose logical id starts with this (e.g. "WorkerFunction") */
  fn(prefix: string): [string, CfnResource];
}

export function synthApp(context: Record<string, unknown> = {}): Synthesized {
  const saved = process.env.CDK_DEFAULT_REGION;
  delete process.env.CDK_DEFAULT_REGION;
  try {
    const outdir = mkdtempSync(join(tmpdir(), "nianbao-cdk-"));
    const app = new App({ outdir, context: { ...CDK_JSON.context, "aws:cdk:bundling-stacks": [], ...context } });
    const { stack } = buildApp(app);
    app.synth();
    const template = Template.fromStack(stack);
    const resources = template.toJSON().Resources as Record<string, CfnResource>;
    const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
    return {
      stack,
      template,
      resources,
      outdir,
      of,
      fn(prefix) {
        const found = of("AWS::Lambda::Function").filter(([id]) => id.startsWith(prefix) && /^[A-F0-9]{8}$/.test(id.slice(prefix.length)));
        if (found.length !== 1) throw new Error(`${found.length} functions named ${prefix}`);
        return found[0]!;
      },
    };
  } finally {
    if (saved !== undefined) process.env.CDK_DEFAULT_REGION = saved;
  }
}
