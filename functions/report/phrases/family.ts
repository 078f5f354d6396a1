/**
 * What a phrase family is: one kind of statement a report makes about a figure its tables hold,
 * written as data — the phrasings, the table cells the statement is about, and the words that make a
 * look-alike phrase about something else. The engine (engine.ts) reads every family the same way.
 *
 * Phrasings are regular-expression sources written in the reports' own words. The engine puts the
 * figure where it belongs: a `before` phrasing ends where the figure starts ("共收到政府信息公开申请"
 * 250件), an `after` phrasing starts where it ends (13件 "结转下年度继续办理"). Figures are read by the
 * engine's numeral grammar (ASCII, full-width or Chinese numerals) with a classifier 件/宗/起/个/次,
 * or 元/万元 for money.
 *
 * Placeholders in phrasings: {Y} the report's year, {Y-1} the year before, {Y+1} the year after.
 */
import type { EditionId } from "../editions/index.js";

/**
 * A cell reference: a path below the report, slash-separated.
 * - `applications/<row or group>` is the 总计 column of that row, or of every data row under a group;
 *   `#natural` (or another column key) picks a column instead.
 * - `reviewLitigation/<group>/<outcome>`, `proactive/<row>/<field>`: one cell.
 * - `{row}` stands for the row the sentence is about ("共收到申请250件，其中自然人213件"), `{doc}` for the
 *   kind of document (规章 or 规范性文件), `{case}` for the kind of case last named (行政复议, 行政诉讼 —
 *   or, when the phrase says 均/全部, every kind named before it).
 */
export type CellRef = string;

/** A figure of the tables: the sum of these cells. */
export type Quantity = readonly CellRef[];

/** A figure the phrase means only when its sentence says so: "受理申请264件（含上年结转14件）". */
export interface QuantityWhen {
  readonly cells: Quantity;
  /** words the sentence must hold for this reading */
  readonly when: string;
}

export interface PhraseFamily {
  readonly id: string;
  /** what the prose states, as the message words it: "本年新收政府信息公开申请" */
  readonly says: string;
  /**
   * The figures of the tables the phrase may mean. The statement agrees when it equals any of them;
   * the first is the one a warning quotes as `expected`. Several readings keep an ambiguous verb
   * (办理, 受理) from crying wolf.
   */
  readonly means: readonly (Quantity | QuantityWhen)[];
  /** phrasings just before the figure */
  readonly before?: readonly string[];
  /** phrasings just after the figure and its classifier */
  readonly after?: readonly string[];
  /** phrasings on both sides: "收到的" 250件 "申请" */
  readonly around?: readonly (readonly [before: string, after: string])[];
  /** phrasings that state the figure is zero without writing it: "未收到政府信息公开申请" */
  readonly none?: readonly string[];
  /**
   * phrasings that state every case had this outcome ("均获维持"): the figure stated is the total of
   * the cases named, and the table's is the outcome's column
   */
  readonly all?: readonly string[];
  /** words that, in the phrase or in its clause before it, make it about something the tables do not hold */
  readonly unless?: string;
  /** words that, anywhere earlier in the sentence, make it about something else ("作为复议机关，…") */
  readonly unlessEarlier?: string;
  /** words that, later in the sentence, show the figure was a wider count ("…其中涉及政府信息公开的…") */
  readonly unlessFollowedBy?: string;
  /** the editions whose tables hold these cells (all when absent) */
  readonly editions?: readonly EditionId[];
  /** the statement has no subject of its own ("办结251件"): it continues the sentence's last figure */
  readonly continues?: boolean;
  /** needs the sentence's last row to be one of these ("…其他处理28件，总计1339件") */
  readonly follows?: CellRef;
  /**
   * words one of which a sentence must hold for the family's `none` and `all` phrasings to be tried
   * (a cheap test that spares the regular expressions most sentences)
   */
  readonly cue?: readonly string[];
  /** when `{row}` has no antecedent and the phrase names 申请, it means this row */
  readonly rowByDefault?: CellRef;
  /** `{case}` with no kind of case named anywhere in the sentence means every kind */
  readonly everyCaseByDefault?: boolean;
  /** money: stated in 元 or 万元 rather than counted */
  readonly money?: "yuan" | "wanYuan";
  /**
   * whom the statement is checked against: the tables (default), or the report's other statements
   * of the same thing (信息处理费, which no table holds; section 六 is where the format puts it)
   */
  readonly against?: "tables" | "prose";
}
