/**
 * The Lambda functions. Heavy ones (they render) get the Chromium layer, built from
 * node_modules/@sparticuz/chromium/bin with no npm install at synth, plus the templates and fonts
 * beside their bundle; light ones get neither. Every function: nodejs24.x, its own least-privilege
 * role (granted by the caller), X-Ray tracing, Powertools logs and metrics, logs kept a year.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Duration, Stack, Validations } from "aws-cdk-lib";
import { Architecture, Code, LayerVersion, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);

/** node_modules/@sparticuz/chromium/bin (its package.json is not exported: resolve the main entry). */
export function chromiumBinDir(): string {
  return join(dirname(require.resolve("@sparticuz/chromium")), "..", "bin");
}

export const RUNTIME = Runtime.NODEJS_24_X;

export interface FunctionSpec {
  readonly entry: string;
  readonly heavy: boolean;
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly description: string;
}

export class FunctionFactory extends Construct {
  readonly chromiumLayer: LayerVersion;
  private readonly officialFontsDir?: string;

  constructor(scope: Construct, id: string, props: { officialFontsDir?: string }) {
    super(scope, id);
    if (props.officialFontsDir) this.officialFontsDir = props.officialFontsDir;
    this.chromiumLayer = new LayerVersion(this, "Chromium", {
      code: Code.fromAsset(chromiumBinDir()),
      compatibleRuntimes: [Runtime.NODEJS_22_X, RUNTIME],
      compatibleArchitectures: [Architecture.X86_64],
      description: "@sparticuz/chromium (headless Chromium for Lambda), unpacked to /tmp on first use",
    });
  }

  create(id: string, spec: FunctionSpec): NodejsFunction {
    const logGroup = new LogGroup(this, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
    const official = this.officialFontsDir;
    const fn = new NodejsFunction(Stack.of(this), id, {
      entry: join(ROOT, spec.entry),
      handler: "handler",
      runtime: RUNTIME,
      architecture: Architecture.X86_64,
      memorySize: spec.memoryMb,
      timeout: spec.timeout,
      description: spec.description,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: join(ROOT, "package-lock.json"),
      layers: spec.heavy ? [this.chromiumLayer] : [],
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: "nianbao",
        POWERTOOLS_METRICS_NAMESPACE: "Nianbao",
        ...(spec.heavy ? { NIANBAO_CHROMIUM_BIN_DIR: "/opt" } : {}),
        ...(spec.heavy && official ? { NIANBAO_OFFICIAL_FONTS_DIR: "/var/task/official-fonts" } : {}),
        ...spec.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: "node22",
        mainFields: ["module", "main"],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Everything is bundled (the AWS SDK too): one version of every dependency, as tested.
        externalModules: [],
        banner: "import { createRequire as __nianbaoCreateRequire } from 'node:module'; const require = __nianbaoCreateRequire(import.meta.url);",
        ...(spec.heavy
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `node "${join(inputDir, "infra", "copy-assets.mjs")}" "${outputDir}"${official ? ` "${official}"` : ""}`,
                ],
              },
            }
          : {}),
      },
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs.",
    });
    Validations.of(fn).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource narrower than *.",
    });
    return fn;
  }
}
