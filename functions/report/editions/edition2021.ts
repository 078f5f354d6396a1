/** Edition "2021": 《中华人民共和国政府信息公开工作年度报告格式》, 国办公开办函〔2021〕30号. */
import {
  APPLICANT_COLUMNS,
  APPLICATIONS_BALANCE,
  APPLICATIONS_CORNER_NOTE,
  OTHER_HANDLING_LABEL,
  REVIEW_LITIGATION,
  SECTIONS,
  TITLE_SUFFIX,
  applicationRows,
} from "./common.js";
import type { Edition } from "./model.js";

export const EDITION_2021: Edition = {
  id: "2021",
  formatName: "中华人民共和国政府信息公开工作年度报告格式",
  issuedWith: "国办公开办函〔2021〕30号",
  intendedYears: { from: 2021, to: 2100 },
  titleSuffix: TITLE_SUFFIX,
  sections: SECTIONS,
  proactive: {
    title: "主动公开政府信息情况",
    valueColumns: 3,
    groups: [
      {
        heading: "第二十条第（一）项",
        contentLabel: "信息内容",
        fields: [
          { key: "issued", label: "本年制发件数", kind: "count" },
          { key: "repealed", label: "本年废止件数", kind: "count" },
          { key: "inForce", label: "现行有效件数", kind: "count" },
        ],
        rows: [
          { key: "regulations", label: "规章" },
          { key: "normativeDocuments", label: "行政规范性文件" },
        ],
      },
      {
        heading: "第二十条第（五）项",
        contentLabel: "信息内容",
        fields: [{ key: "decisions", label: "本年处理决定数量", kind: "count", colspan: 3 }],
        rows: [{ key: "licensing", label: "行政许可" }],
      },
      {
        heading: "第二十条第（六）项",
        contentLabel: "信息内容",
        fields: [{ key: "decisions", label: "本年处理决定数量", kind: "count", colspan: 3 }],
        rows: [
          { key: "punishment", label: "行政处罚" },
          { key: "enforcement", label: "行政强制" },
        ],
      },
      {
        heading: "第二十条第（八）项",
        contentLabel: "信息内容",
        fields: [{ key: "amount", label: "本年收费金额（单位：万元）", kind: "amount", colspan: 3 }],
        rows: [{ key: "fees", label: "行政事业性收费" }],
      },
    ],
  },
  applications: {
    title: "收到和处理政府信息公开申请情况",
    cornerNote: APPLICATIONS_CORNER_NOTE,
    applicantHeading: "申请人情况",
    labelColumns: 3,
    balance: APPLICATIONS_BALANCE,
    columns: APPLICANT_COLUMNS,
    rows: applicationRows({
      key: "otherHandling",
      label: OTHER_HANDLING_LABEL,
      children: [
        { key: "overdueCorrection", label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" },
        { key: "overdueFee", label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" },
        { key: "other", label: "3.其他" },
      ],
    }),
  },
  reviewLitigation: REVIEW_LITIGATION,
};
