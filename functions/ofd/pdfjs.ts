/**
 * pdf.js, loaded once and set up for reading drawings in Node.
 *
 * Two settings matter for speed and for bundling:
 * - The worker module is imported and handed to pdf.js as `globalThis.pdfjsWorker`, so its "fake
 *   worker" runs in this thread without a dynamic import that a bundler cannot follow.
 * - Fonts are not installed anywhere. In Node pdf.js otherwise fails to install each font and falls
 *   back to compiling every glyph's outline into a path, which we never draw (two thirds of the time
 *   spent reading a report); installing them in a stand-in document still encodes every font file as
 *   base64 for a @font-face rule. The document's font loader is told each font is bound; the
 *   stand-in document remains in case a later pdf.js moves the loader.
 */
type PdfJsModule = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
export type PdfJsDocument = Awaited<ReturnType<PdfJsModule["getDocument"]>["promise"]>;
export type PdfJsPage = Awaited<ReturnType<PdfJsDocument["getPage"]>>;

/** What pdf.js puts in a showText operator for each glyph. */
export interface PdfJsGlyph {
  readonly unicode: string;
  readonly originalCharCode: number;
  readonly width: number;
  readonly isSpace: boolean;
}

/** The font object pdf.js keeps in a page's commonObjs. */
export interface PdfJsFont {
  readonly name: string;
  readonly loadedName: string;
  readonly fontMatrix?: readonly number[];
  readonly vertical?: boolean;
  readonly isType3Font?: boolean;
  readonly missingFile?: boolean;
  readonly composite?: boolean;
}

export interface LoadedPdfJs {
  readonly pdfjs: PdfJsModule;
  readonly openPdf: (pdf: Uint8Array) => Promise<PdfJsDocument>;
  /** operator code → name (pdf.js's OPS, inverted) */
  readonly opNames: Record<number, string>;
}

/** A document that accepts pdf.js's @font-face rules and does nothing with them. */
const FONTLESS_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

let loading: Promise<LoadedPdfJs> | undefined;

export function loadPdfJs(): Promise<LoadedPdfJs> {
  loading ??= (async () => {
    // @ts-expect-error the worker module ships without type declarations
    const worker: unknown = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const opNames: Record<number, string> = {};
    for (const [name, code] of Object.entries(pdfjs.OPS)) opNames[code as number] = name;
    const openPdf = async (pdf: Uint8Array) => {
      const doc = await pdfjs.getDocument({
        // pdf.js takes ownership of (and detaches) the buffer it is given
        data: new Uint8Array(pdf),
        verbosity: 0,
        isEvalSupported: false,
        disableFontFace: false,
        ownerDocument: FONTLESS_DOCUMENT as unknown as Document,
        useSystemFonts: false,
        stopAtErrors: true,
      }).promise;
      const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
      if (loader && typeof loader.bind === "function") loader.bind = async () => undefined;
      return doc;
    };
    return { pdfjs, openPdf, opNames };
  })();
  return loading;
}
