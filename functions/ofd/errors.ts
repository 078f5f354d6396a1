/**
 * Why a PDF could not become an OFD. The converter refuses rather than guesses: an archival copy that
 * silently lacks a glyph, a rule or a font is worse than none.
 */
export type OfdFailure =
  /** drawing the converter does not translate (images, shadings, patterns, soft masks, vertical text…) */
  | "unsupported-content"
  /** a font that cannot be embedded: not TrueType, missing, restricted by its licence bits, lacking a table */
  | "font"
  /** a glyph whose character the embedded font does not map to the glyph drawn, and no way to say so */
  | "glyph-mapping"
  /** the PDF is not what the converter expects of Chromium's output (structure, page tree) */
  | "pdf-structure";

export class OfdConversionError extends Error {
  constructor(
    readonly failure: OfdFailure,
    message: string,
  ) {
    super(message);
    this.name = "OfdConversionError";
  }
}
