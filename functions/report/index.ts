/** The report domain: editions, schema, normalisation and validation. */
export { validateReport, type ValidateOptions, type ValidationResult } from "./validate.js";
export { normalizeReport } from "./normalize.js";
export { agencyKey } from "./agency.js";
export type { Diagnostic, DiagnosticCode, Severity } from "./diagnostics.js";
export { EDITIONS, EDITION_IDS, type Edition, type EditionId } from "./editions/index.js";
export type { Report, NormalizedReport } from "./schema/index.js";
export { describeReport, type DocumentDescription } from "./document-info.js";
