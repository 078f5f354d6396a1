/**
 * A report PDF whose fonts are not embedded, as older Word and many office tools write them: the
 * Chinese in Adobe's STSong-Light through the predefined CMap UniGB-UCS2-H, the figures in the
 * standard Helvetica (pdf-lib's StandardFonts are referenced, never embedded). pdf.js reads such a
 * PDF only with its character maps (and draws it with its standard-font data): the import function
 * must ship them.
 */
import { beginText, endText, moveText, PDFDocument, PDFHexString, type PDFName, PDFString, setFontAndSize, showText, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";

const PAGE = { width: 595, height: 842, margin: 72 };

/** UCS-2 (UTF-16BE) hex of the text: the codes UniGB-UCS2-H maps to Adobe-GB1 CIDs. */
function ucs2(text: string): PDFHexString {
  return PDFHexString.of([...text].map((c) => c.codePointAt(0)!.toString(16).padStart(4, "0")).join(""));
}

/** Lines of text: each a list of pieces, Chinese or figures, set left to right (centred when asked). */
export async function unembeddedReportPdf(lines: readonly { text: string; size?: number; centre?: boolean }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  const { context } = doc;
  const descriptor = context.register(
    context.obj({ Type: "FontDescriptor", FontName: "STSong-Light", Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }),
  );
  const cidFont = context.register(
    context.obj({
      Type: "Font",
      Subtype: "CIDFontType0",
      BaseFont: "STSong-Light",
      CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("GB1"), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
    }),
  );
  const song = context.register(context.obj({ Type: "Font", Subtype: "Type0", BaseFont: "STSong-Light-UniGB-UCS2-H", Encoding: "UniGB-UCS2-H", DescendantFonts: [cidFont] }));

  let page: PDFPage | undefined;
  let songName: PDFName | undefined;
  let y = 0;
  for (const line of lines) {
    const size = line.size ?? 12;
    if (!page || y - size * 1.8 < PAGE.margin) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      songName = page.node.newFontDictionary("Song", song);
      y = PAGE.height - PAGE.margin;
    }
    y -= size * 1.8;
    // Chinese runs in STSong (1 em a character), figures and Latin in Helvetica
    const pieces = line.text.match(/[\x20-\x7e]+|[^\x20-\x7e]+/g) ?? [];
    const widthOf = (piece: string) => (/^[\x20-\x7e]/.test(piece) ? helvetica.widthOfTextAtSize(piece, size) : [...piece].length * size);
    const width = pieces.reduce((sum, p) => sum + widthOf(p), 0);
    let x = line.centre ? (PAGE.width - width) / 2 : PAGE.margin;
    for (const piece of pieces) {
      if (/^[\x20-\x7e]/.test(piece)) page.drawText(piece, { x, y, size, font: helvetica as PDFFont });
      else page.pushOperators(beginText(), setFontAndSize(songName!, size), moveText(x, y), showText(ucs2(piece)), endText());
      x += widthOf(piece);
    }
  }
  return doc.save({ useObjectStreams: false });
}
