/**
 * pdf.js in Node, loaded once, for reading a PDF's text in the verification: an independent reader of
 * the PDF the converter read itself (the converter never uses pdf.js).
 *
 * - The worker module is imported and handed to pdf.js as `globalThis.pdfjsWorker`, so its "fake
 *   worker" runs in this thread.
 * - Fonts are not installed anywhere: text extraction needs none, and in Node pdf.js would otherwise
 *   fail to install each one and compile every glyph's outline instead. The document's font loader is
 *   told each font is bound; a stand-in document takes any @font-face rule a later pdf.js might write.
 */
type PdfJsModule = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
export type PdfJsDocument = Awaited<ReturnType<PdfJsModule["getDocument"]>["promise"]>;

/** A document that accepts pdf.js's @font-face rules and does nothing with them. */
const FONTLESS_DOCUMENT = {
  createElement: () => ({ sheet: { cssRules: [], insertRule: () => 0 }, remove: () => undefined }),
  documentElement: { getElementsByTagName: () => [{ append: () => undefined }] },
};

let loading: Promise<(pdf: Uint8Array) => Promise<PdfJsDocument>> | undefined;

/** Opens a PDF with pdf.js (loaded on first use). */
export async function openPdfWithPdfJs(pdf: Uint8Array): Promise<PdfJsDocument> {
  loading ??= (async () => {
    // @ts-expect-error the worker module ships without type declarations
    const worker: unknown = await import("pdfjs-dist/legacy/build/pdf.worker.mjs");
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
    return async (bytes: Uint8Array) => {
      const doc = await pdfjs.getDocument({
        // pdf.js takes ownership of (and detaches) the buffer it is given
        data: new Uint8Array(bytes),
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
  })();
  return (await loading)(pdf);
}
