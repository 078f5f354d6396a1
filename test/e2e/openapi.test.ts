/** openapi.json agrees with the routes the app serves and with the committed file. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createApp } from "../../functions/http/app.js";
import { buildOpenApi } from "../../functions/http/openapi.js";
import { honoPath, ROUTES } from "../../functions/http/routes.js";

const committed = JSON.parse(readFileSync(new URL("../../openapi.json", import.meta.url), "utf8"));

describe("openapi.json", () => {
  it("is the committed output of npm run openapi:generate", () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApi())));
  });

  it("documents exactly the routes the app registers, with every status each answers", () => {
    const app = createApp({
      deps: {} as never,
      bodyLimitBytes: 1,
      openapi: committed,
    });
    const served = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(committed.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        documented.add(`${method.toUpperCase()} ${honoPath(path)}`);
        const route = ROUTES.find((r) => r.path === path && r.method === method.toUpperCase())!;
        expect(route, `${method} ${path}`).toBeDefined();
        expect(Object.keys(operation.responses).filter((s) => s !== "default").map(Number).sort()).toEqual([...route.statuses].sort());
      }
    }
    expect(documented).toEqual(served);
    expect(served.size).toBe(32);
  });

  it("uses the committed report schema for request bodies, its definitions as components and its references rewritten to them", async () => {
    const { reportSchema } = await import("../../functions/report/schema/index.js");
    const schemas = committed.components.schemas;
    expect(schemas.Report.$id).toBeUndefined();
    expect(schemas.Report.$defs).toBeUndefined();
    const defs = Object.keys((reportSchema as { $defs: object }).$defs);
    for (const def of defs) expect(schemas[`Report.${def}`], def).toBeDefined();
    const refs = JSON.stringify(defs.map((def) => schemas[`Report.${def}`]).concat(schemas.Report)).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(100);
    for (const r of refs) expect(defs.map((def) => `"$ref":"#/components/schemas/Report.${def}"`)).toContain(r);
    expect(committed.paths["/reports/{reportId}"].put.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Report" });
  });
});
