/**
 * Puts a cell's reading into the report being built, and says so in a note when the reading is not
 * simply the printed number: the place is named as the validator names it (table, row, column in
 * the official wording), so a clerk finds it on the page.
 */
import type { Edition } from "../../report/editions/index.js";
import { pointer } from "../../report/diagnostics.js";
import { describePath } from "../../report/labels.js";
import type { Notes } from "./notes.js";
import { readAmount, readCount, type CellValue } from "./values.js";

export type Json = Record<string, unknown>;

export class CellWriter {
  constructor(
    readonly edition: Edition,
    readonly notes: Notes,
  ) {}

  place(path: readonly (string | number)[]): string {
    return describePath(this.edition, pointer(path));
  }

  note(path: readonly (string | number)[], message: string, confidence: number): void {
    this.notes.add(path, `${this.place(path)}：${message}`, confidence);
  }

  /** Writes the reading at `path` (the last token is the key in `target`); returns the value written. */
  put(target: Json, path: readonly (string | number)[], reading: CellValue): number | string | undefined {
    const key = String(path[path.length - 1]);
    switch (reading.kind) {
      case "blank":
        this.note(path, "单元格空白，按缺失读取", 1);
        return undefined;
      case "unreadable":
        this.note(path, `单元格内容「${reading.text.trim()}」不是数字，未读取`, 0);
        return undefined;
      case "value":
        target[key] = reading.value;
        if (reading.doubt) this.note(path, reading.doubt, 0.7);
        return reading.value;
    }
  }

  count(target: Json, path: readonly (string | number)[], text: string | undefined, signed = false): void {
    if (text === undefined) {
      this.note(path, "没有找到这个单元格", 0);
      return;
    }
    this.put(target, path, readCount(text, { signed }));
  }

  amount(target: Json, path: readonly (string | number)[], text: string | undefined): CellValue | undefined {
    if (text === undefined) {
      this.note(path, "没有找到这个单元格", 0);
      return undefined;
    }
    return readAmount(text);
  }
}
