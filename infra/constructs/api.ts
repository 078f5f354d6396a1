/**
 * The HTTP API: the routes of spec/service.md (functions/http/routes.ts), a Lambda authorizer on
 * every non-public route, JSON access logs, and two throttles: the callers' routes (portals, admins)
 * share the stage's default, the public routes (citizens' downloads and pages, liveness) have their
 * own, so a crowd of citizens cannot starve the portals and a runaway portal cannot starve citizens.
 * Optionally a custom domain (with it, the execute-api endpoint is switched off).
 */
import { Duration, Stack, Validations } from "aws-cdk-lib";
import { ApiMapping, CfnStage, DomainName, HttpApi, HttpMethod, HttpStage } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { RemovalPolicy } from "aws-cdk-lib";
import { Construct } from "constructs";
import { ROUTES, type FunctionName } from "../../functions/http/routes.js";

export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly authorizer: IFunction;
  readonly callersThrottle: Throttle;
  readonly publicThrottle: Throttle;
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  readonly removalPolicy: RemovalPolicy;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly domain?: DomainName;
  private readonly domainName?: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, "Http", {
      apiName: `${Stack.of(this).stackName}-api`,
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.domain !== undefined,
    });
    const accessLogs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.ONE_YEAR, removalPolicy: props.removalPolicy });
    this.stage = new HttpStage(this, "Default", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.callersThrottle,
    });
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: "$context.requestId",
        time: "$context.requestTime",
        ip: "$context.identity.sourceIp",
        method: "$context.httpMethod",
        path: "$context.path",
        routeKey: "$context.routeKey",
        status: "$context.status",
        latencyMs: "$context.responseLatency",
        integrationLatencyMs: "$context.integrationLatency",
        responseLength: "$context.responseLength",
        authorizerError: "$context.authorizer.error",
        tokenId: "$context.authorizer.tokenId",
      }),
    };

    const authorizer = new HttpLambdaAuthorizer("Tokens", props.authorizer, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ["$request.header.Authorization"],
      // a revoked token is refused within this time (spec: at most 60 s)
      resultsCacheTtl: Duration.seconds(60),
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    // RouteSettings is free-form JSON in CloudFormation: its keys are spelled as CloudFormation's
    const publicRouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    // a row carried by another row's gateway route (see RouteDef.gatewayPath) needs no route of its own
    for (const route of ROUTES.filter((r) => r.gatewayPath === undefined)) {
      let integration = integrations.get(route.fn);
      if (!integration) integrations.set(route.fn, (integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.functions[route.fn])));
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...(route.access === "public" ? {} : { authorizer }),
      });
      if (route.access === "public") {
        publicRouteSettings[`${route.method} ${route.path}`] = {
          ThrottlingRateLimit: props.publicThrottle.rateLimit,
          ThrottlingBurstLimit: props.publicThrottle.burstLimit,
        };
        // route settings name routes that must exist first
        cfnStage.node.addDependency(created!);
        Validations.of(created!).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${route.method} ${route.path} is public by design (citizens' download links and pages, liveness, the API description).`,
        });
      }
    }
    cfnStage.routeSettings = publicRouteSettings;

    if (props.domain) {
      this.domainName = props.domain.name;
      this.domain = new DomainName(this, "Domain", {
        domainName: props.domain.name,
        certificate: Certificate.fromCertificateArn(this, "Certificate", props.domain.certificateArn),
      });
      new ApiMapping(this, "Mapping", { api: this.httpApi, domainName: this.domain, stage: this.stage });
    }
  }

  /** The base URL callers use: the custom domain's when there is one. */
  get url(): string {
    return this.domainName ? `https://${this.domainName}/` : this.stage.url;
  }
}
