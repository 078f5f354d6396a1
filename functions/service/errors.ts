/** What the use cases refuse, in terms the HTTP layer maps to status codes. */
import type { Diagnostic } from "../report/index.js";

export class InvalidReportError extends Error {
  constructor(
    readonly errors: readonly Diagnostic[],
    readonly warnings: readonly Diagnostic[],
  ) {
    super(`the report is invalid (${errors.length} errors)`);
  }
}

export class ReportNotFoundError extends Error {
  constructor(readonly reportId: string) {
    super(`no report ${reportId}`);
  }
}

export class VersionNotFoundError extends Error {
  constructor(
    readonly reportId: string,
    readonly version: number,
  ) {
    super(`no version ${version} of ${reportId}`);
  }
}

/** A version made without an OFD edition (before the deployment made them, or with it turned off). */
export class EditionNotFoundError extends Error {
  constructor(
    readonly reportId: string,
    readonly version: number,
    readonly edition: "ofd",
  ) {
    super(`version ${version} of ${reportId} has no ${edition} edition`);
  }
}

/** A stored source that the current validator no longer accepts (the rules changed since). */
export class StoredSourceInvalidError extends Error {
  constructor(
    readonly reportId: string,
    readonly errors: readonly Diagnostic[],
  ) {
    super(`the stored source of ${reportId} is not valid under the current rules`);
  }
}

/** Gave up allocating a version number after many concurrent conflicts. */
export class VersionContentionError extends Error {}

export const REPORT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

export class InvalidReportIdError extends Error {
  constructor(readonly reportId: string) {
    super("reportId must match ^[a-z0-9][a-z0-9-]{2,63}$");
  }
}

export function checkReportId(reportId: string): void {
  if (!REPORT_ID_PATTERN.test(reportId)) throw new InvalidReportIdError(reportId);
}

/** The version was withdrawn before (withdrawal happens once). */
export class VersionAlreadyWithdrawnError extends Error {
  constructor(
    readonly reportId: string,
    readonly version: number,
  ) {
    super(`version ${version} of ${reportId} is withdrawn already`);
  }
}

/** Every version of the report is withdrawn: there is nothing to show or to regenerate from. */
export class AllVersionsWithdrawnError extends Error {
  constructor(readonly reportId: string) {
    super(`every version of ${reportId} is withdrawn`);
  }
}

/** The version is withdrawn: its files are no longer handed out (the citizens' links answer 410 too). */
export class VersionWithdrawnError extends Error {
  constructor(
    readonly reportId: string,
    readonly version: number,
  ) {
    super(`version ${version} of ${reportId} is withdrawn`);
  }
}

/** The version's objects were purged: its bytes are gone for good. */
export class VersionPurgedError extends Error {
  constructor(
    readonly reportId: string,
    readonly version: number,
  ) {
    super(`version ${version} of ${reportId} was purged`);
  }
}

export class InvalidReasonError extends Error {}
