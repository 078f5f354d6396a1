/**
 * The console mounted on the service's app at /console/. Composition roots call this: the local
 * service (every route in one process: the console calls the API in-process) and the web Lambda
 * function (the console invokes the function that serves each route). The rendering functions never
 * carry it.
 */
import type { Hono } from "hono";
import type { Env } from "../http/context.js";
import type { ServiceDeps } from "../service/ports.js";
import { consoleApp } from "./console.js";
import { inProcessApi, type ConsoleApi } from "./console-api.js";
import { SessionSealer, sessionKeyFrom } from "./session.js";

export function withConsole(app: Hono<Env>, options: { deps: ServiceDeps; api?: ConsoleApi; sessionKey?: Buffer }): Hono<Env> {
  const api = options.api ?? inProcessApi((request, env) => app.fetch(request, env as never));
  const sessions = new SessionSealer(options.sessionKey ?? sessionKeyFrom(process.env.NIANBAO_SESSION_KEY));
  app.route("/console", consoleApp({ deps: options.deps, api, sessions }));
  return app;
}
