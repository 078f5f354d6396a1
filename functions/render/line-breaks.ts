/**
 * Line breaks an editor chooses rather than leaves to the browser: the title's lines and the closing
 * block's name (spec D.2). Both break only between words (report/words.ts); the title's lines make a
 * 梯形 or 菱形 — widths that rise, then fall — and a long name is spread evenly over its lines, never
 * leaving one character alone.
 *
 * Widths are counted in character cells of the face: ideographs and full-width punctuation take one,
 * digits and Latin letters about half (their advance in the bundled serif is 0.47–0.6 em).
 */
const HALF_WIDTH = /[\u0020-\u007e]/u;

export function cellsOf(text: string): number {
  let cells = 0;
  for (const ch of text) cells += HALF_WIDTH.test(ch) ? 0.6 : 1;
  return cells;
}

/** Past this many candidate partitions the search settles for the best found (names are short). */
const SEARCH_LIMIT = 20_000;

/** Whether widths rise to a widest line and then fall (a trapezoid either way up, or a diamond). */
function unimodal(widths: readonly number[], slack: number): boolean {
  let i = 1;
  while (i < widths.length && widths[i]! >= widths[i - 1]! - slack) i++;
  while (i < widths.length && widths[i]! <= widths[i - 1]! + slack) i++;
  return i >= widths.length;
}

/**
 * Groups words into lines of at most `maxCells`, with `fixedLast` (if given) as a final line of its
 * own: lines whose widths make a trapezoid or a diamond, in the fewest lines, the most even.
 * A word wider than a line gets a line to itself.
 */
export function breakWords(words: readonly string[], maxCells: number, fixedLast?: string): string[][] {
  const widths = words.map(cellsOf);
  const total = widths.reduce((a, b) => a + b, 0);
  const last = fixedLast === undefined ? [] : [[fixedLast]];
  if (total <= maxCells || words.length <= 1) return [[...words], ...last];
  // the shape comes first (a title may take a line more to be a 梯形), then the fewest lines, then evenness
  let best: { lines: number[][]; key: [number, number, number] } | undefined;
  let explored = 0;
  const tail = fixedLast === undefined ? [] : [cellsOf(fixedLast)];
  const better = (a: readonly number[], b: readonly number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
  const search = (start: number, lines: number[][]): void => {
    if (explored++ > SEARCH_LIMIT) return;
    if (best && best.key[0] === 0 && lines.length > best.key[1]) return;
    if (start === words.length) {
      const lineWidths = lines.map((l) => l.reduce((s, i) => s + widths[i]!, 0));
      const key: [number, number, number] = [unimodal([...lineWidths, ...tail], 0.5) ? 0 : 1, lines.length, Math.max(...lineWidths) - Math.min(...lineWidths)];
      if (!best || better(key, best.key) < 0) best = { lines: lines.map((l) => [...l]), key };
      return;
    }
    let width = 0;
    for (let end = start; end < words.length; end++) {
      width += widths[end]!;
      if (width > maxCells && end > start) break;
      lines.push(Array.from({ length: end - start + 1 }, (_, i) => start + i));
      search(end + 1, lines);
      lines.pop();
    }
  };
  search(0, []);
  return [...best!.lines.map((l) => l.map((i) => words[i]!)), ...last];
}
