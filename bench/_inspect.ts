import { readFileSync, writeFileSync } from "node:fs";
import { createCanvas } from "@napi-rs/canvas";
import { PDFDocument, PDFName, PDFDict } from "pdf-lib";
const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
const file = process.argv[2]!;
const bytes = readFileSync(file);
const doc = await PDFDocument.load(bytes, { updateMetadata: false });
console.log("pdf-lib:", doc.getPageCount(), doc.getTitle(), "|", doc.getAuthor(), "|", doc.getSubject(), "|", doc.getKeywords(), "|", doc.getCreator(), "|", doc.getProducer());
console.log("Lang", doc.catalog.get(PDFName.of("Lang"))?.toString(), "Outlines", doc.catalog.get(PDFName.of("Outlines"))?.toString());
const pd = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
const meta = await pd.getMetadata();
console.log("pdfjs info", JSON.stringify(meta.info));
const outline = await pd.getOutline();
for (const o of outline ?? []) console.log("outline", o.title, JSON.stringify(o.dest), await pd.getPageIndex((await pd.getDestination(o.dest as string))![0]));
for (const n of (process.argv[3] ?? "1").split(",").map(Number)) {
  const page = await pd.getPage(n);
  const tc = await page.getTextContent();
  console.log(`page ${n} text:`, tc.items.map((i: any) => i.str).join("").slice(0, 200), "...", tc.items.map((i: any) => i.str).join("").slice(-40));
  const vp = page.getViewport({ scale: 1.3 });
  const canvas = createCanvas(Math.ceil(vp.width), Math.ceil(vp.height));
  const ctx = canvas.getContext("2d"); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, canvas.width, canvas.height);
  await page.render({ canvasContext: ctx as any, viewport: vp }).promise;
  writeFileSync(`/tmp/page-${n}.png`, canvas.toBuffer("image/png"));
}
