/**
 * The shapes in which an edition of the State Council's unified format is described.
 *
 * An edition is data: the labels printed in the official format (character for character), the
 * JSON keys of the report contract, and the spans of every header and row label. The schema, the
 * validator's messages, the HTML template and the tests are all derived from one such description,
 * so a label or a key exists in exactly one place.
 */

export type EditionId = "2019" | "2021";

/** How a cell's value is typed in the report JSON. */
export type FieldKind =
  /** integer 0..1 000 000 000 */
  | "count"
  /** any integer: 2019's 本年增/减 */
  | "signedCount"
  /** a decimal string (a JSON number is accepted and normalised), rendered exactly as given */
  | "amount";

/** One value column of table 二. */
export interface ProactiveField {
  readonly key: string;
  /** the column header, exactly as printed */
  readonly label: string;
  readonly kind: FieldKind;
  /** how many of the table's value columns this field spans (default 1) */
  readonly colspan?: number;
  /** an optional unit written beside an amount whose header carries none (2019's 采购总金额) */
  readonly unit?: { readonly key: string; readonly values: readonly string[] };
}

/** One data row of table 二 (行政许可, 规章, …). */
export interface ProactiveRow {
  readonly key: string;
  readonly label: string;
}

/** One group of table 二, headed by the 第二十条 item it reports on. */
export interface ProactiveGroup {
  /** the group heading spanning the table, e.g. 第二十条第（一）项 */
  readonly heading: string;
  /** the header of the label column, 信息内容 */
  readonly contentLabel: string;
  readonly fields: readonly ProactiveField[];
  readonly rows: readonly ProactiveRow[];
}

export interface ProactiveTable {
  readonly title: string;
  /** number of value columns every group fills (fields' colspans add up to it) */
  readonly valueColumns: number;
  readonly groups: readonly ProactiveGroup[];
}

/** A column of table 三: one kind of applicant, or the 总计 column. */
export interface ApplicantColumn {
  readonly key: string;
  readonly label: string;
  /** the heading over a run of columns (法人或其他组织) */
  readonly group?: string;
  /** true for 总计, the sum of the other columns */
  readonly isTotal?: boolean;
}

/**
 * A row label of table 三. Leaves are data rows; a node with children is a label cell spanning its
 * leaves (三、本年度办理结果, （三）不予公开, …). A row label spans the label columns not used by deeper
 * levels, which gives exactly the official rowspans and colspans.
 */
export interface ApplicationRowNode {
  readonly key: string;
  readonly label: string;
  readonly children?: readonly ApplicationRowNode[];
  /** marks （七）总计: the sum of its siblings */
  readonly isTotal?: boolean;
}

export interface ApplicationsTable {
  readonly title: string;
  /** the top-left cell: the rule the table states about itself */
  readonly cornerNote: string;
  /** the heading spanning all data columns */
  readonly applicantHeading: string;
  /** how many label columns the table has */
  readonly labelColumns: number;
  readonly columns: readonly ApplicantColumn[];
  readonly rows: readonly ApplicationRowNode[];
  /**
   * The balance the corner note states (rule A1): per column, the rows of `incoming` add up to the
   * rows of `outgoing`. Each entry is a row's path of keys below `applications`.
   */
  readonly balance: {
    readonly incoming: readonly (readonly string[])[];
    readonly outgoing: readonly (readonly string[])[];
  };
}

/** A column of table 四 (结果维持 … 总计). */
export interface OutcomeColumn {
  readonly key: string;
  readonly label: string;
  readonly isTotal?: boolean;
}

/** A group of table 四: 行政复议, or one of the two kinds of 行政诉讼. */
export interface ReviewGroup {
  readonly key: string;
  /** the label printed over this group's columns; absent when the heading above says it all */
  readonly label?: string;
  /** the heading over this group (行政复议 or 行政诉讼) */
  readonly heading: string;
}

export interface ReviewLitigationTable {
  readonly title: string;
  readonly groups: readonly ReviewGroup[];
  readonly outcomes: readonly OutcomeColumn[];
}

/** The six numbered sections of the report. */
export interface SectionDef {
  readonly numeral: string;
  /** the title as printed, numeral included */
  readonly title: string;
  /** the report property that holds the section's content */
  readonly key: "overview" | "proactive" | "applications" | "reviewLitigation" | "problems" | "otherMatters";
}

export interface Edition {
  readonly id: EditionId;
  /** the name of the format document */
  readonly formatName: string;
  /** the circular that issued it */
  readonly issuedWith: string;
  /** the report years it is meant for (inclusive); outside them the `edition-year` warning fires */
  readonly intendedYears: { readonly from: number; readonly to: number };
  readonly titleSuffix: string;
  readonly sections: readonly SectionDef[];
  readonly proactive: ProactiveTable;
  readonly applications: ApplicationsTable;
  readonly reviewLitigation: ReviewLitigationTable;
}
