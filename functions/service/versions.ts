/**
 * Writing a version: objects first, then the immutable version item, then the report summary.
 *
 * A crash before the version item leaves at most orphaned objects (content-addressed, referenced by no
 * version: harmless and cleanable); the version item is written once with attribute_not_exists, so no
 * earlier version is ever changed; a crash after it leaves only the summary behind, which the next
 * version moves forward (readers take the latest version from the version items, not the summary).
 * Version numbers are taken as latest + 1 with a conditional write and retried on conflict, so
 * concurrent writers get distinct, gap-free numbers without transactions.
 *
 * Objects are content-addressed, so a new version may reuse an object that another version wrote. A
 * purge of that other version (withdrawal.ts) deletes the object unless an unpurged version refers to
 * it; one running between our finding the object and committing our version could not see ours. So a
 * version that reused an object puts it back after committing, if it is gone: this version has the
 * bytes in hand.
 *
 * A regeneration reuses most: the source always, and the PDF and OFD of the version it is based on
 * when the render comes out byte-identical (an unchanged template; the OFD is then not even made
 * again when its date is that version's too, see below). Those objects are not looked up:
 * that version stands, so they are in place. Only a purge could remove them, and a purge deletes an
 * object only once every version naming it is marked purged — the version we are based on among
 * them, marked before the purge lists the versions. So one read of that version after committing
 * tells exactly whether a purge that could not see ours has run or is running; only then are they
 * looked up and put back (one read instead of a look-up per object, before and after).
 */
import { createHash, randomInt } from "node:crypto";
import type { NormalizedReport, Diagnostic } from "../report/index.js";
import { ofdDocumentDate } from "../ofd/report-info.js";
import { contentDisposition } from "../store/content-disposition.js";
import { ofdKey, pdfKey, sourceKey } from "../store/keys.js";
import { objectsOf, VersionConflictError, type PriorYearComparison, type Trigger, type VersionRecord } from "../store/ports.js";
import { VersionContentionError } from "./errors.js";
import { clock, type ServiceDeps } from "./ports.js";

export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The stored form of a normalised report: its canonical JSON (normalisation fixes the key order). */
export function sourceBytes(report: NormalizedReport): Uint8Array {
  return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, "utf8");
}

/**
 * What a version is made of: the templates and fonts, the source, and the OFD edition when one is
 * made (so a deployment that starts making OFDs re-renders a report published before, rather than
 * calling the old version without one the same).
 */
export function fingerprintOf(templateVersion: string, sourceSha256: string, ofdEdition?: string): string {
  return sha256(`${templateVersion}\n${sourceSha256}${ofdEdition ? `\n${ofdEdition}` : ""}`);
}

const MAX_ATTEMPTS = 100;

/** OFD has no registered media type; this is the one Chinese OFD software and portals use. */
export const OFD_CONTENT_TYPE = "application/ofd";

export interface CommitRequest {
  readonly reportId: string;
  readonly report: NormalizedReport;
  readonly trigger: Trigger;
  readonly actor: string;
  readonly warnings: readonly Diagnostic[];
  /** the previous year's stored report the warnings were checked against */
  readonly priorYear?: PriorYearComparison;
  /** return the latest version instead of writing a new one when it has the same fingerprint */
  readonly idempotent: boolean;
  /** the bulk regeneration this version belongs to */
  readonly jobId?: string;
  /**
   * The latest standing version as the caller has just read it (a regeneration): the objects it names
   * (its source, and a PDF or OFD that came out identical) are not looked up, only its purge mark read
   * again after committing (see above), and the first attempt
   * takes the number after it (a writer that got there first makes it conflict, and the next attempt
   * reads again).
   */
  readonly basedOn?: VersionRecord;
}

/** An object to store; an OFD taken over from the version this one is based on is made only if it must be put back. */
type StoredObjectWrite = { key: string; body: Uint8Array | (() => Promise<Uint8Array>); headers: { contentType: string; contentDisposition?: string } };
const bytesOf = async (object: StoredObjectWrite) => (typeof object.body === "function" ? object.body() : object.body);

export interface CommitResult {
  readonly created: boolean;
  readonly version: VersionRecord;
}

/** Renders, stores the objects and commits a new version (or finds the identical latest one). */
export async function renderAndCommit(deps: ServiceDeps, request: CommitRequest): Promise<CommitResult> {
  const { documents, reports, renderer } = deps;
  const source = sourceBytes(request.report);
  const sourceSha256 = sha256(source);
  const templateVersion = renderer.templateVersion;
  const fingerprint = fingerprintOf(templateVersion, sourceSha256, deps.ofd?.edition);

  // the same report again is the latest version again, unless that one is withdrawn
  const same = (latest: VersionRecord): boolean => request.idempotent && latest.fingerprint === fingerprint && !latest.withdrawn;
  if (request.idempotent) {
    const latest = await reports.latestVersion(request.reportId);
    if (latest && same(latest)) return { created: false, version: latest };
  }

  const started = clock(deps);
  const rendered = await renderer.render(request.report);
  const pdfSha256 = sha256(rendered.pdf);
  const sourceObject = { key: sourceKey(request.reportId, sourceSha256), sha256: sourceSha256, bytes: source.byteLength };
  const pdf = { key: pdfKey(request.reportId, pdfSha256), sha256: pdfSha256, bytes: rendered.pdf.byteLength, pages: rendered.pages };
  /** objects found in the store (put back after committing if a purge removed them meanwhile) */
  const reused: StoredObjectWrite[] = [];
  /** objects the version this one is based on names: in place without asking (see above) */
  const basisKeys = new Set(request.basedOn ? objectsOf(request.basedOn).map(({ object }) => object.key) : []);
  const fromBasis: StoredObjectWrite[] = [];
  const store = async (object: StoredObjectWrite) => {
    if (basisKeys.has(object.key)) fromBasis.push(object);
    else if (!(await documents.put(object.key, await bytesOf(object), object.headers))) reused.push(object);
  };
  // The source and the PDF are uploaded while the OFD is made from this very PDF (the converter gives
  // the event loop a turn after each page): the OFD costs its conversion only where it outlasts the
  // uploads, and its own upload. A failure of either leaves at most unreferenced objects (orphans.ts).
  const stored = Promise.all([
    store({ key: sourceObject.key, body: source, headers: { contentType: "application/json; charset=utf-8" } }),
    store({
      key: pdf.key,
      body: rendered.pdf,
      headers: { contentType: "application/pdf", contentDisposition: contentDisposition("attachment", `${request.report.title}.pdf`, `${request.reportId}.pdf`) },
    }),
  ]);
  stored.catch(() => undefined); // awaited below; an OFD failure meanwhile must not leave it unhandled
  let ofd: VersionRecord["ofd"];
  /** the latest version as read while the OFD is uploaded, for the first attempt to commit */
  let latestMeanwhile: Promise<VersionRecord | undefined> | undefined;
  if (deps.ofd) {
    const edition = deps.ofd;
    const date = ofdDocumentDate(request.report, started.toISOString().slice(0, 10));
    const make = () => edition.make(rendered.pdf, request.report, { templateVersion, date });
    // The OFD is a function of the PDF, the source, the templates, the edition and its date: when all
    // are those of the version this one is based on (a regeneration that changed nothing), it is that
    // version's OFD, byte for byte, and is not made again.
    const basis = request.basedOn;
    const taken =
      basis?.ofd && basis.fingerprint === fingerprint && basis.pdf.key === pdf.key && basis.ofd.edition === edition.edition && basis.ofd.date === date ? basis.ofd : undefined;
    let made: Uint8Array | undefined;
    if (taken) ofd = taken;
    else {
      made = await make();
      const ofdSha256 = sha256(made);
      ofd = { key: ofdKey(request.reportId, ofdSha256), sha256: ofdSha256, bytes: made.byteLength, edition: edition.edition, date };
    }
    const ofdStored = store({
      key: ofd.key,
      body: made ?? make,
      headers: { contentType: OFD_CONTENT_TYPE, contentDisposition: contentDisposition("attachment", `${request.report.title}.ofd`, `${request.reportId}.ofd`) },
    });
    // The commit's first read needs nothing the upload makes: it proceeds beside it. The version is
    // still written only after every object it names is stored; a read this much earlier only makes a
    // concurrent publish's conflict (retried below) a little likelier.
    if (!request.basedOn) {
      latestMeanwhile = reports.latestVersion(request.reportId);
      latestMeanwhile.catch(() => undefined); // awaited below, unless the upload fails first
    }
    await ofdStored;
  }
  await stored;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const first = attempt === 0 ? (request.basedOn ? Promise.resolve(request.basedOn) : latestMeanwhile) : undefined;
    const latest = await (first ?? reports.latestVersion(request.reportId));
    if (latest && same(latest)) return { created: false, version: latest };
    const record: VersionRecord = {
      reportId: request.reportId,
      version: (latest?.version ?? 0) + 1,
      createdAt: clock(deps).toISOString(),
      trigger: request.trigger,
      actor: request.actor,
      templateVersion,
      fingerprint,
      source: sourceObject,
      pdf,
      ...(ofd ? { ofd } : {}),
      title: request.report.title,
      agencyName: request.report.agency.name,
      year: request.report.year,
      edition: request.report.edition,
      warnings: request.warnings,
      ...(request.priorYear ? { priorYear: request.priorYear } : {}),
      ...(request.jobId ? { jobId: request.jobId } : {}),
    };
    try {
      await reports.putVersion(record);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      // Someone else took this number: back off a little (with jitter) and take the next.
      await new Promise((resolve) => setTimeout(resolve, randomInt(1, 10 + attempt * 5)));
      continue;
    }
    await reports.updateReport(
      {
        reportId: request.reportId,
        agencyName: request.report.agency.name,
        year: request.report.year,
        edition: request.report.edition,
        title: request.report.title,
        latestVersion: record.version,
      },
      record.createdAt,
      request.trigger === "publish",
    );
    await putBack(deps, reused, fromBasis, request.basedOn);
    return { created: true, version: record };
  }
  throw new VersionContentionError(`could not allocate a version of ${request.reportId} after ${MAX_ATTEMPTS} attempts`);
}

/**
 * After committing: puts back a reused object a purge removed meanwhile. Objects found in the store
 * are looked up again; those of the version this one is based on only if that version is purged now
 * (or gone), since no purge removes them otherwise.
 */
async function putBack(
  deps: ServiceDeps,
  reused: readonly StoredObjectWrite[],
  fromBasis: readonly StoredObjectWrite[],
  basedOn: VersionRecord | undefined,
): Promise<void> {
  let again = reused;
  if (basedOn && fromBasis.length > 0) {
    const basis = await deps.reports.getVersion(basedOn.reportId, basedOn.version);
    if (!basis || basis.withdrawn?.purgedAt) again = [...reused, ...fromBasis];
  }
  await Promise.all(again.map(async (object) => deps.documents.put(object.key, await bytesOf(object), object.headers)));
}
