/**
 * The words of the layout corpus: agency names built from administrative parts, officialese prose
 * that states no count (so the text-table check has nothing to contradict), contact details with long
 * Latin runs, and paragraphs of an exact number of full lines. Everything is drawn from a seeded
 * generator, so a seed always gives the same corpus.
 */

/** A small, fast, seedable generator (mulberry32). */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** an integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

export type AgencyLevel = "national" | "province" | "city" | "county" | "township" | "department";

/** Parts of an agency name, outermost first; each ends at an administrative boundary. */
const PROVINCES = ["浙江省", "黑龙江省", "广东省", "内蒙古自治区", "广西壮族自治区", "新疆维吾尔自治区"];
const PREFECTURES = ["杭州市", "双鸭山市", "韶关市", "锡林郭勒盟", "大兴安岭地区", "延边朝鲜族自治州", "伊犁哈萨克自治州"];
const COUNTIES = ["云溪县", "饶河县", "西湖区", "乳源瑶族自治县", "鄂伦春自治旗", "察布查尔锡伯自治县"];
const TOWNSHIPS = ["城关镇", "小佳河镇", "五道河乡", "新华街道", "孙扎齐牛录镇", "北山街道办事处"];
const GOVERNMENT = ["人民政府", "人民政府办公室"];
const TOWNSHIP_OFFICES = [...GOVERNMENT, "人民政府党政综合办公室"];
const DEPARTMENTS = [
  "财政局",
  "教育局",
  "审计局",
  "发展和改革委员会",
  "自然资源和规划局",
  "市场监督管理局",
  "住房和城乡建设局",
  "人力资源和社会保障局",
  "政务服务和大数据管理局",
  "卫生健康委员会",
];
/** central organs whose names stand alone, from four characters up */
const NATIONAL = ["海关总署", "国家统计局", "国家林业和草原局", "国家市场监督管理总局", "国家知识产权局"];

export interface AgencyName {
  readonly name: string;
  readonly level: AgencyLevel;
}

function* agencyNames(): Generator<AgencyName> {
  for (const name of NATIONAL) yield { name, level: "national" };
  for (const province of PROVINCES) {
    for (const g of GOVERNMENT) yield { name: province + g, level: "province" };
    for (const d of DEPARTMENTS) yield { name: province + d, level: "department" };
    for (const prefecture of PREFECTURES) {
      for (const g of GOVERNMENT) yield { name: province + prefecture + g, level: "city" };
      for (const d of DEPARTMENTS) yield { name: province + prefecture + d, level: "department" };
      for (const county of COUNTIES) {
        for (const g of GOVERNMENT) yield { name: province + prefecture + county + g, level: "county" };
        for (const d of DEPARTMENTS) yield { name: province + prefecture + county + d, level: "department" };
        for (const township of TOWNSHIPS) {
          for (const g of TOWNSHIP_OFFICES) yield { name: province + prefecture + county + township + g, level: "township" };
        }
      }
    }
  }
  for (const prefecture of PREFECTURES) for (const g of GOVERNMENT) yield { name: prefecture + g, level: "city" };
  for (const county of COUNTIES) {
    for (const g of GOVERNMENT) yield { name: county + g, level: "county" };
    for (const d of DEPARTMENTS) yield { name: county + d, level: "department" };
    for (const township of TOWNSHIPS) for (const g of GOVERNMENT) yield { name: county + township + g, level: "township" };
  }
  for (const township of TOWNSHIPS) for (const g of GOVERNMENT) yield { name: township + g, level: "township" };
}

let byLength: Map<number, AgencyName[]> | undefined;

/** An agency name of exactly `length` characters (4 to 40 are all available). */
export function agencyNameOfLength(random: Random, length: number): AgencyName {
  if (!byLength) {
    byLength = new Map();
    for (const agency of agencyNames()) {
      const n = [...agency.name].length;
      if (!byLength.has(n)) byLength.set(n, []);
      byLength.get(n)!.push(agency);
    }
  }
  const names = byLength.get(length);
  if (!names) throw new Error(`no agency name of ${length} characters`);
  return random.pick(names);
}

/** A township government, the most common kind of report. */
export function townshipName(random: Random): AgencyName {
  return { name: random.pick(COUNTIES) + random.pick(TOWNSHIPS) + "人民政府", level: "township" };
}

/** A city government. */
export function cityName(random: Random): AgencyName {
  return { name: random.pick(PROVINCES) + random.pick(PREFECTURES) + "人民政府", level: "city" };
}

const SUBJECTS = ["我单位", "本机关", "我们", "各相关科室", "政务公开工作领导小组", "办公室"];
const ADVERBS = ["坚持", "持续", "进一步", "认真", "积极", "扎实", "全面", "切实"];
const ACTIONS = [
  "推进政务公开标准化规范化建设",
  "做好政策文件的发布和解读工作",
  "落实信息发布前的保密审查制度",
  "完善政府信息公开指南和目录",
  "加强政府网站信息公开专栏的日常维护",
  "规范依申请公开的受理、办理和答复流程",
  "做好重点领域信息的主动公开",
  "健全政务公开工作考核和监督机制",
  "开展政务公开业务培训和交流",
  "推动政务新媒体与门户网站协同发布",
  "加强历史文件的清理和归档",
  "提升公开信息的准确性和时效性",
];
const CONNECTORS = ["，", "，并", "，同时", "，着力", "，不断"];
const ENDINGS = [
  "，取得了较好成效。",
  "，群众满意度有所提升。",
  "，公开质量进一步提高。",
  "，确保各项工作落到实处。",
  "。",
];

/** One sentence of officialese that states no count. */
export function sentence(random: Random): string {
  let text = random.pick(SUBJECTS) + random.pick(ADVERBS) + random.pick(ACTIONS);
  const clauses = random.int(0, 2);
  for (let i = 0; i < clauses; i++) text += random.pick(CONNECTORS) + random.pick(ADVERBS) + random.pick(ACTIONS);
  return text + random.pick(ENDINGS);
}

/** A paragraph of about `chars` characters (whole sentences, at least one). */
export function paragraph(random: Random, chars: number): string {
  let text = sentence(random);
  while ([...text].length < chars) text += sentence(random);
  return text;
}

/** Full-width characters that never begin or end a line badly (no punctuation). */
const LINE_FILL = "政府信息公开工作稳步推进公开内容更加全面公开渠道更加畅通群众获得感进一步增强";

/**
 * A paragraph of exactly `lines` full lines at 28 characters to the line, the first indented two:
 * ideographs only, so every line holds exactly 28 and the closing full stop ends the last.
 */
export function paragraphOfLines(random: Random, lines: number): string {
  const length = 28 * lines - 2;
  const start = random.int(0, LINE_FILL.length - 1);
  let text = "";
  for (let i = 0; text.length < length - 1; i++) text += LINE_FILL[(start + i) % LINE_FILL.length];
  return `${text}。`;
}

/** Contact details with long Latin runs (URLs, e-mail addresses, phone numbers), as real preambles carry them. */
export function contactDetails(random: Random, agency: string, year: number): string {
  const host = random.pick(["www.yunxi.gov.cn", "zwgk.raohe.gov.cn", "www.hangzhou-xihu-district.gov.cn", "xxgk.yanbian-autonomous-prefecture.gov.cn"]);
  const url = random.pick([
    `http://${host}`,
    `https://${host}/zwgk/zfxxgk/ndbg/${year}/t${year + 1}0120_${random.int(1000000, 9999999)}.html`,
    `https://${host}/col/col${random.int(100000, 999999)}/index.html?uid=${random.int(1000000, 9999999)}&pageNum=1`,
  ]);
  const mail = random.pick(["zwgk@163.com", `xxgk_office_${year}@${host.replace(/^www\./, "")}`, "government.information.disclosure@example.gov.cn"]);
  const phone = random.pick([`0469-${random.int(5000000, 5999999)}`, `(0571)${random.int(80000000, 89999999)}`, `400-${random.int(100, 999)}-${random.int(1000, 9999)}`, `1${random.int(3000000000, 9999999999)}`]);
  return `本报告电子版可在${agency}门户网站（${url}）“政府信息公开”专栏下载。如对本报告有疑问，请与${agency}联系（电话：${phone}，电子邮箱：${mail}）。`;
}
