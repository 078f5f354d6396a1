/** What the validator reports, and the JSON pointers (RFC 6901) it reports them at. */

export type Severity = "error" | "warning";

export type DiagnosticCode =
  | "schema"
  | "A1"
  | "A2"
  | "A3"
  | "A4"
  | "edition-year"
  | "text-table"
  | "prior-year"
  | "plausibility";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** RFC 6901 JSON pointer into the submitted report ("" is the whole document) */
  readonly path: string;
  /** zh-CN, naming the table, row and column in the official wording */
  readonly message: string;
  /** the value the rule expected at `path` (numbers are exact) */
  readonly expected?: number | string;
  /** the value found at `path` */
  readonly actual?: number | string;
  /** for a statement of the prose (text-table): the phrase as written in the paragraph at `path` */
  readonly quote?: string;
}

/** A finding of a rule before the runner stamps the rule's code and severity on it. */
export type Finding = Omit<Diagnostic, "code" | "severity">;

/** Escapes one reference token of a JSON pointer (RFC 6901 §3: "~" → "~0", "/" → "~1"). */
export function escapeToken(token: string | number): string {
  if (typeof token === "number") return String(token);
  return token.includes("~") || token.includes("/") ? token.replace(/~/g, "~0").replace(/\//g, "~1") : token;
}

/** Builds a JSON pointer from reference tokens. */
export function pointer(tokens: readonly (string | number)[]): string {
  let path = "";
  for (const token of tokens) path += `/${escapeToken(token)}`;
  return path;
}

/** Splits a JSON pointer into its reference tokens. */
export function parsePointer(path: string): string[] {
  if (path === "") return [];
  return path
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}
