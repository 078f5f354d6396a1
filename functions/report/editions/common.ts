/**
 * The parts of the format that both editions share, character for character (Part A of
 * spec/report-format.md). Full-width punctuation （ ） ： and the curly quotes of “三安全一稳定” are
 * deliberate.
 */
import type {
  ApplicantColumn,
  ApplicationRowNode,
  OutcomeColumn,
  ReviewLitigationTable,
  SectionDef,
} from "./model.js";

export const TITLE_SUFFIX = "年政府信息公开工作年度报告";

export const SECTIONS: readonly SectionDef[] = [
  { numeral: "一", title: "一、总体情况", key: "overview" },
  { numeral: "二", title: "二、主动公开政府信息情况", key: "proactive" },
  { numeral: "三", title: "三、收到和处理政府信息公开申请情况", key: "applications" },
  { numeral: "四", title: "四、政府信息公开行政复议、行政诉讼情况", key: "reviewLitigation" },
  { numeral: "五", title: "五、存在的主要问题及改进情况", key: "problems" },
  { numeral: "六", title: "六、其他需要报告的事项", key: "otherMatters" },
];

export const APPLICATIONS_CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

export const APPLICANT_COLUMNS: readonly ApplicantColumn[] = [
  { key: "natural", label: "自然人" },
  { key: "commercial", label: "商业企业", group: "法人或其他组织" },
  { key: "research", label: "科研机构", group: "法人或其他组织" },
  { key: "publicWelfare", label: "社会公益组织", group: "法人或其他组织" },
  { key: "legalService", label: "法律服务机构", group: "法人或其他组织" },
  { key: "other", label: "其他", group: "法人或其他组织" },
  { key: "total", label: "总计", isTotal: true },
];

/** （一）…（五） of 三、本年度办理结果, the same in both editions. */
export const RESULT_ROWS_BEFORE_OTHER_HANDLING: readonly ApplicationRowNode[] = [
  { key: "disclosed", label: "（一）予以公开" },
  { key: "partiallyDisclosed", label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
  {
    key: "withheld",
    label: "（三）不予公开",
    children: [
      { key: "stateSecret", label: "1.属于国家秘密" },
      { key: "prohibitedByLaw", label: "2.其他法律行政法规禁止公开" },
      { key: "threeSecurityOneStability", label: "3.危及“三安全一稳定”" },
      { key: "thirdPartyRights", label: "4.保护第三方合法权益" },
      { key: "internalAffairs", label: "5.属于三类内部事务信息" },
      { key: "processInformation", label: "6.属于四类过程性信息" },
      { key: "enforcementFiles", label: "7.属于行政执法案卷" },
      { key: "administrativeQuery", label: "8.属于行政查询事项" },
    ],
  },
  {
    key: "unavailable",
    label: "（四）无法提供",
    children: [
      { key: "notHeld", label: "1.本机关不掌握相关政府信息" },
      { key: "needsCreation", label: "2.没有现成信息需要另行制作" },
      { key: "unclearAfterCorrection", label: "3.补正后申请内容仍不明确" },
    ],
  },
  {
    key: "notProcessed",
    label: "（五）不予处理",
    children: [
      { key: "complaint", label: "1.信访举报投诉类申请" },
      { key: "duplicate", label: "2.重复申请" },
      { key: "publication", label: "3.要求提供公开出版物" },
      { key: "excessive", label: "4.无正当理由大量反复申请" },
      { key: "confirmOrReissue", label: "5.要求行政机关确认或重新出具已获取信息" },
    ],
  },
];

export const OTHER_HANDLING_LABEL = "（六）其他处理";

export const RESULTS_TOTAL_ROW: ApplicationRowNode = { key: "total", label: "（七）总计", isTotal: true };

/** 第一项加第二项之和，等于第三项加第四项之和 — with 第三项 read as its （七）总计. */
export const APPLICATIONS_BALANCE = {
  incoming: [["received"], ["carriedOver"]],
  outgoing: [["results", "total"], ["carriedForward"]],
} as const;

/** Builds the rows of table 三 around an edition's （六）其他处理. */
export function applicationRows(otherHandling: ApplicationRowNode): readonly ApplicationRowNode[] {
  return [
    { key: "received", label: "一、本年新收政府信息公开申请数量" },
    { key: "carriedOver", label: "二、上年结转政府信息公开申请数量" },
    {
      key: "results",
      label: "三、本年度办理结果",
      children: [...RESULT_ROWS_BEFORE_OTHER_HANDLING, otherHandling, RESULTS_TOTAL_ROW],
    },
    { key: "carriedForward", label: "四、结转下年度继续办理" },
  ];
}

export const OUTCOME_COLUMNS: readonly OutcomeColumn[] = [
  { key: "upheld", label: "结果维持" },
  { key: "corrected", label: "结果纠正" },
  { key: "other", label: "其他结果" },
  { key: "pending", label: "尚未审结" },
  { key: "total", label: "总计", isTotal: true },
];

export const REVIEW_LITIGATION: ReviewLitigationTable = {
  title: "政府信息公开行政复议、行政诉讼情况",
  groups: [
    { key: "review", heading: "行政复议" },
    { key: "litigationDirect", heading: "行政诉讼", label: "未经复议直接起诉" },
    { key: "litigationAfterReview", heading: "行政诉讼", label: "复议后起诉" },
  ],
  outcomes: OUTCOME_COLUMNS,
};
