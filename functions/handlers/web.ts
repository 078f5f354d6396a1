/**
 * The web function: the console (/console/…) and the citizens' report page (/r/{reportId}). Light:
 * no Chromium. The console's actions are invocations of the API functions that serve them
 * (functions/web/lambda-api.ts); its sessions are sealed with a key from Secrets Manager, read once
 * per cold start, so every instance opens every session.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import openapi from "../../openapi.json" with { type: "json" };
import { bodyLimitFromEnv, createApp } from "../http/app.js";
import type { FunctionName } from "../http/routes.js";
import { withConsole } from "../web/index.js";
import { lambdaApi } from "../web/lambda-api.js";
import { sessionKeyFrom } from "../web/session.js";
import { apiHandler, appLog, deps, noRenderer, stores, tracer } from "./runtime.js";

const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
const secretArn = process.env.NIANBAO_SESSION_SECRET_ARN;
const secret = secretArn
  ? (await tracer.captureAWSv3Client(new SecretsManagerClient({})).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString
  : process.env.NIANBAO_SESSION_KEY;
const functionNames = JSON.parse(process.env.NIANBAO_API_FUNCTIONS ?? "{}") as Partial<Record<FunctionName, string>>;

const serviceDeps = deps(stores(), noRenderer);
const app = withConsole(createApp({ deps: serviceDeps, bodyLimitBytes: bodyLimitFromEnv(), functions: ["web"], openapi, log: appLog }), {
  deps: serviceDeps,
  sessionKey: sessionKeyFrom(secret),
  api: lambdaApi(
    {
      async invoke(functionName, payload) {
        const result = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: payload }));
        return { ...(result.Payload ? { payload: result.Payload } : {}), ...(result.FunctionError ? { functionError: result.FunctionError } : {}) };
      },
    },
    functionNames,
  ),
});

export const handler = apiHandler(app);
