/**
 * Where webhooks may go. A portal names a URL; the service then makes requests to it from inside the
 * deployment, so a URL must not reach what only the deployment can reach: loopback, link-local
 * (169.254.169.254, the instance metadata), private, carrier-grade NAT, unique-local, multicast,
 * reserved or unspecified addresses are refused — for IP literals and for every address a host name
 * resolves to — unless the deployer allows them in NIANBAO_WEBHOOK_ALLOWED_HOSTS (comma-separated host
 * names, addresses or CIDRs). https is required, except for allowed hosts. The check runs when a
 * subscription is made and again before every attempt, and the attempt connects to the very address
 * that was checked (a name that re-resolves to 127.0.0.1 later gains nothing).
 */
import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface TargetPolicy {
  /** lower-case host names allowed whatever they resolve to */
  readonly hosts: readonly string[];
  /** addresses and ranges allowed */
  readonly ranges: readonly [Address, number][];
}

export const NO_EXCEPTIONS: TargetPolicy = { hosts: [], ranges: [] };

export class WebhookTargetError extends Error {}
export class TargetPolicyError extends Error {}

export const MAX_URL_LENGTH = 2048;

/** NIANBAO_WEBHOOK_ALLOWED_HOSTS: "localhost, 127.0.0.0/8, ::1, hooks.internal.example" */
export function targetPolicy(raw: string | undefined): TargetPolicy {
  const hosts: string[] = [];
  const ranges: [Address, number][] = [];
  for (const entry of (raw ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    if (entry.includes("/")) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new TargetPolicyError(`NIANBAO_WEBHOOK_ALLOWED_HOSTS: ${entry} is not a CIDR range`);
      }
    } else if (ipaddr.isValid(entry.replace(/^\[|\]$/g, ""))) {
      const address = ipaddr.parse(entry.replace(/^\[|\]$/g, ""));
      ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
    } else if (/^[a-z0-9.-]{1,253}$/.test(entry)) {
      hosts.push(entry.replace(/\.$/, ""));
    } else {
      throw new TargetPolicyError(`NIANBAO_WEBHOOK_ALLOWED_HOSTS: ${entry} is neither a host name, an address nor a CIDR range`);
    }
  }
  return { hosts, ranges };
}

/** The URL's host without IPv6 brackets or a trailing dot, in lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
}

function normalized(address: Address): Address {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function inAllowedRange(address: Address, policy: TargetPolicy): boolean {
  return policy.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range as never, bits));
}

/** Why an address may not be a target, or undefined when it may. */
export function refusedAddress(raw: string, policy: TargetPolicy): string | undefined {
  if (!ipaddr.isValid(raw)) return `${raw} is not an address`;
  const address = normalized(ipaddr.parse(raw));
  if (inAllowedRange(address, policy)) return undefined;
  const range = address.range();
  // only plain public unicast: IPv6 tunnels (6to4, Teredo) and NAT64 embed IPv4 addresses
  return range === "unicast" ? undefined : `${address.toString()} is a ${range} address`;
}

/** The URL, when its shape may be a target: http(s), no credentials, https unless the host is allowed. */
export function checkTargetUrl(raw: string, policy: TargetPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw new WebhookTargetError(`the URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError("not an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookTargetError("only https URLs are allowed");
  if (url.username || url.password) throw new WebhookTargetError("a URL with credentials is not allowed");
  if (url.hash) throw new WebhookTargetError("a URL with a fragment is not allowed");
  if (url.protocol === "http:" && !explicitlyAllowed(url, policy)) throw new WebhookTargetError("only https URLs are allowed");
  return url;
}

/** Whether the deployer allowed this host by name, or (an address literal) by range. */
function explicitlyAllowed(url: URL, policy: TargetPolicy): boolean {
  const host = hostOf(url);
  if (policy.hosts.includes(host)) return true;
  return ipaddr.isValid(host) && inAllowedRange(normalized(ipaddr.parse(host)), policy);
}

export interface ResolvedTarget {
  readonly url: URL;
  /** the address to connect to: checked, and the one the request goes to */
  readonly address: string;
  readonly family: 4 | 6;
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Checks the URL and every address its host resolves to; the target to connect to. Throws
 * WebhookTargetError with the reason when any address is refused (a name with one private address
 * among public ones is refused: which one a client picks is not ours to choose).
 */
export async function resolveTarget(raw: string, policy: TargetPolicy, resolve: Resolver = systemResolver): Promise<ResolvedTarget> {
  const url = checkTargetUrl(raw, policy);
  const host = hostOf(url);
  const nameAllowed = policy.hosts.includes(host);
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: ipaddr.parse(host).kind() === "ipv4" ? 4 : 6 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new WebhookTargetError(`${host} does not resolve`);
    }
    if (addresses.length === 0) throw new WebhookTargetError(`${host} does not resolve`);
  }
  if (!nameAllowed) {
    for (const { address } of addresses) {
      const reason = refusedAddress(address, policy);
      if (reason) throw new WebhookTargetError(ipaddr.isValid(host) ? reason : `${host} resolves to ${reason.replace(/^\S+ is /, "")} (${address})`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
