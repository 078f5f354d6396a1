/**
 * The component schemas of openapi.json: the report schemas (embedded so that standard tools can
 * read them) and the shapes of every response.
 */
import { normalizedReportSchema, reportSchema } from "../report/schema/index.js";
import { EDITION_IDS } from "../report/editions/index.js";
import { AUDIT_ACTIONS } from "../store/ports.js";

type Schema = Record<string, unknown>;
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/**
 * A standalone JSON Schema as components: the schema itself under `<name>` and each of its `$defs`
 * as `<name>.<def>`, every `#/$defs/…` reference rewritten to match, `$id` and `$schema` dropped.
 * OpenAPI tools resolve references against the document, not against an embedded schema's own `$id`
 * (Redocly, swagger-parser and openapi-typescript fail on `#/$defs/…`); and openapi-typescript turns
 * `$defs` left inside a schema into a property of its own type, which then refers to itself.
 */
export function embedded(name: string, schema: object): Record<string, Schema> {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$id" || key === "$schema" || key === "$defs") continue;
      if (key === "$ref" && typeof inner === "string") {
        const def = /^#\/\$defs\/([A-Za-z0-9_-]+)$/.exec(inner);
        if (!def) throw new Error(`${name}: unexpected reference ${inner}`);
        out[key] = `#/components/schemas/${name}.${def[1]}`;
      } else out[key] = rewrite(inner);
    }
    return out;
  };
  const defs = (schema as { $defs?: Record<string, object> }).$defs ?? {};
  return {
    [name]: rewrite(schema) as Schema,
    ...Object.fromEntries(Object.entries(defs).map(([def, inner]) => [`${name}.${def}`, rewrite(inner) as Schema])),
  };
}

const dateTime = { type: "string", format: "date-time" };
const sha256 = { type: "string", pattern: "^[0-9a-f]{64}$" };
const url = { type: "string", format: "uri" };
const edition = { enum: EDITION_IDS };
const scopes = { type: "array", minItems: 1, maxItems: 20, items: { type: "string", pattern: "^[a-z0-9*?-]{1,64}$" }, description: "reportId glob patterns: * any run of characters, ? one character" };
const page = (item: string): Schema => ({ type: "object", required: ["items"], properties: { items: { type: "array", items: ref(item) }, cursor: { type: "string", description: "absent on the last page" } } });

const diagnostic = {
  type: "object",
  required: ["code", "severity", "path", "message"],
  properties: {
    code: { enum: ["schema", "A1", "A2", "A3", "A4", "edition-year", "text-table", "prior-year", "plausibility"] },
    severity: { enum: ["error", "warning"] },
    path: { type: "string", description: "RFC 6901 JSON pointer into the submitted report" },
    message: { type: "string" },
    expected: { type: ["number", "string"] },
    actual: { type: ["number", "string"] },
    quote: { type: "string", description: "text-table: the phrase of the paragraph at path that states the figure" },
  },
};

const error = {
  type: "object",
  required: ["error", "diagnostics"],
  properties: {
    error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } },
    diagnostics: { type: "array", items: ref("Diagnostic") },
  },
};

export function componentSchemas(): Record<string, Schema> {
  return {
    ...embedded("Report", reportSchema),
    ...embedded("NormalizedReport", normalizedReportSchema),
    Diagnostic: diagnostic,
    Error: error,
    Withdrawn: {
      description: "410: the version, or every version, is withdrawn (browsers asking for text/html get a notice page instead)",
      allOf: [
        ref("Error"),
        {
          type: "object",
          properties: {
            reportId: { type: "string" },
            version: { type: "integer", minimum: 1 },
            withdrawn: { type: "object", required: ["at", "reason"], properties: { at: dateTime, reason: { type: "string" } } },
            latest: { ...url, description: "the report's link, which leads to the latest version that stands" },
          },
        },
      ],
    },
    ValidationResult: {
      type: "object",
      required: ["valid", "errors", "warnings", "normalized"],
      properties: {
        valid: { type: "boolean" },
        errors: { type: "array", items: ref("Diagnostic") },
        warnings: { type: "array", items: ref("Diagnostic") },
        normalized: { oneOf: [ref("NormalizedReport"), { type: "null" }] },
        priorYear: ref("PriorYearComparison"),
      },
    },
    PriorYearComparison: {
      type: "object",
      description: "the stored report of the previous year whose 四、结转下年度继续办理 the prior-year check compared with",
      required: ["reportId", "version", "year", "found"],
      properties: {
        reportId: { type: "string" },
        version: { type: "integer", minimum: 1 },
        year: { type: "integer" },
        found: { enum: ["automatic", "requested"], description: "found by agency and year, or named with previousReportId" },
      },
    },
    ImportResult: {
      type: "object",
      required: ["report", "notes", "validation"],
      properties: {
        report: { type: "object", description: "the report as read from the document (totals as printed); may be invalid" },
        notes: {
          type: "array",
          items: {
            type: "object",
            required: ["path", "message", "confidence"],
            properties: {
              path: { type: "string", description: "RFC 6901 JSON pointer into report" },
              message: { type: "string" },
              confidence: { type: "number", minimum: 0, maximum: 1, description: "how sure the reading is: 1 as printed, lower a guess to check" },
            },
          },
        },
        validation: {
          type: "object",
          required: ["valid", "errors", "warnings"],
          properties: { valid: { type: "boolean" }, errors: { type: "array", items: ref("Diagnostic") }, warnings: { type: "array", items: ref("Diagnostic") } },
        },
      },
    },
    Withdrawal: {
      type: "object",
      required: ["at", "by", "reason"],
      properties: {
        at: dateTime,
        by: { type: "string", description: "the actor who withdrew it" },
        reason: { type: "string" },
        purgedAt: { ...dateTime, description: "when its PDF and source objects were ordered deleted" },
      },
    },
    Version: {
      type: "object",
      required: ["reportId", "version", "createdAt", "trigger", "actor", "sourceSha256", "templateVersion", "pdf", "warnings", "links"],
      properties: {
        reportId: { type: "string" },
        version: { type: "integer", minimum: 1 },
        createdAt: dateTime,
        trigger: { enum: ["publish", "regenerate", "bulk"] },
        actor: { type: "string", description: "role:tokenId of the caller" },
        sourceSha256: sha256,
        templateVersion: { type: "string" },
        pdf: {
          type: "object",
          required: ["sha256", "bytes", "pages"],
          properties: {
            sha256,
            bytes: { type: "integer" },
            pages: { type: "integer" },
            url: { ...url, description: "signed, GET only, short-lived; absent for a withdrawn version" },
            expiresAt: dateTime,
          },
        },
        ofd: {
          type: "object",
          description: "the OFD edition of the same render (GB/T 33190; GB/T 42133 OFD-A when the edition is ofd-a/…); absent on versions made without one",
          required: ["sha256", "bytes", "edition"],
          properties: {
            sha256,
            bytes: { type: "integer" },
            edition: { type: "string", description: "the converter and profile, e.g. ofd/1 or ofd-a/1" },
            url: { ...url, description: "signed, GET only, short-lived; absent for a withdrawn version" },
            expiresAt: dateTime,
          },
        },
        warnings: { type: "array", items: ref("Diagnostic") },
        priorYear: ref("PriorYearComparison"),
        withdrawn: ref("Withdrawal"),
        links: {
          type: "object",
          required: ["page", "latest", "version"],
          description: "lasting public links: store these, not pdf.url",
          properties: {
            page: { ...url, description: "/r/{reportId}: the citizens' report page" },
            latest: { ...url, description: "/d/{reportId}: the latest version that is not withdrawn" },
            version: { ...url, description: "/d/{reportId}/{n}: this version (410 once withdrawn)" },
          },
        },
      },
    },
    WithdrawnVersion: {
      allOf: [
        ref("Version"),
        {
          type: "object",
          properties: {
            purge: {
              type: "object",
              required: ["deleted", "kept"],
              properties: {
                deleted: { type: "array", items: { enum: ["pdf", "source"] } },
                kept: {
                  type: "array",
                  description: "objects identical to those of versions that are not purged, which still use them",
                  items: { type: "object", required: ["object", "usedBy"], properties: { object: { enum: ["pdf", "source"] }, usedBy: { type: "array", items: { type: "integer" } } } },
                },
              },
            },
          },
        },
      ],
    },
    VersionPage: page("Version"),
    ReportSummary: {
      type: "object",
      required: ["reportId", "agency", "year", "edition", "title", "latestVersion", "versionCount", "createdAt", "updatedAt", "links"],
      properties: {
        reportId: { type: "string" },
        agency: { type: "string" },
        year: { type: "integer" },
        edition,
        title: { type: "string" },
        latestVersion: { type: "integer" },
        versionCount: { type: "integer" },
        createdAt: dateTime,
        updatedAt: dateTime,
        publishedAt: { ...dateTime, description: "when the latest published (not regenerated) version was made: listings are newest publish first" },
        links: { type: "object", required: ["page", "latest"], properties: { page: url, latest: url } },
      },
    },
    ReportPage: page("ReportSummary"),
    RegenerationFilter: {
      type: "object",
      additionalProperties: false,
      properties: {
        year: { type: "integer", minimum: 2008, maximum: 2100 },
        edition,
        reportIdPrefix: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" },
        force: { type: "boolean", default: false, description: "re-render even reports already rendered with the current template (request only)" },
      },
    },
    RegenerationStatus: {
      type: "object",
      required: ["jobId", "status", "total", "succeeded", "failed", "failures"],
      properties: {
        jobId: { type: "string", format: "uuid" },
        status: {
          enum: ["planning", "running", "completed", "failed"],
          description: "failed: the job made no progress for the stall time (NIANBAO_JOB_STALL_SECONDS) and was ended; the reports it left are among failures",
        },
        filter: ref("RegenerationFilter"),
        force: { type: "boolean" },
        createdAt: dateTime,
        finishedAt: dateTime,
        total: { type: "integer" },
        succeeded: { type: "integer" },
        failed: { type: "integer" },
        unchanged: { type: "integer", description: "of the succeeded, those left as they were (already rendered with the current template)" },
        failures: { type: "array", items: { type: "object", required: ["reportId", "reason"], properties: { reportId: { type: "string" }, reason: { type: "string" } } } },
      },
    },
    TokenRequest: {
      type: "object",
      additionalProperties: false,
      required: ["role", "scopes", "label"],
      properties: {
        role: { enum: ["portal", "admin"] },
        scopes: { ...scopes, description: `${scopes.description}; each must lie within the caller's own scope` },
        label: { type: "string", minLength: 1, maxLength: 100 },
        expiresInDays: { type: "integer", minimum: 1, maximum: 3650 },
      },
    },
    CreatedToken: {
      type: "object",
      required: ["tokenId", "token", "role", "scopes", "label", "createdAt"],
      properties: {
        tokenId: { type: "string", pattern: "^[0-9a-f]{12}$" },
        token: { type: "string", description: "the secret: shown only in this answer, stored only as a hash" },
        role: { enum: ["portal", "admin"] },
        scopes,
        label: { type: "string" },
        createdAt: dateTime,
        expiresAt: dateTime,
      },
    },
    Token: {
      type: "object",
      required: ["tokenId", "role", "scopes", "createdAt"],
      properties: {
        tokenId: { type: "string", pattern: "^[0-9a-f]{12}$" },
        role: { enum: ["portal", "admin"] },
        scopes,
        label: { type: "string" },
        createdAt: dateTime,
        createdBy: { type: "string" },
        expiresAt: dateTime,
        lastUsedAt: { ...dateTime, description: "to the minute" },
        revokedAt: dateTime,
      },
    },
    TokenList: { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("Token") } } },
    AuditEntry: {
      type: "object",
      required: ["at", "actor", "action", "target", "outcome", "detail"],
      properties: {
        at: dateTime,
        actor: { type: "string", description: "role:tokenId, system:…, cli:<user>, or anonymous; never a secret" },
        action: { enum: AUDIT_ACTIONS },
        target: { type: "string", description: "<reportId>/<n>, token:<id>, job:<id>, or the refused request" },
        reportId: { type: "string" },
        outcome: { enum: ["success", "unchanged", "failure", "refused"] },
        detail: { type: "object" },
      },
    },
    AuditPage: page("AuditEntry"),
  };
}
