/**
 * Lasting public links: the citizens' report page, the latest standing version and one version, as
 * absolute URLs of the service's public address. Portals store these instead of the short-lived
 * signed `pdf.url`.
 */
export interface ReportLinks {
  /** /r/{reportId}: the citizens' report page */
  readonly page: string;
  /** /d/{reportId}: the latest version that is not withdrawn */
  readonly latest: string;
}

export interface VersionLinks extends ReportLinks {
  /** /d/{reportId}/{n} */
  readonly version: string;
}

export class PublicBaseUrlError extends Error {}

/** NIANBAO_PUBLIC_BASE_URL: an absolute http(s) URL without query or fragment; no trailing slash kept. */
export function parsePublicBaseUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PublicBaseUrlError(`NIANBAO_PUBLIC_BASE_URL must be an absolute URL, not ${raw}`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash || url.username || url.password) {
    throw new PublicBaseUrlError(`NIANBAO_PUBLIC_BASE_URL must be an http(s) URL without credentials, query or fragment, not ${raw}`);
  }
  return url.href.replace(/\/+$/, "");
}

export function reportLinks(baseUrl: string, reportId: string): ReportLinks {
  return { page: `${baseUrl}/r/${reportId}`, latest: `${baseUrl}/d/${reportId}` };
}

export function versionLinks(baseUrl: string, reportId: string, version: number): VersionLinks {
  return { ...reportLinks(baseUrl, reportId), version: `${baseUrl}/d/${reportId}/${version}` };
}
