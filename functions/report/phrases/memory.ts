/**
 * Paragraphs already read, by edition, year and text: a report validated again (a dry run, then the
 * publish; a regeneration) is not read again. Bounded by characters, oldest forgotten first, and only
 * paragraphs of ordinary length are kept.
 */
import type { Claim } from "./claim.js";
import { compiledCache } from "./compile.js";

const REMEMBERED_CHARACTERS = 2_000_000;
const REMEMBERED_PARAGRAPH_LENGTH = 4_000;
let rememberedCharacters = 0;
/** the order paragraphs were remembered in, across editions and years; the oldest at `oldest` */
let rememberedOrder: { readonly memory: Map<string, readonly Claim[]>; readonly text: string }[] = [];
let oldest = 0;

export function remember(memory: Map<string, readonly Claim[]>, text: string, claims: readonly Claim[]): void {
  if (text.length > REMEMBERED_PARAGRAPH_LENGTH) return;
  while (rememberedCharacters + text.length > REMEMBERED_CHARACTERS && oldest < rememberedOrder.length) {
    const forgotten = rememberedOrder[oldest++]!;
    if (forgotten.memory.delete(forgotten.text)) rememberedCharacters -= forgotten.text.length;
  }
  if (oldest > 4096 && oldest * 2 > rememberedOrder.length) {
    rememberedOrder = rememberedOrder.slice(oldest);
    oldest = 0;
  }
  memory.set(text, claims);
  rememberedOrder.push({ memory, text });
  rememberedCharacters += text.length;
}

/** Forgets every paragraph read (benchmarks measure reading prose never seen before). */
export function forgetReadings(): void {
  for (const compiledSet of compiledCache.values()) compiledSet.memory.clear();
  rememberedOrder = [];
  oldest = 0;
  rememberedCharacters = 0;
}
