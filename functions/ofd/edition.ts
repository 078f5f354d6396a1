/**
 * The OFD edition as the service makes it: each version's PDF converted, with the report's document
 * information. NIANBAO_OFD chooses it per deployment: "ofd" (the default, GB/T 33190), "ofd-a" (the
 * archival profile of GB/T 42133), or "off".
 */
import type { NormalizedReport } from "../report/index.js";
import { pageCount } from "../render/pdf-info.js";
import type { OfdEdition } from "../service/ports.js";
import { OFD_CONVERTER_VERSION, pdfToOfd } from "./convert.js";
import { ofdInfoOf } from "./report-info.js";

export type OfdSetting = "ofd" | "ofd-a" | "off";

export function ofdSettingFromEnv(env: NodeJS.ProcessEnv = process.env): OfdSetting {
  const raw = (env.NIANBAO_OFD ?? "ofd").trim().toLowerCase();
  if (raw === "" || raw === "ofd" || raw === "on") return "ofd";
  if (raw === "ofd-a" || raw === "off") return raw;
  throw new Error(`NIANBAO_OFD must be "ofd", "ofd-a" or "off", not ${env.NIANBAO_OFD}`);
}

export interface ReportOfdOptions {
  readonly archival?: boolean;
  readonly templateVersion: string;
  /** YYYY-MM-DD, used when the report has no publication date */
  readonly date: string;
}

/** The OFD of one rendered report. */
export async function reportOfd(pdf: Uint8Array, report: NormalizedReport, options: ReportOfdOptions): Promise<Uint8Array> {
  const archival = options.archival === true;
  // only the archival metadata counts the pages (页数)
  const info = ofdInfoOf(report, { templateVersion: options.templateVersion, fallbackDate: options.date, archival, ...(archival ? { pages: pageCount(pdf) } : {}) });
  return (await pdfToOfd(pdf, { info, archival })).ofd;
}

export function ofdEdition(setting: Exclude<OfdSetting, "off">): OfdEdition {
  const archival = setting === "ofd-a";
  return {
    edition: `${setting}/${OFD_CONVERTER_VERSION}`,
    make: (pdf, report, context) => reportOfd(pdf, report, { archival, templateVersion: context.templateVersion, date: context.date }),
  };
}

/** The edition a deployment makes, or undefined when NIANBAO_OFD is "off". */
export function ofdEditionFromEnv(env: NodeJS.ProcessEnv = process.env): OfdEdition | undefined {
  const setting = ofdSettingFromEnv(env);
  return setting === "off" ? undefined : ofdEdition(setting);
}
