// The reader's page script (plain browser JavaScript, served to the harness page by reader.ts).
// ofd.js is loaded by the page as the global `ofd`; pdf.js is imported here, its worker run in-page.

function bytesOf(base64) {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

async function loadPdfJs() {
  if (!globalThis.pdfjsLib) {
    globalThis.pdfjsWorker = await import(`${location.origin}/pdf.worker.min.mjs`);
    globalThis.pdfjsLib = await import(`${location.origin}/pdf.min.mjs`);
  }
  return globalThis.pdfjsLib;
}

/** Registers the fonts, renders every page with ofd.js, and reports what each page drew. */
async function renderOfd(ofdBase64, registrations, scale) {
  for (const face of Array.from(document.fonts)) document.fonts.delete(face);
  const unloadable = [];
  for (const r of registrations) {
    const face = new FontFace(r.family, bytesOf(r.data), { weight: String(r.weight), unicodeRange: r.unicodeRange });
    try {
      await face.load();
      document.fonts.add(face);
    } catch {
      unloadable.push(r.family); // the browser refuses it (e.g. a bare CFF table): text falls back, as in a reader
    }
  }
  const docs = await new Promise((resolve, reject) => {
    ofd.parseOfdDocument({ ofd: bytesOf(ofdBase64).buffer, success: resolve, fail: reject });
  });
  ofd.setPageScale(scale);
  const container = document.getElementById("ofd");
  container.replaceChildren(...ofd.renderOfdByScale(docs[0]));
  await document.fonts.ready;
  const registered = new Set(registrations.map((r) => r.family));
  const unregistered = new Set();
  const pages = Array.from(container.children).map((div) => {
    const texts = Array.from(div.querySelectorAll("text"));
    const families = new Set();
    for (const t of texts) {
      const match = /font-family:\s*([^;]+)/.exec(t.getAttribute("style") || "");
      const family = match ? match[1].split(",")[0].trim() : "";
      families.add(family);
      if (!registered.has(family)) unregistered.add(family);
    }
    return { text: texts.map((t) => t.textContent || "").join(""), families: Array.from(families) };
  });
  return { pages, unregistered: Array.from(unregistered), unloadable };
}

/** Renders every page of a PDF with pdf.js into canvases; returns them as PNG (base64). */
async function renderPdf(pdfBase64, scale) {
  const lib = await loadPdfJs();
  const doc = await lib.getDocument({ data: bytesOf(pdfBase64), isEvalSupported: false }).promise;
  const out = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: (scale * 25.4) / 72 });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(viewport.width);
    canvas.height = Math.ceil(viewport.height);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: context, viewport }).promise;
    out.push(canvas.toDataURL("image/png").split(",")[1]);
  }
  await doc.destroy();
  return out;
}

/** Rejections carry the page's own message across to Node (pdf.js's exceptions do not serialise). */
function reported(fn) {
  return (...args) =>
    fn(...args).catch((error) => {
      throw new Error(`${error && error.name}: ${error && error.message}`);
    });
}

globalThis.harness = { renderOfd: reported(renderOfd), renderPdf: reported(renderPdf) };
