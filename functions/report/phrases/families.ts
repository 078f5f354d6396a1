/**
 * The phrase families of spec C.2: every figure a report states in words that its tables also hold.
 * One entry per kind of statement; the engine reads them all alike (see family.ts for the fields).
 *
 * Order matters: for each figure the first family whose phrasing fits wins, so a narrower statement
 * ("因涉及第三方合法权益不予公开8件") comes before the wider one it ends like ("不予公开34件").
 */
import type { PhraseFamily } from "./family.js";

// ---- shared vocabulary -------------------------------------------------------------------------

/** 政府信息公开 as reports qualify an application */
const KIND = "(?:政府信息公开|依申请公开|信息公开)";
/** an application, optionally qualified: 申请, 政府信息公开申请 */
const APPLICATION = `(?:(?:${KIND})?申请(?!人))`;
/** what ends a reason or a result: the action, "的", "申请" */
const RESULT_TAIL = (action: string) => `(?:而)?(?:${action})?(?:的)?(?:申请)?`;
/** counts of things the tables do not hold, and parts of the whole (channels, sub-units) */
const NOT_APPLICATIONS =
  "复议|诉讼|许可|服务|事项|热线|诉求|来信|来访|留言|咨询|补正|建议|提案|信访|网上|网络|在线|当面|信函|邮寄|传真|电子邮件|现场|窗口|平台|" +
  "本级|(?:市级|县级|区级|市直|县直|区直|各)部门|乡镇|街道|区县|县区|涉及|关于|有关|" +
  // a named bureau or commission is one part of a government's report ("县自然资源局收到…"), not 我局/本局
  "(?<![本我该])(?:局|厅|署|委员会)";
const NOT_ANSWERS = "留言|热线|建议|提案|来信|来访|咨询|诉求|事项|信访|工单|转办|网民|人大|政协|逾期|超期|延期|按时|按期|及时|复议|诉讼";
/** where an agency is the review authority or a court, not the respondent of table 四 */
const NOT_RESPONDENT = "复议机关|复议机构|审理|办理|受理|审结|评查|培训|会议|决定书|纠错率|胜诉率";
/** a sentence that starts by naming the agency the review authority or a court speaks of other cases */
const AUTHORITY = "复议机关|复议机构|人民法院|法院";
const WIDER_COUNT = "其中[^，。；]{0,6}?(?:涉及)?(?:政府)?信息公开";
/** the negations of the "未发生/没有…" statements (not 未经, 无法, 无正当理由, 无论) */
const NO = "(?:未(?!经)(?:曾)?|没有|无(?!法|正当|论))";
const NEXT_YEAR = "(?:下一?年度?|{Y+1}\\s*年度?)";

const results = "applications/results";

/** 不予公开, 无法提供, 不予处理, 其他处理: the reasons, each a family of its own */
function reasons(
  group: string,
  action: string,
  items: readonly (readonly [key: string, says: string, words: string, editions?: readonly ("2019" | "2021")[]])[],
): PhraseFamily[] {
  return items.map(([key, says, words, editions]) => ({
    id: `${group}.${key}`,
    says,
    means: [[`${results}/${group}/${key}`]],
    before: [`(?:因|由于)?(?:属于|涉及|保护|系|危及)?(?:${words})${RESULT_TAIL(action)}`],
    ...(editions ? { editions } : {}),
  }));
}

// ---- the families --------------------------------------------------------------------------------

export const FAMILIES: readonly PhraseFamily[] = [
  // --- 表三: who applied ("其中自然人213件，法人或其他组织37件")
  {
    id: "applicants.natural",
    says: "自然人申请",
    means: [["{row}#natural"]],
    before: ["(?:来自)?自然人(?:提出的?|提交的?|的)?(?:申请)?"],
    rowByDefault: "applications/received",
  },
  {
    id: "applicants.legalPersons",
    says: "法人或其他组织申请",
    means: [["{row}#commercial", "{row}#research", "{row}#publicWelfare", "{row}#legalService", "{row}#other"]],
    before: ["(?:来自)?法人(?:或|和|及|或者)其他组织(?:提出的?|提交的?|的)?(?:申请)?"],
    rowByDefault: "applications/received",
  },
  ...(
    [
      ["commercial", "商业企业"],
      ["research", "科研机构"],
      ["publicWelfare", "社会公益组织"],
      ["legalService", "法律服务机构"],
    ] as const
  ).map(
    ([column, label]): PhraseFamily => ({
      id: `applicants.${column}`,
      says: `${label}申请`,
      means: [[`{row}#${column}`]],
      before: [`${label}(?:提出的?|提交的?|的)?(?:申请)?`],
      rowByDefault: "applications/received",
    }),
  ),

  // --- 表三 二、上年结转 (before 收到: "上年结转的14件申请")
  {
    id: "carriedOver",
    says: "上年结转政府信息公开申请",
    cue: ["结转"],
    means: [["applications/carriedOver"]],
    before: [
      `(?:二、)?(?:上一?年度?|{Y-1}\\s*年度?)(?:结转|转结)(?:至|到)?(?:本年度?|今年|{Y}\\s*年度?)?(?:继续)?(?:办理)?(?:的)?${APPLICATION}?(?:数量)?`,
      // last year's 结转下年度 is this year's 上年结转
      `{Y-1}\\s*年度?(?:结转|转结)(?:至|到)?下一?年度?(?:继续)?(?:办理)?(?:的)?${APPLICATION}?`,
    ],
    none: [`${NO}(?:上一?年度?)(?:结转|转结)`, "上一?年度?(?:无|没有)(?:结转|转结)"],
  },
  // --- 表三 四、结转下年度继续办理
  {
    id: "carriedForward",
    says: "结转下年度继续办理",
    cue: ["结转"],
    means: [["applications/carriedForward"]],
    before: [`(?:四、)?(?:需)?结转(?:至|到)?${NEXT_YEAR}(?:继续)?(?:办理)?(?:的)?${APPLICATION}?`],
    after: [
      `(?:${APPLICATION})?(?:因[^，。；]{0,16}[，,])?(?:仍在办理中?|正在办理中?|尚在办理中?|尚未办结)?[，,]?(?:需|将)?(?:依法)?结转(?:至|到)?${NEXT_YEAR}`,
    ],
    none: [`(?:${NO}|不存在)(?:需要?)?[^，。；\\d]{0,6}?结转(?:至|到)?${NEXT_YEAR}`],
  },

  // --- 表三 三、本年度办理结果: the reasons first, then the groups they end like
  ...reasons("withheld", "不予公开", [
    ["stateSecret", "属于国家秘密而不予公开", "国家秘密"],
    ["prohibitedByLaw", "其他法律行政法规禁止公开", "其他法律、?行政法规禁止公开"],
    ["threeSecurityOneStability", "危及“三安全一稳定”而不予公开", "[“\"]?三安全一稳定[”\"]?"],
    ["thirdPartyRights", "因保护第三方合法权益而不予公开", "第三方合法权益"],
    ["internalAffairs", "属于三类内部事务信息而不予公开", "(?:三类)?内部事务(?:信息)?"],
    ["processInformation", "属于四类过程性信息而不予公开", "(?:四类)?过程性信息"],
    ["enforcementFiles", "属于行政执法案卷而不予公开", "行政执法案卷(?:信息)?"],
    ["administrativeQuery", "属于行政查询事项而不予公开", "行政查询事项"],
  ]),
  ...reasons("unavailable", "无法提供|告知申请人", [
    ["notHeld", "本机关不掌握相关政府信息", "(?:本机关)?不掌握(?:相关)?(?:的)?(?:政府)?信息|(?:相关)?(?:政府)?信息不存在"],
    ["needsCreation", "没有现成信息需要另行制作", "(?:没有现成信息)?需(?:要)?另行制作"],
    ["unclearAfterCorrection", "补正后申请内容仍不明确", "补正后(?:申请内容)?仍(?:然)?不明确"],
  ]),
  ...reasons("notProcessed", "不予处理", [
    ["complaint", "信访举报投诉类申请", "信访举报投诉类?(?:申请)?"],
    ["duplicate", "重复申请", "重复申请"],
    ["publication", "要求提供公开出版物", "要求提供公开出版物"],
    ["excessive", "无正当理由大量反复申请", "(?:无正当理由)?大量反复申请"],
    ["confirmOrReissue", "要求行政机关确认或重新出具已获取信息", "要求(?:行政机关)?确认或重新出具已获取(?:的)?信息"],
  ]),
  ...reasons("otherHandling", "", [
    ["overdueCorrection", "申请人无正当理由逾期不补正", "(?:申请人)?(?:无正当理由)?逾期不补正(?:、行政机关不再处理其政府信息公开申请)?", ["2021"]],
    ["overdueFee", "申请人逾期未按收费通知要求缴纳费用", "(?:申请人)?逾期未按收费通知要求缴纳费用(?:、行政机关不再处理其政府信息公开申请)?", ["2021"]],
  ]),
  {
    id: "disclosedOrPartially",
    says: "予以公开和部分公开",
    means: [[`${results}/disclosed`, `${results}/partiallyDisclosed`]],
    before: ["(?:予以|同意)?公开(?:和|及|或|与|、|以及)部分公开(?:的)?(?:申请)?", "全部(?:或|和|及)部分(?:予以)?公开(?:的)?(?:申请)?"],
  },
  {
    id: "disclosed",
    says: "予以公开",
    // "予以公开131件（含部分公开16件）" counts both
    means: [[`${results}/disclosed`], { cells: [`${results}/disclosed`, `${results}/partiallyDisclosed`], when: "(?:含|包括|其中)部分公开" }],
    before: ["(?:（一）)?(?:予以|同意|全部)公开(?:的)?(?:申请)?"],
    after: [`(?:${APPLICATION})?(?:依法)?(?:予以|同意)公开`],
  },
  {
    id: "partiallyDisclosed",
    says: "部分公开",
    means: [[`${results}/partiallyDisclosed`]],
    before: ["(?:（二）)?部分公开(?:的)?(?:申请)?"],
    after: [`(?:${APPLICATION})?(?:依法)?部分公开`],
  },
  {
    id: "withheld",
    says: "不予公开",
    cue: ["不予公开"],
    means: [[`${results}/withheld`]],
    before: ["(?:（三）)?不予公开(?:的)?(?:申请)?"],
    after: [`(?:${APPLICATION})?(?:依法)?不予公开`],
    none: [`${NO}(?:发生|出现)?不予公开(?:的)?(?:情况|情形|申请)`],
  },
  {
    id: "unavailable",
    says: "无法提供",
    means: [[`${results}/unavailable`]],
    before: ["(?:（四）)?无法提供(?:的)?(?:申请)?"],
    after: [`(?:${APPLICATION})?无法提供`],
  },
  {
    id: "notProcessed",
    says: "不予处理",
    means: [[`${results}/notProcessed`]],
    before: ["(?:（五）)?不予处理(?:的)?(?:申请)?"],
    after: [`(?:${APPLICATION})?(?:依法)?不予处理`],
  },
  {
    id: "otherHandling",
    says: "其他处理",
    means: [[`${results}/otherHandling`]],
    before: ["(?:（六）)?其他处理(?:的)?(?:申请)?"],
  },
  {
    id: "resultsTotal.afterResults",
    says: "本年度办理结果总计",
    means: [[`${results}/total`]],
    // "…其他处理28件，总计1339件": 总计 after a result is the results' total
    before: ["(?:（七）)?(?:总计|合计|共计)"],
    follows: results,
  },

  // --- answered / closed (三（七）总计); 办理 and 答复 are loose words: they may mean what came in
  {
    id: "resultsTotal",
    says: "本年度办理结果总计（办结）",
    means: [[`${results}/total`], ["applications/received"], ["applications/received", "applications/carriedOver"]],
    before: [
      `(?:本年度)?办理结果(?:总计|合计|共计)?`,
      `(?:已)?(?:全部)?(?:办结|办理完毕|完成办理|作出答复|予以答复|答复|回复)(?:了)?(?:各类)?${APPLICATION}?`,
      `(?:已)?(?:办结|答复)(?:了)?的`,
      `(?:办理|处理)(?:了)?(?:各类)?${KIND}申请`,
    ],
    unless: NOT_ANSWERS,
    continues: true,
  },

  // --- 表三 一、本年新收
  {
    id: "received",
    says: "本年新收政府信息公开申请",
    cue: ["申请"],
    // "受理申请264件（含上年结转14件）" counts both
    means: [["applications/received"], { cells: ["applications/received", "applications/carriedOver"], when: "(?:含|包括|其中)上一?年度?结转" }],
    before: [
      `(?:一、)?(?:本年度?|今年|全年)?新收(?:到)?(?:的)?${APPLICATION}?(?:数量)?`,
      `(?:收到|受理|接收|接到|登记)(?:了)?(?:各类|各种)?[^，。；\\d]{0,24}?${KIND}?申请(?!人)(?:数量|量)?`,
      `(?:提交|提出)(?:了)?(?:的)?[^，。；\\d]{0,16}?${KIND}申请(?!人)`,
      `(?:收到|受理|接收)${KIND}(?:事项)?`,
      `${KIND}申请(?!人)(?:受理|收到)?(?:数量|量)?`,
    ],
    around: [["(?:收到|受理|接收|接到)(?:了)?(?:的)?", `${APPLICATION}`]],
    none: [`${NO}(?:收到|受理|接到|接收|新收)(?:过)?(?:任何)?[^，。；\\d]{0,24}?${KIND}?申请(?!人)`, `${NO}(?:发生|产生)依申请公开`],
    unless: NOT_APPLICATIONS,
  },

  // --- 表二: documents and decisions
  ...(
    [
      ["regulations", "规章", "(?:[省市县区]?(?:人民)?政府)?规章"],
      ["normativeDocuments", "行政规范性文件", "(?:行政)?规范性文件"],
    ] as const
  ).flatMap(([row, label, words]): PhraseFamily[] => [
    { id: `proactive.${row}.issued`, says: `本年制发${label}`, means: [[`proactive/${row}/issued`]], editions: ["2021"], before: [`(?:本年)?(?:制发|制定|出台|印发|新制定)(?:了)?${words}`] },
    { id: `proactive.${row}.repealed`, says: `本年废止${label}`, means: [[`proactive/${row}/repealed`]], editions: ["2021"], before: [`废止(?:了)?${words}`] },
    { id: `proactive.${row}.inForce`, says: `现行有效${label}`, means: [[`proactive/${row}/inForce`]], editions: ["2021"], before: [`现行有效(?:的)?${words}`] },
    { id: `proactive.${row}.newlyMade`, says: `本年新制作${label}`, means: [[`proactive/${row}/newlyMade`]], editions: ["2019"], before: [`(?:本年)?(?:新制作|制发|制定|出台|印发)(?:了)?${words}`] },
    { id: `proactive.${row}.newlyPublished`, says: `本年新公开${label}`, means: [[`proactive/${row}/newlyPublished`]], editions: ["2019"], before: [`(?:本年)?新公开(?:了)?${words}`] },
  ]),
  { id: "proactive.issued", says: "本年制发", means: [["{doc}/issued"]], editions: ["2021"], before: ["(?:本年)?(?:制发|制定|出台|印发)(?:了)?"] },
  { id: "proactive.repealed", says: "本年废止", means: [["{doc}/repealed"]], editions: ["2021"], before: ["废止(?:了)?"] },
  { id: "proactive.inForce", says: "现行有效", means: [["{doc}/inForce"]], editions: ["2021"], before: ["现行有效(?:的)?"] },
  ...(
    [
      ["licensing", "行政许可"],
      ["punishment", "行政处罚"],
      ["enforcement", "行政强制"],
    ] as const
  ).map(
    ([row, label]): PhraseFamily => ({
      id: `proactive.${row}.decisions`,
      says: `${label}处理决定`,
      means: [[`proactive/${row}/decisions`]],
      before: [`(?:作出|做出)?(?:的)?${label}(?:处理)?决定(?:数量)?`],
      unless: "撤销|变更|听证|复议|诉讼",
    }),
  ),
  {
    id: "proactive.fees",
    says: "行政事业性收费",
    means: [["proactive/fees/amount"]],
    editions: ["2021"],
    before: ["(?:收取)?行政事业性收费(?:金额)?"],
    money: "wanYuan",
  },

  // --- 表四: the kind of case, then the outcomes ({case} is the kind named before the phrase)
  {
    id: "litigationDirect",
    says: "未经复议直接起诉的行政诉讼",
    means: [["reviewLitigation/litigationDirect/total"]],
    before: ["(?:未经(?:行政)?复议)?(?:而)?直接(?:向(?:人民)?法院)?(?:提起|起诉)(?:的)?(?:行政诉讼)?(?:案件)?"],
    unless: NOT_RESPONDENT,
    unlessEarlier: AUTHORITY,
    unlessFollowedBy: WIDER_COUNT,
  },
  {
    id: "litigationAfterReview",
    says: "复议后起诉的行政诉讼",
    means: [["reviewLitigation/litigationAfterReview/total"]],
    before: ["(?:经(?:行政)?)?复议后(?:再)?(?:向(?:人民)?法院)?(?:提起|起诉)(?:的)?(?:行政诉讼)?(?:案件)?"],
    unless: NOT_RESPONDENT,
    unlessEarlier: AUTHORITY,
    unlessFollowedBy: WIDER_COUNT,
  },
  {
    id: "litigation",
    says: "行政诉讼",
    cue: ["诉讼"],
    means: [["reviewLitigation/litigationDirect/total", "reviewLitigation/litigationAfterReview/total"]],
    before: ["(?:被提起|被起诉|发生|引发|引起|产生|提起|出现|应诉|涉及)?(?:了)?(?:政府信息公开)?(?:的|类)?(?:行政)?诉讼(?:案件)?"],
    none: [
      `${NO}(?:发生|出现|产生|涉及|引发|被提起|被起诉)?[^。；，\\d]{0,30}?(?:行政)?诉讼`,
      "(?:行政)?诉讼(?:案件)?(?:数量)?(?:均)?为(?:零|0|〇)(?![\\d.])",
      "(?:行政)?诉讼[^。；，\\d]{0,10}?情况[：:]\\s*无",
    ],
    unless: NOT_RESPONDENT,
    unlessEarlier: AUTHORITY,
    unlessFollowedBy: WIDER_COUNT,
  },
  {
    id: "review",
    says: "行政复议",
    cue: ["复议"],
    means: [["reviewLitigation/review/total"]],
    before: ["(?:被申请|被提起|发生|引发|引起|产生|提起|出现|收到|涉及)?(?:了)?(?:政府信息公开)?(?:的|类)?(?:行政)?复议(?:案件|申请)?"],
    none: [
      `${NO}(?:发生|出现|产生|涉及|引发|被申请|被提起|收到)?[^。；，\\d]{0,30}?(?:行政)?复议(?!机关|机构|后)`,
      "(?:行政)?复议(?!机关|机构|后)[^。；，\\d]{0,12}?(?:数量)?(?:均)?为(?:零|0|〇)(?![\\d.])",
      "(?:行政)?复议(?!机关|机构|后)[^。；，\\d]{0,12}?情况[：:]\\s*无",
    ],
    unless: `${NOT_RESPONDENT}|未经|直接起诉|后起诉`,
    unlessEarlier: AUTHORITY,
    unlessFollowedBy: WIDER_COUNT,
  },
  {
    id: "cases.infoDisclosure",
    says: "涉及政府信息公开的案件",
    means: [["reviewLitigation/{case}/total"]],
    before: ["其中(?:涉及)?(?:政府)?信息公开(?:的|类)(?:案件)?"],
  },
  {
    id: "outcome.upheld",
    says: "结果维持",
    cue: ["维持"],
    means: [["reviewLitigation/{case}/upheld"]],
    before: ["(?:结果)?(?:被|获)?维持(?:原(?:具体)?(?:行政行为|答复|决定))?(?:的)?"],
    after: ["(?:案件)?(?:被|获)(?:复议机关|法院)?(?:决定|判决)?维持"],
    all: ["(?:均|全部|都)(?:已)?(?:获|被|予以|为|判决|决定)?维持", "结果均为维持"],
  },
  {
    id: "outcome.lost",
    says: "行政诉讼败诉（结果纠正）",
    cue: ["败诉"],
    means: [["reviewLitigation/litigationDirect/corrected", "reviewLitigation/litigationAfterReview/corrected"]],
    before: ["败诉(?:案件)?"],
    none: [`${NO}败诉`],
  },
  {
    id: "outcome.corrected",
    says: "结果纠正（被纠错）",
    cue: ["纠错"],
    means: [["reviewLitigation/{case}/corrected"]],
    before: ["(?:结果)?纠正(?:的)?", "被纠错(?:的)?", "纠错"],
    after: ["(?:案件)?被(?:纠错|纠正|撤销)"],
    none: [`${NO}(?:发生|出现)?[^。；，\\d]{0,16}?(?:被)?纠错`, "纠错率(?:为|是)?(?:0|零)%?(?![\\d.])"],
    everyCaseByDefault: true,
  },
  { id: "outcome.other", says: "其他结果", means: [["reviewLitigation/{case}/other"]], before: ["其他结果"] },
  {
    id: "outcome.pending",
    says: "尚未审结",
    cue: ["审结", "结案"],
    means: [["reviewLitigation/{case}/pending"]],
    before: ["(?:尚未审结|未审结|正在审理(?:中)?|尚在审理(?:中)?|在审)(?:的)?(?:案件)?"],
    after: ["(?:(?:行政)?(?:复议|诉讼)(?:[、和及与])?)*(?:案件)?(?:均)?(?:尚未审结|仍在审理|正在审理|尚在审理)"],
    none: ["(?:均|全部|都)(?:已)?审结", "已全部审结", "均已结案"],
    everyCaseByDefault: true,
  },

  // --- 六: 信息处理费, which no table holds: every statement of it must agree
  {
    id: "fees",
    says: "收取信息处理费",
    cue: ["处理费", "收费"],
    means: [],
    against: "prose",
    money: "yuan",
    before: [
      "(?:收取|收缴)(?:了)?(?:政府信息公开)?(?:信息)?处理费(?:[^。；]{0,12}?金额)?",
      "(?:政府信息公开)?信息处理费(?:共计|合计|金额)?",
    ],
    none: [
      `(?:${NO}|不)(?:向申请人)?(?:收取|产生|收)(?:过)?(?:任何)?(?:政府信息公开)?(?:信息)?处理费`,
      `${NO}发生(?:信息处理费)?收费(?:情况|行为)?`,
      "处理费(?:收取)?情况[：:]\\s*无",
    ],
  },
];

/**
 * Words that make a row or a kind of document the subject of a sentence without stating a figure
 * ("收到的申请中，自然人申请1180件"). A family's own match sets its row as well.
 */
export const TOPIC_WORDS: readonly { readonly words: string; readonly topic: string }[] = [
  { words: "(?:收到|受理|新收)的(?:政府信息公开)?申请中", topic: "applications/received" },
  { words: "(?:政府)?规章", topic: "proactive/regulations" },
  { words: "(?:行政)?规范性文件", topic: "proactive/normativeDocuments" },
];
