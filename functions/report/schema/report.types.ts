/* eslint-disable */
/**
 * Generated from the edition definitions by `npm run schema:generate`; do not edit.
 * test/unit/schema-agreement.test.ts fails when this file and the definitions disagree.
 */

/**
 * 政府信息公开工作年度报告（报告JSON格式第1版）。此文件由 npm run schema:generate 生成，勿手改。
 */
export type Report = Report2019 | Report2021;
export type Line = string;
/**
 * 日期（YYYY-MM-DD）
 */
export type IsoDate = string;
export type Text = string;
/**
 * @maxItems 200
 */
export type Paragraphs = Text[];
/**
 * 件数：0至1000000000的整数
 */
export type Count = number;
/**
 * 增减数：整数，可为负
 */
export type SignedCount = number;
/**
 * 金额：十进制数字字符串（JSON数字也可，规范化为字符串），按原样呈现
 */
export type Amount = string | number;
/**
 * 段落数组，或与“一、总体情况”相同的段落与分节
 */
export type SectionText = Paragraphs | SectionBody;

/**
 * 中华人民共和国政府信息公开工作年度报告格式（试行）（2019年版）
 */
export interface Report2019 {
  /**
   * 报告JSON格式的版本
   */
  schemaVersion?: 1;
  /**
   * 年度报告格式版本：中华人民共和国政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号）
   */
  edition: "2019";
  /**
   * 统计年度
   */
  year: number;
  agency: Agency;
  title?: Line;
  publishedAt?: IsoDate;
  preamble: Paragraphs;
  overview: SectionBody;
  sectionIntros?: SectionIntros;
  proactive: Proactive2019;
  applications: Applications2019;
  reviewLitigation: ReviewLitigation;
  problems: SectionText;
  otherMatters: SectionText;
  closing?: Closing;
}
/**
 * 发布报告的行政机关
 */
export interface Agency {
  /**
   * 机关全称
   */
  name: string;
  /**
   * 调用方给机关的标识
   */
  code?: string;
  /**
   * 机关层级
   */
  level?: "national" | "province" | "city" | "county" | "township" | "department";
}
/**
 * 段落与带小标题的分节
 */
export interface SectionBody {
  paragraphs: Paragraphs;
  /**
   * @maxItems 30
   */
  subsections: Subsection[];
}
export interface Subsection {
  heading: Line;
  paragraphs: Paragraphs;
}
/**
 * 表二、三、四之前的说明段落（可选）
 */
export interface SectionIntros {
  proactive?: Paragraphs;
  applications?: Paragraphs;
  reviewLitigation?: Paragraphs;
}
/**
 * 二、主动公开政府信息情况（2019年版）
 */
export interface Proactive2019 {
  /**
   * 第二十条第（一）项 规章
   */
  regulations: {
    newlyMade: Count;
    newlyPublished: Count;
    totalPublished: Count;
  };
  /**
   * 第二十条第（一）项 规范性文件
   */
  normativeDocuments: {
    newlyMade: Count;
    newlyPublished: Count;
    totalPublished: Count;
  };
  /**
   * 第二十条第（五）项 行政许可
   */
  licensing: {
    previousItems: Count;
    change: SignedCount;
    decisions: Count;
  };
  /**
   * 第二十条第（五）项 其他对外管理服务事项
   */
  otherServices: {
    previousItems: Count;
    change: SignedCount;
    decisions: Count;
  };
  /**
   * 第二十条第（六）项 行政处罚
   */
  punishment: {
    previousItems: Count;
    change: SignedCount;
    decisions: Count;
  };
  /**
   * 第二十条第（六）项 行政强制
   */
  enforcement: {
    previousItems: Count;
    change: SignedCount;
    decisions: Count;
  };
  /**
   * 第二十条第（八）项 行政事业性收费
   */
  fees: {
    previousItems: Count;
    change: SignedCount;
  };
  /**
   * 第二十条第（九）项 政府集中采购
   */
  procurement: {
    projects: Count;
    totalAmount: Amount;
    /**
     * 采购总金额的单位
     */
    unit?: "元" | "万元";
  };
}
/**
 * 三、收到和处理政府信息公开申请情况
 */
export interface Applications2019 {
  received: ApplicantRow;
  carriedOver: ApplicantRow;
  /**
   * 三、本年度办理结果
   */
  results: {
    disclosed: ApplicantRow;
    partiallyDisclosed: ApplicantRow;
    /**
     * （三）不予公开
     */
    withheld: {
      stateSecret: ApplicantRow;
      prohibitedByLaw: ApplicantRow;
      threeSecurityOneStability: ApplicantRow;
      thirdPartyRights: ApplicantRow;
      internalAffairs: ApplicantRow;
      processInformation: ApplicantRow;
      enforcementFiles: ApplicantRow;
      administrativeQuery: ApplicantRow;
    };
    /**
     * （四）无法提供
     */
    unavailable: {
      notHeld: ApplicantRow;
      needsCreation: ApplicantRow;
      unclearAfterCorrection: ApplicantRow;
    };
    /**
     * （五）不予处理
     */
    notProcessed: {
      complaint: ApplicantRow;
      duplicate: ApplicantRow;
      publication: ApplicantRow;
      excessive: ApplicantRow;
      confirmOrReissue: ApplicantRow;
    };
    otherHandling: ApplicantRow;
    total?: ApplicantRow;
  };
  carriedForward: ApplicantRow;
}
/**
 * 表三的一行：各类申请人的件数
 */
export interface ApplicantRow {
  natural: Count;
  commercial: Count;
  research: Count;
  publicWelfare: Count;
  legalService: Count;
  other: Count;
  total?: Count;
}
/**
 * 四、政府信息公开行政复议、行政诉讼情况
 */
export interface ReviewLitigation {
  review: Outcome;
  litigationDirect: Outcome;
  litigationAfterReview: Outcome;
}
/**
 * 表四的一组：行政复议或行政诉讼的结果
 */
export interface Outcome {
  upheld: Count;
  corrected: Count;
  other: Count;
  pending: Count;
  total?: Count;
}
/**
 * 落款
 */
export interface Closing {
  signatory: Line;
  date?: IsoDate;
}
/**
 * 中华人民共和国政府信息公开工作年度报告格式（2021年版）
 */
export interface Report2021 {
  /**
   * 报告JSON格式的版本
   */
  schemaVersion?: 1;
  /**
   * 年度报告格式版本：中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）
   */
  edition: "2021";
  /**
   * 统计年度
   */
  year: number;
  agency: Agency;
  title?: Line;
  publishedAt?: IsoDate;
  preamble: Paragraphs;
  overview: SectionBody;
  sectionIntros?: SectionIntros;
  proactive: Proactive2021;
  applications: Applications2021;
  reviewLitigation: ReviewLitigation;
  problems: SectionText;
  otherMatters: SectionText;
  closing?: Closing;
}
/**
 * 二、主动公开政府信息情况（2021年版）
 */
export interface Proactive2021 {
  /**
   * 第二十条第（一）项 规章
   */
  regulations: {
    issued: Count;
    repealed: Count;
    inForce: Count;
  };
  /**
   * 第二十条第（一）项 行政规范性文件
   */
  normativeDocuments: {
    issued: Count;
    repealed: Count;
    inForce: Count;
  };
  /**
   * 第二十条第（五）项 行政许可
   */
  licensing: {
    decisions: Count;
  };
  /**
   * 第二十条第（六）项 行政处罚
   */
  punishment: {
    decisions: Count;
  };
  /**
   * 第二十条第（六）项 行政强制
   */
  enforcement: {
    decisions: Count;
  };
  /**
   * 第二十条第（八）项 行政事业性收费
   */
  fees: {
    amount: Amount;
  };
}
/**
 * 三、收到和处理政府信息公开申请情况
 */
export interface Applications2021 {
  received: ApplicantRow;
  carriedOver: ApplicantRow;
  /**
   * 三、本年度办理结果
   */
  results: {
    disclosed: ApplicantRow;
    partiallyDisclosed: ApplicantRow;
    /**
     * （三）不予公开
     */
    withheld: {
      stateSecret: ApplicantRow;
      prohibitedByLaw: ApplicantRow;
      threeSecurityOneStability: ApplicantRow;
      thirdPartyRights: ApplicantRow;
      internalAffairs: ApplicantRow;
      processInformation: ApplicantRow;
      enforcementFiles: ApplicantRow;
      administrativeQuery: ApplicantRow;
    };
    /**
     * （四）无法提供
     */
    unavailable: {
      notHeld: ApplicantRow;
      needsCreation: ApplicantRow;
      unclearAfterCorrection: ApplicantRow;
    };
    /**
     * （五）不予处理
     */
    notProcessed: {
      complaint: ApplicantRow;
      duplicate: ApplicantRow;
      publication: ApplicantRow;
      excessive: ApplicantRow;
      confirmOrReissue: ApplicantRow;
    };
    /**
     * （六）其他处理
     */
    otherHandling: {
      overdueCorrection: ApplicantRow;
      overdueFee: ApplicantRow;
      other: ApplicantRow;
    };
    total?: ApplicantRow;
  };
  carriedForward: ApplicantRow;
}
