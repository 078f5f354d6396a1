/**
 * The OFD edition converted on a thread of its own (worker_threads), for the local service on a
 * machine with more than one core: the conversion (about 15 ms of CPU per report) then runs beside
 * what publishing does on the main thread at the same time — uploading the source and the PDF to the
 * embedded storage, answering other requests — instead of taking its turn. Same converter, same bytes
 * (edition.ts); a conversion error comes back as the same OfdConversionError.
 *
 * The Lambda functions convert in process (one request at a time, about one vCPU): no thread there.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { NormalizedReport } from "../report/index.js";
import type { OfdEdition } from "../service/ports.js";
import { OFD_CONVERTER_VERSION } from "./convert.js";
import { ofdEdition, ofdSettingFromEnv, type ReportOfdOptions } from "./edition.js";
import { OfdConversionError, type OfdFailure } from "./errors.js";

type Reply = { readonly id: number; readonly ofd?: Uint8Array; readonly error?: { name?: string; failure?: OfdFailure; message: string } } | { readonly ready: true };

/** An edition with a lifetime: the service that made it starts and closes it. */
export interface OwnedOfdEdition extends OfdEdition {
  /** starts the thread now (it loads the converter, most of a second) rather than at the first conversion */
  start(): void;
  /** ends the thread (conversions still waiting fail); the next conversion would start a new one */
  close(): Promise<void>;
}

/** The local service's OFD edition (NIANBAO_OFD): on a thread of its own when the machine has more than one core. */
export function localOfdEdition(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): OwnedOfdEdition | undefined {
  const setting = ofdSettingFromEnv(env);
  if (setting === "off") return undefined;
  return cores > 1 ? ofdEditionOnThread(setting) : { ...ofdEdition(setting), start: () => undefined, close: async () => undefined };
}

export function ofdEditionOnThread(setting: "ofd" | "ofd-a"): OwnedOfdEdition {
  const archival = setting === "ofd-a";
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (ofd: Uint8Array) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  const thread = (): Worker => {
    if (worker) return worker;
    const started = new Worker(new URL("./edition-worker.mjs", import.meta.url));
    // the thread never keeps the process alive by itself: a conversion in flight is awaited by its publish
    started.unref();
    started.on("message", (reply: Reply) => {
      if ("ready" in reply) return;
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ofd) waiting.resolve(reply.ofd);
      else if (reply.error?.name === "OfdConversionError" && reply.error.failure) waiting.reject(new OfdConversionError(reply.error.failure, reply.error.message));
      else waiting.reject(new Error(`the OFD conversion failed: ${reply.error?.message ?? "no answer"}`));
    });
    const gone = (error: Error) => {
      if (worker === started) worker = undefined; // the next conversion starts a new thread
      failAll(error);
    };
    started.on("error", (error) => gone(error));
    started.on("exit", (code) => gone(new Error(`the OFD conversion thread exited (${code})`)));
    worker = started;
    return started;
  };

  return {
    edition: `${setting}/${OFD_CONVERTER_VERSION}`,
    make(pdf: Uint8Array, report: NormalizedReport, context: { templateVersion: string; date: string }): Promise<Uint8Array> {
      const options: ReportOfdOptions = { archival, templateVersion: context.templateVersion, date: context.date };
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // a copy goes to the thread: the caller stores the very PDF it passed
        thread().postMessage({ id, pdf: pdf.slice(), report, options });
      });
    },
    start(): void {
      thread();
    },
    async close(): Promise<void> {
      const ending = worker;
      worker = undefined;
      failAll(new Error("the OFD conversion thread was closed"));
      await ending?.terminate();
    },
  };
}
