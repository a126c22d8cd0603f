/** Strings of the inspector's phone page, the citizen's report and the photo widgets, zh first. */
import { useCallback } from 'react';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';

const zh = {
  'ph.add': '拍照/选照片',
  'ph.remove': '移除',
  'ph.max': '最多 {n} 张',
  'ph.stage.report': '上报照片',
  'ph.stage.feedback': '处置反馈照片',
  'ph.stage.verification': '核查照片',
  'ph.stage.other': '补充照片',
  'ph.none': '暂无照片',
  'ph.photos': '照片',
  'ph.uploading': '正在上传照片…',
  'ph.saving': '正在提交…',
  'ph.attach': '附照片',
  'ins.title': '网格巡查',
  'ins.report': '上报问题',
  'ins.verify': '待核查',
  'ins.category': '问题类别',
  'ins.categoryHint': '输入关键字搜索，如“垃圾”“井盖”',
  'ins.place': '所在街道/居委',
  'ins.location': '位置',
  'ins.locate': '获取当前位置',
  'ins.locating': '正在定位…',
  'ins.located': '已定位 {lat}, {lon}（精度约 {acc} 米）',
  'ins.locateFailed': '无法获取位置（{why}），请填写地址',
  'ins.locateUnsupported': '此浏览器不支持定位，请填写地址',
  'ins.address': '地址/参照物',
  'ins.addressHint': '如：东长治路 505 号门口',
  'ins.manual': '手动填写坐标',
  'ins.lat': '纬度',
  'ins.lon': '经度',
  'ins.description': '问题描述',
  'ins.descriptionHint': '看到了什么、多大范围、是否影响通行',
  'ins.submit': '提交上报',
  'ins.submitted': '已上报',
  'ins.orderNo': '工单编号 {no}',
  'ins.again': '再报一件',
  'ins.open': '查看工单',
  'ins.required': '请填写此项',
  'ins.emptyVerify': '暂无待核查的工单',
  'ins.feedbackBy': '{name} 反馈于 {at}',
  'ins.pass': '核查通过',
  'ins.fail': '不通过',
  'ins.outcome': '结案结果',
  'ins.comment': '核查意见',
  'ins.reason': '不通过的理由',
  'ins.reasonHint': '说明哪里未处置到位，处置单位将重新处置',
  'ins.passDone': '已核查通过并结案',
  'ins.failDone': '已退回重新处置',
  'ins.verifying': '核查中',
  'ins.unit': '处置单位',
  'ins.count': '共 {n} 件',
  'ins.refresh': '刷新',
} as const;

export type InspectorMessageKey = keyof typeof zh;

const en: Record<InspectorMessageKey, string> = {
  'ph.add': 'Take or choose photos',
  'ph.remove': 'Remove',
  'ph.max': 'At most {n}',
  'ph.stage.report': 'Reported',
  'ph.stage.feedback': 'Handling feedback',
  'ph.stage.verification': 'Verification',
  'ph.stage.other': 'Added',
  'ph.none': 'No photos',
  'ph.photos': 'Photos',
  'ph.uploading': 'Uploading photos…',
  'ph.saving': 'Submitting…',
  'ph.attach': 'Photos',
  'ins.title': 'Grid inspection',
  'ins.report': 'Report a problem',
  'ins.verify': 'To verify',
  'ins.category': 'Category',
  'ins.categoryHint': 'Type to search, e.g. 垃圾 or 井盖',
  'ins.place': 'Street / committee',
  'ins.location': 'Location',
  'ins.locate': 'Use my location',
  'ins.locating': 'Locating…',
  'ins.located': 'Located {lat}, {lon} (about {acc} m)',
  'ins.locateFailed': 'No location ({why}): give the address',
  'ins.locateUnsupported': 'This browser cannot locate: give the address',
  'ins.address': 'Address / landmark',
  'ins.addressHint': 'e.g. outside 505 Dongchangzhi Road',
  'ins.manual': 'Enter coordinates',
  'ins.lat': 'Latitude',
  'ins.lon': 'Longitude',
  'ins.description': 'What is wrong',
  'ins.descriptionHint': 'What you saw, how large, whether it blocks the way',
  'ins.submit': 'Submit',
  'ins.submitted': 'Reported',
  'ins.orderNo': 'Order {no}',
  'ins.again': 'Report another',
  'ins.open': 'Open the order',
  'ins.required': 'Required',
  'ins.emptyVerify': 'Nothing to verify',
  'ins.feedbackBy': 'Fed back by {name} at {at}',
  'ins.pass': 'Verified',
  'ins.fail': 'Not done',
  'ins.outcome': 'Outcome',
  'ins.comment': 'Verification note',
  'ins.reason': 'Why it is not done',
  'ins.reasonHint': 'Say what is still wrong; the unit handles it again',
  'ins.passDone': 'Verified and closed',
  'ins.failDone': 'Sent back for handling',
  'ins.verifying': 'Verifying',
  'ins.unit': 'Handled by',
  'ins.count': 'Orders: {n}',
  'ins.refresh': 'Refresh',
};

const messages = { zh, en } as const;

export function insTranslate(
  lang: Lang,
  key: InspectorMessageKey,
  vars?: Record<string, string | number>,
): string {
  const template: string = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function useInsT() {
  const locale = useLocale();
  const { lang } = locale;
  const it = useCallback(
    (key: InspectorMessageKey, vars?: Record<string, string | number>) => insTranslate(lang, key, vars),
    [lang],
  );
  return { ...locale, it };
}
