/**
 * One paragraph being read: its sentences and clauses, the period each phrase speaks of, the kinds of
 * case it names, and the row or kind of document each sentence is about. The context is worked out
 * only when a phrase needs it (most paragraphs state no figure the tables hold).
 */
import { CaseMentions, Periods } from "./context.js";
import { TOPIC_WORDS } from "./families.js";

export interface Topic {
  readonly at: number;
  /** a row of table 三 ("applications/received"), or a kind of document of table 二 */
  readonly kind: "row" | "doc";
  readonly value: string;
}

const SENTENCE_END = /[。；！？!?;\n]/g;
const CLAUSE_STARTS = new Set(["，", ",", "；", ";", "：", ":", "、", "（", "("]);
const TOPICS = new RegExp(TOPIC_WORDS.map((t) => `(${t.words})`).join("|"), "g");

/** Book titles name other documents ("《…2022年政务公开工作要点…》"): their words are never read. */
function maskTitles(text: string): string {
  if (!text.includes("《")) return text;
  return text.replace(/《[^》]*》/g, (title) => `《${"□".repeat(title.length - 2)}》`);
}

export class Reading {
  /** the paragraph's text with book titles masked (same length, same positions) */
  readonly text: string;
  private readonly sentenceStarts: number[] = [0];
  private periodsOf?: Periods;
  private casesOf?: CaseMentions;
  /** topics named by words (read when first asked), and those set by the claims read so far */
  private wordTopics?: Topic[];
  private readonly claimTopics: Topic[] = [];

  constructor(
    /** the paragraph's text as written (quotes come from it) */
    readonly source: string,
    private readonly year: number,
  ) {
    this.text = maskTitles(source);
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(this.text); m; m = SENTENCE_END.exec(this.text)) this.sentenceStarts.push(m.index + 1);
  }

  get periods(): Periods {
    return (this.periodsOf ??= new Periods(this.text, this.year, this));
  }

  get cases(): CaseMentions {
    return (this.casesOf ??= new CaseMentions(this.text, this));
  }

  private get topicWords(): Topic[] {
    if (!this.wordTopics) {
      this.wordTopics = [];
      for (const m of this.text.matchAll(TOPICS)) {
        let which = 1;
        while (m[which] === undefined) which++;
        const topic = TOPIC_WORDS[which - 1]!.topic;
        this.wordTopics.push({ at: m.index!, kind: topic.startsWith("applications/") ? "row" : "doc", value: topic });
      }
    }
    return this.wordTopics;
  }

  sentenceOf(index: number): number {
    let lo = 0;
    let hi = this.sentenceStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sentenceStarts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  sentenceStart(sentence: number): number {
    return this.sentenceStarts[sentence]!;
  }

  sentenceEnd(sentence: number): number {
    return sentence + 1 < this.sentenceStarts.length ? this.sentenceStarts[sentence + 1]! : this.text.length;
  }

  /** The text of the sentence holding `index`. */
  sentence(index: number): string {
    const sentence = this.sentenceOf(index);
    return this.text.slice(this.sentenceStart(sentence), this.sentenceEnd(sentence));
  }

  /** The sentence's text before `index`. */
  sentenceBefore(index: number): string {
    return this.text.slice(this.sentenceStart(this.sentenceOf(index)), index);
  }

  /** The sentence's text after `index`. */
  sentenceAfter(index: number): string {
    return this.text.slice(index, this.sentenceEnd(this.sentenceOf(index)));
  }

  /** Where the clause holding `index` starts (after a comma, an enumeration comma, a colon…). */
  clauseStart(index: number): number {
    const from = this.sentenceStart(this.sentenceOf(index));
    let i = index - 1;
    while (i >= from && !CLAUSE_STARTS.has(this.text[i]!)) i--;
    return i + 1;
  }

  /** The sentence's latest topic of a kind before `index`. */
  topic(kind: Topic["kind"], index: number): string | undefined {
    const sentence = this.sentenceOf(index);
    let found: Topic | undefined;
    for (const topics of [this.topicWords, this.claimTopics]) {
      for (const t of topics) {
        if (t.kind === kind && t.at < index && (!found || t.at >= found.at) && this.sentenceOf(t.at) === sentence) found = t;
      }
    }
    return found?.value;
  }

  /** A claim's first cell makes its row (or kind of document) the topic of what follows it. */
  addTopic(at: number, ref: string | undefined): void {
    if (!ref) return;
    if (ref.startsWith("applications/")) {
      const column = ref.indexOf("#");
      this.claimTopics.push({ at, kind: "row", value: column === -1 ? ref : ref.slice(0, column) });
    } else if (ref.startsWith("proactive/")) {
      this.claimTopics.push({ at, kind: "doc", value: ref.slice(0, ref.indexOf("/", "proactive/".length)) });
    }
  }
}
