/** Writes openapi.json: npm run openapi:generate */
import { writeFileSync } from "node:fs";
import { buildOpenApi } from "./openapi.js";

writeFileSync(new URL("../../openapi.json", import.meta.url), `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log("wrote openapi.json");
