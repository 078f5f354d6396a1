/**
 * The API Gateway (HTTP API) Lambda authorizer, simple responses. It looks the token's hash up and
 * passes role, token id and scopes to the function; role and scope are enforced there, per route.
 * An unknown, revoked or expired token is admitted with authenticated "false" (and, for a known token,
 * its id and the reason) so that the API answers 401 and audits the refusal; a denial would make
 * API Gateway answer 403. A missing header never reaches it (API Gateway answers 401). API Gateway
 * caches a verdict for at most 60 s (infra/constructs/api.ts): the longest a revocation waits on AWS.
 * The verdict is the local gateway's too (http/authorizer-context.ts).
 */
import { correlationPaths } from "@aws-lambda-powertools/logger/correlationId";
import type { APIGatewayRequestAuthorizerEventV2 } from "aws-lambda";
import { authorizerContext } from "../http/authorizer-context.js";
import { instrumented, logger, stores } from "./runtime.js";

const tokens = stores().tokens;

interface SimpleResponse {
  isAuthorized: boolean;
  context: Record<string, string>;
}

export const handler = instrumented(
  async (event: APIGatewayRequestAuthorizerEventV2): Promise<SimpleResponse> => {
    const verdict = await authorizerContext({ tokens }, event.headers?.authorization ?? event.identitySource?.[0]);
    if (verdict.authenticated === "false") logger.info("token refused", { reason: verdict.reason, ...(verdict.tokenId ? { tokenId: verdict.tokenId } : {}) });
    return { isAuthorized: true, context: { ...verdict } };
  },
  // the request id of the API call being authorised: the same id as the function's log lines
  { correlationIdPath: correlationPaths.API_GATEWAY_HTTP },
);
