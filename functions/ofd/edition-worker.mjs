// The OFD converter's own thread (edition-thread.ts). Plain JavaScript, so that a worker can start it
// from the sources: it registers tsx (a runtime dependency) for the TypeScript it imports.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { reportOfd } = await import("./edition.ts");

parentPort.on("message", async ({ id, pdf, report, options }) => {
  try {
    const ofd = await reportOfd(pdf, report, options);
    parentPort.postMessage({ id, ofd }, [ofd.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: { name: error?.name, failure: error?.failure, message: error?.message ?? String(error) } });
  }
});
parentPort.postMessage({ ready: true });
