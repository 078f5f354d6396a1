/**
 * Where a line may break in the fixed wording of a report (spec D.2): agency names and titles break
 * only at administrative boundaries (黑龙江省 | 双鸭山市 | 饶河县 | 人民政府), never inside
 * 政府信息公开工作年度报告; table labels break only between words (社会 | 公益 | 组织, never 自然/人).
 *
 * Chinese has no spaces, so the words are given here: the boundary suffixes of administrative names,
 * and a lexicon of the words of the official labels. The renderer marks these as the only break
 * opportunities; the layout checker accepts a break only at them. Both read this one file.
 */

/** Suffixes that end a unit of an agency's name, longest first so that 自治区 wins over 区. */
const NAME_SUFFIXES = [
  "特别行政区",
  "街道办事处",
  "人民政府",
  "委员会",
  "办公室",
  "办公厅",
  "管理局",
  "自治区",
  "自治州",
  "自治县",
  "自治旗",
  "办事处",
  "总局",
  "总署",
  "地区",
  "街道",
  "政府",
  "中心",
  "省",
  "市",
  "县",
  "区",
  "旗",
  "盟",
  "镇",
  "乡",
  "局",
  "厅",
  "署",
  "部",
];

/** Two characters that form a word across a suffix character: 市场 is not 市 | 场, 城乡 not 城 | 乡. */
const NOT_A_BOUNDARY = new Set([
  "市场", "市政", "市民", "市容", "区域", "区划", "县域", "乡村", "乡镇", "镇街", "局面", "部门", "省级", "市级", "县级", "区级",
  "城乡", "城市", "城区", "社区", "园区", "城镇", "都市", "街区", "景区", "库区", "山区", "矿区", "牧区", "林区", "军区", "口岸",
]);

/** The phrase every title ends with; a title never breaks inside it. */
export const REPORT_PHRASE = "政府信息公开工作年度报告";

/** Splits a run of text into the units an agency's name is made of (the last one may be any text). */
export function nameWords(text: string): string[] {
  const chars = [...text];
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i < chars.length; ) {
    const rest = chars.slice(i).join("");
    const suffix = NAME_SUFFIXES.find((s) => rest.startsWith(s));
    if (!suffix) {
      i++;
      continue;
    }
    const end = i + [...suffix].length;
    const before = chars[i - 1] ?? "";
    const after = chars[end] ?? "";
    const first = [...suffix][0]!;
    const last = [...suffix][[...suffix].length - 1]!;
    if (NOT_A_BOUNDARY.has(before + first) || NOT_A_BOUNDARY.has(last + after)) {
      i++;
      continue;
    }
    words.push(chars.slice(start, end).join(""));
    start = i = end;
  }
  if (start < chars.length) words.push(chars.slice(start).join(""));
  return words;
}

/**
 * The words of a title: the agency's units, then from the year on one unit that never breaks
 * (「2024年政府信息公开工作年度报告」), and what follows it. A title without a year is split at the
 * report phrase, which stays whole.
 */
export function titleWords(title: string): string[] {
  const year = /\d{4}年/u.exec(title);
  const phrase = title.indexOf(REPORT_PHRASE);
  const tailStart = year ? year.index : phrase >= 0 ? phrase : title.length;
  const head = title.slice(0, tailStart);
  const tail = title.slice(tailStart);
  const words = head ? nameWords(head) : [];
  if (!tail) return words;
  const phraseEnd = tail.indexOf(REPORT_PHRASE);
  if (phraseEnd < 0) return [...words, tail];
  const cut = phraseEnd + REPORT_PHRASE.length;
  return [...words, tail.slice(0, cut), ...(cut < tail.length ? [tail.slice(cut)] : [])];
}

/**
 * The words of the official labels of tables 二, 三 and 四. A label is split into the longest words
 * found here; numbering (1. 一、) stays with the word after it, punctuation with the word before it
 * (or, if opening, after it).
 */
const LABEL_LEXICON = new Set(
  (
    "自然人 商业 企业 科研 机构 社会 公益 组织 法律 服务 法人 其他 申请人 情况 总计 本列 数据 勾稽 关系 第一项 第二项 第三项 第四项 之和 等于 " +
    "本年 新收 政府 信息 公开 申请 数量 上年 结转 本年度 办理 结果 予以 部分 区分 处理 只计 这一 情形 不计 不予 属于 国家 秘密 " +
    "行政 法规 禁止 危及 三安全一稳定 保护 第三方 合法 权益 三类 内部 事务 四类 过程性 执法 案卷 查询 事项 无法 提供 本机关 掌握 " +
    "相关 没有 现成 需要 另行 制作 补正 内容 明确 信访 举报 投诉类 重复 要求 出版物 正当 理由 大量 反复 机关 确认 重新 出具 获取 " +
    "逾期 不再 收费 通知 缴纳 费用 下年度 继续 复议 诉讼 维持 纠正 尚未 审结 未经 直接 起诉 第二十条 内容 制发 件数 废止 现行 有效 " +
    "决定 金额 单位 万元 规章 规范性 文件 许可 处罚 强制 行政事业性 上一年 项目 增/减 对外 管理 采购 总金额 集中 新制作 新公开 总数量"
  ).split(" "),
);
const LONGEST_WORD = Math.max(...[...LABEL_LEXICON].map((w) => [...w].length));
const OPENING = /^[（“《「(]$/u;
const CLOSING = /^[）”》」)，、。：；！？,.:;]$/u;
/** 1. 2. …: numbering that belongs to the word after it */
const NUMBERING = /^\d+\./u;
/** （一） 一、 …: a group number that may stand on its own line in a narrow column */
const GROUP_NUMBER = /^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)/u;
/** 第（一）项 */
const ITEM = /^第（[一二三四五六七八九十]+）项/u;

export function labelWords(label: string): string[] {
  const tokens: string[] = [];
  const chars = [...label];
  for (let i = 0; i < chars.length; ) {
    const rest = chars.slice(i).join("");
    const fixed = GROUP_NUMBER.exec(rest) ?? ITEM.exec(rest) ?? NUMBERING.exec(rest);
    if (fixed) {
      tokens.push(fixed[0]);
      i += [...fixed[0]].length;
      continue;
    }
    let length = Math.min(LONGEST_WORD, chars.length - i);
    while (length > 1 && !LABEL_LEXICON.has(chars.slice(i, i + length).join(""))) length--;
    tokens.push(chars.slice(i, i + length).join(""));
    i += length;
  }
  const words: string[] = [];
  let pending = "";
  for (const token of tokens) {
    if (OPENING.test(token) || NUMBERING.test(token) && !GROUP_NUMBER.test(token)) {
      pending += token;
    } else if (CLOSING.test(token) && words.length > 0 && !pending) {
      words[words.length - 1] += token;
    } else {
      words.push(pending + token);
      pending = "";
    }
  }
  if (pending) words.push(pending);
  return words;
}

/** The character offsets at which `words` (joined) may break. */
export function breakOffsets(words: readonly string[]): Set<number> {
  const offsets = new Set<number>();
  let at = 0;
  for (const word of words.slice(0, -1)) offsets.add((at += [...word].length));
  return offsets;
}
