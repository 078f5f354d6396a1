import { startTestService } from "./test/helpers/service.js";
import r from "./examples/yunxi-county-2024.json" with { type: "json" };
const s = await startTestService();
const admin = await s.token("admin", ["*"]);
console.log((await s.call("PUT", "/reports/yunxi-county-2024", { token: admin, body: r })).status);
const login = await fetch(`${s.url}/console/login`, { method: "POST", body: new URLSearchParams({ token: admin }), redirect: "manual" });
console.log(login.status, login.headers.get("location"), login.headers.get("set-cookie"));
const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
for (const p of ["/console", "/console/reports", "/console/reports/yunxi-county-2024", "/console/editor?from=yunxi-county-2024", "/console/tokens", "/console/audit", "/console/regenerations", "/r/yunxi-county-2024", "/r/nope-nope"]) {
  const res = await fetch(`${s.url}${p}`, { headers: { cookie }, redirect: "manual" });
  const t = await res.text();
  console.log(p, res.status, t.length, t.includes("[object Promise]"), t.slice(0, 0));
  if (res.status >= 500) console.log(t);
}
await s.close();
