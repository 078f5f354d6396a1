/**
 * The break opportunities a print keeps: only those its lines break at.
 *
 * Labels, title lines and the signatory's name wrap only between their words, so the template marks
 * every place between two words with a <wbr> (spec D.2). Most of them are never used — a label that
 * fits its cell breaks nowhere — yet each splits the text, and Chromium tags every piece on its own
 * in the PDF's structure. The 2021 example has 294; 36 are used. Without the others its 45 ms print
 * is about 5 ms faster, and finding them costs about 1.3 ms in the page (mostly the first look at
 * each cell's lines).
 *
 * Chromium breaks lines greedily: each line ends at the last opportunity that fits. An opportunity it
 * did not use is either before one it did on the same line, or too far to fit; so taking the unused
 * ones away gives the same lines, and the print the same pages, with fewer pieces of text. This runs
 * once the page has been laid out for the pagination pass (whose widths are the print's), as part of
 * the same evaluation; the HTML kept as the report's preview keeps every <wbr>.
 */

/** Takes the unused break opportunities out of the laid-out page (an expression; see measure.ts). */
export const DROP_UNUSED_BREAKS = `(() => {
  const range = document.createRange();
  // the first and last boxes of a text (a word), each text measured once
  const ends = new Map();
  const endsOf = (text) => {
    let known = ends.get(text);
    if (!known) {
      range.selectNodeContents(text);
      known = [];
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) known = [known[0] ?? r, r];
      ends.set(text, known);
    }
    return known;
  };
  // a line break lies between two boxes when the second sits below the first
  const broken = (before, after) => before === undefined || after === undefined || after.top + after.height / 2 > before.bottom;
  // read every line first, then change the page: a change before a read would lay it out again
  const unused = [];
  for (const wbr of document.querySelectorAll("wbr")) {
    const prev = wbr.previousSibling;
    const next = wbr.nextSibling;
    // one that ends its element breaks nothing; one beside anything but text is left alone
    if (next === null) unused.push(wbr);
    else if (prev !== null && prev.nodeType === Node.TEXT_NODE && next.nodeType === Node.TEXT_NODE && prev.data && next.data
      && !broken(endsOf(prev)[1], endsOf(next)[0])) unused.push(wbr);
  }
  const parents = new Set(unused.map((wbr) => wbr.parentNode));
  for (const wbr of unused) wbr.remove();
  for (const el of parents) el.normalize();
})()`;
