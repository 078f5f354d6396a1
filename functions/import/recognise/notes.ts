/**
 * What the importer could not read for sure, said where it happened: a JSON pointer into the report
 * it returns, a message in the words a clerk uses, and how sure the reading is (1 = as printed,
 * lower = a guess the clerk should check).
 */
import { pointer } from "../../report/diagnostics.js";

export interface ImportNote {
  readonly path: string;
  readonly message: string;
  readonly confidence: number;
}

export class Notes {
  readonly items: ImportNote[] = [];

  add(path: readonly (string | number)[] | string, message: string, confidence: number): void {
    const p = typeof path === "string" ? path : pointer(path);
    this.items.push({ path: p, message, confidence: Math.round(confidence * 100) / 100 });
  }
}
