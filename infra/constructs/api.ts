/**
 * The HTTP API: the routes of spec/service.md (functions/http/routes.ts), a Lambda authorizer on
 * every non-public route, stage throttling and JSON access logs.
 */
import { Duration, Stack, Validations } from "aws-cdk-lib";
import { CfnStage, HttpApi, HttpMethod, HttpStage } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { ROUTES, type FunctionName } from "../../functions/http/routes.js";

export interface ApiProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  readonly authorizer: IFunction;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, "Http", { apiName: `${Stack.of(this).stackName}-api`, createDefaultStage: false });
    const accessLogs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.ONE_YEAR });
    this.stage = new HttpStage(this, "Default", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle,
    });
    (this.stage.node.defaultChild as CfnStage).accessLogSettings = {
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
      resultsCacheTtl: Duration.minutes(5),
    });
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
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
        Validations.of(created!).acknowledge({
          id: "AwsSolutions-APIG4",
          reason: `${route.method} ${route.path} is public by design (citizens' download links, liveness, the API description).`,
        });
      }
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
