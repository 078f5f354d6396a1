/** Edition "2019": 《中华人民共和国政府信息公开工作年度报告格式（试行）》, 国办公开办函〔2019〕60号. */
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
import type { Edition, ProactiveField } from "./model.js";

const itemChange: readonly ProactiveField[] = [
  { key: "previousItems", label: "上一年项目数量", kind: "count" },
  { key: "change", label: "本年增/减", kind: "signedCount" },
  { key: "decisions", label: "处理决定数量", kind: "count" },
];

export const EDITION_2019: Edition = {
  id: "2019",
  formatName: "中华人民共和国政府信息公开工作年度报告格式（试行）",
  issuedWith: "国办公开办函〔2019〕60号",
  intendedYears: { from: 2019, to: 2020 },
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
          { key: "newlyMade", label: "本年新制作数量", kind: "count" },
          { key: "newlyPublished", label: "本年新公开数量", kind: "count" },
          { key: "totalPublished", label: "对外公开总数量", kind: "count" },
        ],
        rows: [
          { key: "regulations", label: "规章" },
          { key: "normativeDocuments", label: "规范性文件" },
        ],
      },
      {
        heading: "第二十条第（五）项",
        contentLabel: "信息内容",
        fields: itemChange,
        rows: [
          { key: "licensing", label: "行政许可" },
          { key: "otherServices", label: "其他对外管理服务事项" },
        ],
      },
      {
        heading: "第二十条第（六）项",
        contentLabel: "信息内容",
        fields: itemChange,
        rows: [
          { key: "punishment", label: "行政处罚" },
          { key: "enforcement", label: "行政强制" },
        ],
      },
      {
        heading: "第二十条第（八）项",
        contentLabel: "信息内容",
        fields: [
          { key: "previousItems", label: "上一年项目数量", kind: "count" },
          { key: "change", label: "本年增/减", kind: "signedCount", colspan: 2 },
        ],
        rows: [{ key: "fees", label: "行政事业性收费" }],
      },
      {
        heading: "第二十条第（九）项",
        contentLabel: "信息内容",
        fields: [
          { key: "projects", label: "采购项目数量", kind: "count" },
          {
            key: "totalAmount",
            label: "采购总金额",
            kind: "amount",
            colspan: 2,
            unit: { key: "unit", values: ["元", "万元"] },
          },
        ],
        rows: [{ key: "procurement", label: "政府集中采购" }],
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
    rows: applicationRows({ key: "otherHandling", label: OTHER_HANDLING_LABEL }),
  },
  reviewLitigation: REVIEW_LITIGATION,
};
