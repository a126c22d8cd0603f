import { unit3 } from './sensor-models';

/**
 * What 12345 callers in the district say, by the category the operator files it under: the
 * 12345 kinds (H-…) and the street-level 事件 a hotline call is most often about. `{road}`,
 * `{place}` (the committee) and `{n}` are filled in per call. Written for the demo; not real calls.
 */
export const HOTLINE_CALLS: { categoryCode: string; weight: number; texts: string[] }[] = [
  {
    categoryCode: 'H-complaint',
    weight: 26,
    texts: [
      '市民来电反映{place}{road}{n}号楼下餐饮店每晚营业至凌晨，顾客喧哗严重影响休息，要求相关部门处理。',
      '来电人反映{road}沿线共享单车长期乱停放，占用盲道和人行道，老人出行不便，要求清理。',
      '市民反映{place}小区物业长期不清运楼道堆物，存在消防隐患，多次与物业沟通无果。',
      '来电反映{road}{n}号附近工地夜间22点后仍在施工，噪声扰民，要求查处。',
      '市民投诉{place}附近菜场周边流动摊贩占道经营，早高峰通行困难。',
      '来电人反映所住{place}辖区{road}{n}号楼电梯近一个月多次停运，物业维修不及时，家中有老人上下楼困难。',
      '市民反映{road}一家饭店油烟直排，住户窗户常年油污，要求督促安装油烟净化设备。',
    ],
  },
  {
    categoryCode: 'H-help',
    weight: 14,
    texts: [
      '来电人称家住{place}辖区{road}{n}号，家中独居老人突发不适后行动不便，希望社区上门了解情况并提供帮助。',
      '市民反映{place}辖区{road}{n}号楼顶水箱漏水，楼道积水严重，请求协调维修。',
      '来电人称{place}小区地下车库入口积水，车辆无法进出，请求排水。',
      '市民反映家门口{road}路灯连续数晚不亮，夜间出行不安全，请求尽快修复。',
    ],
  },
  {
    categoryCode: 'H-consult',
    weight: 18,
    texts: [
      '来电咨询在{place}办理居住证需要准备哪些材料，是否可以在街道社区事务受理服务中心办理。',
      '市民咨询老旧小区加装电梯的申请流程和补贴政策，所住为{place}辖区{road}{n}号楼。',
      '来电人咨询生活垃圾分类中大件垃圾的预约清运方式及收费标准。',
      '市民咨询{road}附近新开通的公交线路首末班时间及站点设置。',
      '来电咨询社区养老服务中心（长者照护之家）的入住条件和费用。',
    ],
  },
  {
    categoryCode: 'H-suggestion',
    weight: 8,
    texts: [
      '市民建议在{road}与{road2}路口增设行人过街信号灯，目前学生上下学过马路存在安全隐患。',
      '来电人建议{place}附近口袋公园增加座椅和遮阳设施，方便老人休息。',
      '市民建议在{road}沿线增设非机动车停放点，缓解乱停放问题。',
    ],
  },
  {
    categoryCode: 'H-report',
    weight: 6,
    texts: [
      '来电举报{place}辖区{road}{n}号一套住房被隔成多间出租，居住十余人，存在群租安全隐患。',
      '市民举报{road}{n}号底层商铺私自拆改承重墙，要求查处。',
      '来电举报{road}附近有人在夜间向雨水井倾倒废油。',
    ],
  },
  {
    categoryCode: 'E-0505',
    weight: 8,
    texts: [
      '市民来电反映{road}{n}号门口机动车长期违停占用消防通道，多次劝说无效。',
      '来电人反映{place}小区门口车辆乱停，早晚高峰救护车无法通行。',
    ],
  },
  {
    categoryCode: 'E-0102',
    weight: 6,
    texts: [
      '市民反映{road}{n}号附近绿化带内有成堆生活垃圾，已有异味，要求清运。',
      '来电人反映{place}垃圾箱房外堆放大量垃圾袋，无人清理。',
    ],
  },
  {
    categoryCode: 'E-0406',
    weight: 5,
    texts: [
      '来电反映{road}{n}号附近路面积水约20厘米，行人和非机动车无法通行。',
      '市民反映雨后{road}下立交积水严重，车辆涉水熄火。',
    ],
  },
  {
    categoryCode: 'E-0301',
    weight: 5,
    texts: ['市民反映{road}{n}号工地每天清晨6点前开始打桩，噪声很大，要求限制施工时间。'],
  },
  {
    categoryCode: 'E-0201',
    weight: 4,
    texts: ['来电反映{place}楼道及{road}沿线电线杆上被大量张贴小广告，影响市容。'],
  },
];

const ROADS = [
  '四平路',
  '大连路',
  '曲阳路',
  '广中路',
  '四川北路',
  '溧阳路',
  '海宁路',
  '吴淞路',
  '周家嘴路',
  '临平路',
  '海伦路',
  '嘉兴路',
  '宝山路',
  '凉城路',
  '水电路',
  '黄渡路',
  '东长治路',
  '天潼路',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗';

export type HotlineCall = {
  categoryCode: string;
  description: string;
  reporterName: string;
  reporterPhone: string;
  /** Which of the places handed to `hotlineCall` the call is about. */
  placeIndex: number;
};

/**
 * The n-th simulated 12345 call of a run (deterministic for a seed): a category weighted as
 * the hotline sees them, a description naming a road and the committee, a caller.
 *
 * @example
 * const call = hotlineCall(42, 7, committees.map((c) => c.name));
 * await createWorkOrder(ctx, operator, { ...call, source: 'hotline', placeUnitId: committees[call.placeIndex].id });
 */
export function hotlineCall(seed: number, n: number, placeNames: string[]): HotlineCall {
  const total = HOTLINE_CALLS.reduce((s, c) => s + c.weight, 0);
  let pick = unit3(seed, n, 1) * total;
  const kind = HOTLINE_CALLS.find((c) => (pick -= c.weight) < 0) ?? HOTLINE_CALLS[0]!;
  const text = kind.texts[Math.floor(unit3(seed, n, 2) * kind.texts.length)]!;
  const placeIndex = Math.floor(unit3(seed, n, 3) * Math.max(1, placeNames.length));
  const road = ROADS[Math.floor(unit3(seed, n, 4) * ROADS.length)]!;
  const road2 =
    ROADS[(ROADS.indexOf(road) + 1 + Math.floor(unit3(seed, n, 5) * (ROADS.length - 1))) % ROADS.length]!;
  const description = text
    .replace('{place}', placeNames[placeIndex] ?? '')
    .replace('{road2}', road2)
    .replace('{road}', road)
    .replace('{n}', String(1 + Math.floor(unit3(seed, n, 6) * 800)));
  const surname = SURNAMES[Math.floor(unit3(seed, n, 7) * SURNAMES.length)]!;
  const phone = `1${['39', '38', '58', '86', '37', '52'][Math.floor(unit3(seed, n, 8) * 6)]}${String(Math.floor(unit3(seed, n, 9) * 1e8)).padStart(8, '0')}`;
  return {
    categoryCode: kind.categoryCode,
    description,
    reporterName: `${surname}${unit3(seed, n, 10) < 0.5 ? '先生' : '女士'}`,
    reporterPhone: phone,
    placeIndex,
  };
}
