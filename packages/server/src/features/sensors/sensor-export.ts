import type { SensorRow } from './sensors.repository';

type Cell = string | number | null;
type Column = { header: string; value: (s: SensorRow) => Cell };

const shanghai = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;

/**
 * The registry list's columns for CSV and XLSX, in Chinese or English; the first ten are the
 * import's columns, so an export can be edited and imported again.
 */
export function sensorExportColumns(lang: 'zh' | 'en' = 'zh'): Column[] {
  const zh = lang === 'zh';
  return [
    { header: 'id', value: (s) => s.id },
    { header: 'type', value: (s) => s.typeCode },
    { header: 'model', value: (s) => s.model },
    { header: 'street', value: (s) => s.streetName },
    { header: 'committee', value: (s) => s.committeeName },
    { header: 'latitude', value: (s) => s.latitude },
    { header: 'longitude', value: (s) => s.longitude },
    { header: 'address', value: (s) => s.address },
    { header: 'interval_s', value: (s) => s.intervalS },
    { header: 'installed_at', value: (s) => s.installedAt },
    { header: zh ? '类型名称' : 'type name', value: (s) => (zh ? s.typeName : s.typeNameEn) },
    {
      header: zh ? '在线' : 'online',
      value: (s) => (s.online ? (zh ? '在线' : 'online') : zh ? '离线' : 'offline'),
    },
    { header: zh ? '最后上报' : 'last seen', value: (s) => shanghai(s.lastSeenAt) },
    { header: zh ? '启用' : 'active', value: (s) => (s.active ? (zh ? '是' : 'yes') : zh ? '否' : 'no') },
    { header: zh ? '未处理告警' : 'open alarms', value: (s) => s.openAlarms },
  ];
}
