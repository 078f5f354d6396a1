/**
 * Schema validation of the XML parts an OFD package holds, with libxml2 (xmllint-wasm) against the
 * standard's XSDs (a copy lives in test/fixtures/ofd/xsd; see its README for source and licence).
 * Each part is matched to its schema by its root element, so a package written by other software is
 * checked the same way.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateXML } from "xmllint-wasm";

export interface XsdFinding {
  readonly part: string;
  readonly message: string;
}

/** Root element → schema file. OFD.xml of an archival package (DocType OFD-A) takes OFD-A.xsd. */
const SCHEMA_OF_ROOT: Readonly<Record<string, string>> = {
  OFD: "OFD.xsd",
  Document: "Document.xsd",
  Res: "Res.xsd",
  Page: "Page.xsd",
};

function rootOf(xml: string): { name: string; docType?: string } | undefined {
  const match = /<(?:[\w-]+:)?(\w+)\b([^>]*)>/.exec(xml.replace(/<\?[\s\S]*?\?>/g, "").replace(/<!--[\s\S]*?-->/g, ""));
  if (!match) return undefined;
  const docType = /\bDocType="([^"]*)"/.exec(match[2]!)?.[1];
  return { name: match[1]!, ...(docType ? { docType } : {}) };
}

export interface PackageParts {
  /** names the package in findings */
  readonly name: string;
  readonly parts: ReadonlyMap<string, Uint8Array>;
}

/**
 * Validates every XML part of the packages whose root the schemas describe, one libxml2 run per
 * schema for all packages together; returns what libxml2 reports (empty when all are valid) and which
 * parts were checked, as "package:path".
 */
export async function validatePackages(packages: readonly PackageParts[], schemaDir: string): Promise<{ checked: string[]; findings: XsdFinding[] }> {
  const schemas = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const preload = schemas.map((fileName) => ({
    fileName,
    contents: readFileSync(join(schemaDir, fileName), "utf8"),
  }));
  const bySchema = new Map<string, { fileName: string; contents: string }[]>();
  const checked: string[] = [];
  const names = new Map<string, string>();
  packages.forEach(({ name, parts }, index) => {
    for (const [path, bytes] of parts) {
      if (!path.endsWith(".xml")) continue;
      const contents = Buffer.from(bytes).toString("utf8");
      const root = rootOf(contents);
      let schema = root ? SCHEMA_OF_ROOT[root.name] : undefined;
      if (!schema) continue;
      if (root?.name === "OFD" && root.docType === "OFD-A") schema = "OFD-A.xsd";
      // xmllint names files by their path; keep them unique and free of directories
      const fileName = `p${index}_${path.replace(/[^\w.-]/g, "_")}`;
      names.set(fileName, `${name}:${path}`);
      const list = bySchema.get(schema) ?? [];
      list.push({ fileName, contents });
      bySchema.set(schema, list);
      checked.push(`${name}:${path}`);
    }
  });
  const findings: XsdFinding[] = [];
  for (const [schema, xml] of bySchema) {
    const main = preload.find((p) => p.fileName === schema);
    if (!main) throw new Error(`no ${schema} in ${schemaDir}`);
    const result = await validateXML({
      xml,
      schema: main,
      preload: preload.filter((p) => p !== main),
    });
    for (const error of result.errors) {
      findings.push({
        part: names.get(error.loc?.fileName ?? "") ?? error.loc?.fileName ?? schema,
        message: error.message,
      });
    }
  }
  return { checked, findings };
}
