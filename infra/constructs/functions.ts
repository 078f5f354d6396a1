/**
 * The Lambda functions. Rendering ones get the Chromium layer, the pack `npm ci` made of
 * @sparticuz/chromium (functions/render/chromium-pack.ts) with no npm install at synth, plus the templates and fonts
 * beside their bundle; the others get neither, only the data their spec asks for (pdf.js's for the
 * import function). Every function: Node.js 24 (the one Node version of
 * the project, see the README), its own role that may write only its own log group plus the grants
 * of its spec, Powertools logs and metrics, logs kept a year, X-Ray tracing where the partition has
 * it (not in the China regions).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, LayerVersion, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { currentLocalPack, localPackDir, sparticuzPackage } from "../../functions/render/chromium-pack.js";
import { grantAll, type AccessResources, type Grant } from "./access.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * What the Chromium layer holds (at /opt on Lambda): the pack of @sparticuz/chromium that `npm ci`
 * made (its parts inflate in parallel at a cold start), or, when there is none (an install without
 * scripts), @sparticuz/chromium's own archives, which work too, only unpack more slowly.
 */
export function chromiumLayerDir(): string {
  const pack = currentLocalPack();
  if (pack) return pack.dir;
  console.warn(`no current Chromium pack at ${localPackDir()} (run bin/pack-chromium): the layer carries @sparticuz/chromium's archives, slower to unpack`);
  return sparticuzPackage().binDir;
}

/** The one Node.js version: Lambda runtime, esbuild target, @types/node and README agree on it. */
export const NODE_MAJOR = 24;
export const RUNTIME = Runtime.NODEJS_24_X;

/**
 * Data a bundle carries beside it, copied after bundling by infra/copy-assets.mjs — the one way to
 * say "this function carries these files": "templates" the templates and fonts the renderer reads
 * (every rendering function, without asking), "pdfjs" pdf.js's character maps and standard fonts in
 * pdfjs/ (the import function), "web" the console's stylesheets and script in templates/web/ (the
 * web function).
 */
export type BundleAsset = "templates" | "pdfjs" | "web";

export interface FunctionProps {
  /** under functions/handlers/ */
  readonly entry: string;
  readonly renders: boolean;
  /** beyond the templates every rendering function carries */
  readonly assets?: readonly BundleAsset[];
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly description: string;
  readonly grants: readonly Grant[];
}

export interface FunctionFactoryProps {
  readonly access: AccessResources;
  /** X-Ray is not integrated with Lambda in the China regions */
  readonly tracing: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly officialFontsDir?: string;
}

export class FunctionFactory extends Construct {
  readonly chromiumLayer: LayerVersion;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: FunctionFactoryProps,
  ) {
    super(scope, id);
    this.chromiumLayer = new LayerVersion(this, "Chromium", {
      code: Code.fromAsset(chromiumLayerDir()),
      compatibleRuntimes: [RUNTIME],
      compatibleArchitectures: [Architecture.X86_64],
      description: "@sparticuz/chromium (headless Chromium for Lambda), packed in parts unpacked to /tmp on first use",
      removalPolicy: props.removalPolicy,
    });
  }

  create(id: string, spec: FunctionProps): NodejsFunction {
    const stack = Stack.of(this);
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: RetentionDays.ONE_YEAR, removalPolicy: this.props.removalPolicy });
    // A role of its own with no managed policy: the function may write its own log group, and what
    // its spec grants — nothing else.
    const role = new Role(stack, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `${id}: its log group and its grants`,
    });
    logGroup.grantWrite(role);
    const official = this.props.officialFontsDir;
    const assets: readonly BundleAsset[] = [...(spec.renders ? (["templates"] as const) : []), ...(spec.assets ?? [])];
    const fn = new NodejsFunction(stack, id, {
      entry: join(ROOT, "functions", "handlers", spec.entry),
      handler: "handler",
      runtime: RUNTIME,
      architecture: Architecture.X86_64,
      memorySize: spec.memoryMb,
      timeout: spec.timeout,
      description: spec.description.slice(0, 256),
      role,
      tracing: this.props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, "package-lock.json"),
      layers: spec.renders ? [this.chromiumLayer] : [],
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: "nianbao",
        POWERTOOLS_METRICS_NAMESPACE: "Nianbao",
        ...(this.props.tracing ? {} : { POWERTOOLS_TRACE_ENABLED: "false" }),
        ...(spec.renders ? { NIANBAO_CHROMIUM_BIN_DIR: "/opt" } : {}),
        ...(spec.renders && official ? { NIANBAO_OFFICIAL_FONTS_DIR: "/var/task/official-fonts" } : {}),
        ...spec.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: `node${NODE_MAJOR}`,
        mainFields: ["module", "main"],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Everything is bundled (the AWS SDK too): one version of every dependency, as tested.
        externalModules: [],
        banner: "import { createRequire as __nianbaoCreateRequire } from 'node:module'; const require = __nianbaoCreateRequire(import.meta.url);",
        ...(assets.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `node "${join(inputDir, "infra", "copy-assets.mjs")}" "${outputDir}" ${assets.join(",")}${spec.renders && official ? ` "${official}"` : ""}`,
                ],
              },
            }
          : {}),
      },
    });
    grantAll(role, spec.grants, this.props.access);
    if (this.props.tracing) {
      Validations.of(role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource narrower than *.",
      });
    }
    return fn;
  }
}
