/**
 * The PDF content-stream syntax (ISO 32000-1 §7.2, §7.8.2): operands followed by an operator, read
 * from the decoded bytes. The same syntax carries ToUnicode CMaps (pdf-fonts.ts).
 *
 * Strict by design: what is not PDF syntax (a stray delimiter, an unterminated string or array, a
 * procedure) fails with the offset where it stands, so a stream the converter does not understand is
 * never half-read. Numbers are assembled as pdf.js's lexer assembles them (digits, then one division),
 * which gives the correctly rounded value of the decimal.
 */
import { OfdConversionError } from "./errors.js";

/** A PDF name operand, `/F4` → "F4". */
export class Name {
  constructor(readonly name: string) {}
}

export type Operand = number | boolean | null | Name | Uint8Array | Operand[] | OperandDict;
export type OperandDict = Map<string, Operand>;

const enum Char {
  Nul = 0x00,
  Tab = 0x09,
  LineFeed = 0x0a,
  FormFeed = 0x0c,
  Return = 0x0d,
  Space = 0x20,
  Hash = 0x23,
  Percent = 0x25,
  OpenParen = 0x28,
  CloseParen = 0x29,
  Plus = 0x2b,
  Minus = 0x2d,
  Dot = 0x2e,
  Slash = 0x2f,
  Zero = 0x30,
  Nine = 0x39,
  Less = 0x3c,
  Greater = 0x3e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

/** 0 regular, 1 white space, 2 delimiter (§7.2.2) */
const CLASS = new Uint8Array(256);
for (const c of [Char.Nul, Char.Tab, Char.LineFeed, Char.FormFeed, Char.Return, Char.Space]) CLASS[c] = 1;
for (const c of "()<>[]{}/%") CLASS[c.charCodeAt(0)] = 2;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };

/** Names are values: the few a page repeats (its fonts, graphics states, tags) are shared. */
const NAMES = new Map<string, Name>();

function nameOf(text: string): Name {
  let name = NAMES.get(text);
  if (!name) {
    name = new Name(text);
    if (NAMES.size < 4096) NAMES.set(text, name);
  }
  return name;
}

/** An end-of-array or end-of-dictionary marker while reading nested operands. */
const CLOSE_ARRAY = Symbol("]");
const CLOSE_DICT = Symbol(">>");

export class ContentLexer {
  private at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    /** where the stream comes from, for errors ("page 3", "the ToUnicode CMap of F4") */
    private readonly where: string,
  ) {}

  private fail(what: string): never {
    throw new OfdConversionError("pdf-structure", `${this.where}: ${what} at byte ${this.at} of its content stream`);
  }

  /**
   * Reads the next operation: its operands into `operands` (cleared first), its operator returned;
   * undefined at the end of the stream.
   */
  next(operands: Operand[]): string | undefined {
    operands.length = 0;
    for (;;) {
      const token = this.token();
      if (token === undefined) {
        if (operands.length > 0) this.fail("operands without an operator");
        return undefined;
      }
      if (typeof token === "string") return token;
      if (token === CLOSE_ARRAY || token === CLOSE_DICT) this.fail("an unmatched closing delimiter");
      operands.push(token);
    }
  }

  /** An operand, an operator (a string), a closing marker, or undefined at the end. */
  private token(): Operand | string | typeof CLOSE_ARRAY | typeof CLOSE_DICT | undefined {
    const bytes = this.bytes;
    const n = bytes.length;
    let c = -1;
    while (this.at < n) {
      c = bytes[this.at]!;
      if (CLASS[c] === 1) {
        this.at++;
      } else if (c === Char.Percent) {
        while (this.at < n && bytes[this.at] !== Char.LineFeed && bytes[this.at] !== Char.Return) this.at++;
      } else break;
    }
    if (this.at >= n) return undefined;
    if ((c >= Char.Zero && c <= Char.Nine) || c === Char.Minus || c === Char.Plus || c === Char.Dot) return this.number();
    switch (c) {
      case Char.Slash:
        return this.name();
      case Char.OpenParen:
        return this.literalString();
      case Char.Less:
        if (bytes[this.at + 1] === Char.Less) {
          this.at += 2;
          return this.dictionary();
        }
        return this.hexString();
      case Char.Greater:
        if (bytes[this.at + 1] === Char.Greater) {
          this.at += 2;
          return CLOSE_DICT;
        }
        return this.fail("a stray '>'");
      case Char.OpenBracket: {
        this.at++;
        const items: Operand[] = [];
        for (;;) {
          const item = this.token();
          if (item === CLOSE_ARRAY) return items;
          if (item === undefined) this.fail("an unterminated array");
          if (item === CLOSE_DICT || typeof item === "string") this.fail(`"${typeof item === "string" ? item : ">>"}" inside an array`);
          items.push(item);
        }
      }
      case Char.CloseBracket:
        this.at++;
        return CLOSE_ARRAY;
      case Char.OpenBrace:
      case Char.CloseBrace:
      case Char.CloseParen:
        return this.fail(`'${String.fromCharCode(c)}', which content streams do not use`);
    }
    // a keyword: an operator, or true / false / null
    const start = this.at;
    while (this.at < n && CLASS[bytes[this.at]!] === 0) this.at++;
    const word = keyword(bytes, start, this.at);
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    return word;
  }

  private number(): number {
    const bytes = this.bytes;
    let c = bytes[this.at]!;
    let sign = 1;
    if (c === Char.Minus || c === Char.Plus) {
      if (c === Char.Minus) sign = -1;
      c = bytes[++this.at]!;
    }
    let value = 0;
    let divideBy = 0;
    let digits = 0;
    for (; this.at < bytes.length; c = bytes[++this.at]!) {
      if (c >= Char.Zero && c <= Char.Nine) {
        value = value * 10 + (c - Char.Zero);
        if (divideBy !== 0) divideBy *= 10;
        digits++;
      } else if (c === Char.Dot && divideBy === 0) {
        divideBy = 1;
      } else break;
    }
    if (digits === 0 || (this.at < bytes.length && CLASS[c] === 0)) this.fail("a malformed number");
    return sign * (divideBy > 1 ? value / divideBy : value);
  }

  private name(): Name {
    const bytes = this.bytes;
    let out = "";
    let start = ++this.at;
    while (this.at < bytes.length && CLASS[bytes[this.at]!] === 0) {
      if (bytes[this.at] === Char.Hash) {
        const high = hexValue(bytes[this.at + 1] ?? -1);
        const low = hexValue(bytes[this.at + 2] ?? -1);
        if (high < 0 || low < 0) this.fail("a malformed #-escape in a name");
        out += latin1(bytes, start, this.at) + String.fromCharCode(high * 16 + low);
        this.at += 3;
        start = this.at;
      } else this.at++;
    }
    if (out === "") return nameOf(latin1(bytes, start, this.at));
    return new Name(out + latin1(bytes, start, this.at));
  }

  private literalString(): Uint8Array {
    const bytes = this.bytes;
    const out: number[] = [];
    let depth = 1;
    this.at++;
    while (this.at < bytes.length) {
      let c = bytes[this.at++]!;
      if (c === Char.OpenParen) depth++;
      else if (c === Char.CloseParen && --depth === 0) return Uint8Array.from(out);
      else if (c === Char.Backslash) {
        c = bytes[this.at++] ?? -1;
        if (c in ESCAPES) {
          out.push(ESCAPES[c]!);
        } else if (c >= Char.Zero && c <= 0x37) {
          // up to three octal digits
          let code = c - Char.Zero;
          for (let k = 0; k < 2 && bytes[this.at]! >= Char.Zero && bytes[this.at]! <= 0x37; k++) code = code * 8 + (bytes[this.at++]! - Char.Zero);
          out.push(code & 0xff);
        } else if (c === Char.Return) {
          if (bytes[this.at] === Char.LineFeed) this.at++; // a line continuation
        } else if (c !== Char.LineFeed) {
          out.push(c); // an unknown escape stands for the character itself
        }
        continue;
      }
      out.push(c);
    }
    return this.fail("an unterminated string");
  }

  private hexString(): Uint8Array {
    const bytes = this.bytes;
    const end = bytes.indexOf(Char.Greater, this.at);
    if (end < 0) this.fail("an unterminated hex string");
    const out = new Uint8Array((end - this.at) >> 1);
    let length = 0;
    let high = -1;
    for (let i = this.at + 1; i < end; i++) {
      const c = bytes[i]!;
      if (CLASS[c] === 1) continue;
      const v = hexValue(c);
      if (v < 0) {
        this.at = i;
        this.fail("a non-hex digit in a hex string");
      }
      if (high < 0) high = v;
      else {
        out[length++] = high * 16 + v;
        high = -1;
      }
    }
    if (high >= 0) out[length++] = high * 16; // an odd final digit is followed by 0 (§7.3.4.3)
    this.at = end + 1;
    return length === out.length ? out : out.subarray(0, length); // white space inside leaves room
  }

  private dictionary(): OperandDict {
    const dict: OperandDict = new Map();
    for (;;) {
      const key = this.token();
      if (key === CLOSE_DICT) return dict;
      if (!(key instanceof Name)) this.fail("a dictionary key that is not a name");
      const value = this.token();
      if (value === undefined || value === CLOSE_DICT || value === CLOSE_ARRAY || typeof value === "string") this.fail(`the dictionary entry /${key.name} without a value`);
      dict.set(key.name, value);
    }
  }
}

/** Operators of up to three bytes by their bytes: a page repeats a dozen of them thousands of times. */
const KEYWORDS = new Map<number, string>();

function keyword(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 3) return latin1(bytes, start, end);
  let key = end - start;
  for (let i = start; i < end; i++) key = key * 256 + bytes[i]!;
  let word = KEYWORDS.get(key);
  if (word === undefined) {
    word = latin1(bytes, start, end);
    if (KEYWORDS.size < 4096) KEYWORDS.set(key, word);
  }
  return word;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
