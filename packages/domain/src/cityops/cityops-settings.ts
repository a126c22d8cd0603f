/**
 * The numeric settings of city operations (table cityops_setting) and the range each may take,
 * checked by the server and by the settings form alike.
 *
 * @example
 * checkCityopsSetting('duplicate.windowDays', 0.5); // { zh: '…', en: 'a whole number of days from 1 to 90' }
 */
export const CITYOPS_SETTINGS = {
  /** 疑似重复 — open orders of the same category within this distance are offered as duplicates */
  'duplicate.radiusMetres': { min: 10, max: 5000, integer: true, unit: { zh: '米', en: 'metres' } },
  /** … reported within this many days */
  'duplicate.windowDays': { min: 1, max: 90, integer: true, unit: { zh: '天', en: 'days' } },
  /** 督办 not acknowledged: remind the unit every this many working hours */
  'reminder.everyWorkingHours': {
    min: 1,
    max: 40,
    integer: false,
    unit: { zh: '工作时', en: 'working hours' },
  },
} as const;

export type CityopsSettingKey = keyof typeof CITYOPS_SETTINGS;

export const isCityopsSettingKey = (key: string): key is CityopsSettingKey => key in CITYOPS_SETTINGS;

/** Why a value is refused for a setting (zh and en), or null when it is fine. */
export function checkCityopsSetting(
  key: CityopsSettingKey,
  value: number,
): { zh: string; en: string } | null {
  const s = CITYOPS_SETTINGS[key];
  if (Number.isFinite(value) && value >= s.min && value <= s.max && (!s.integer || Number.isInteger(value)))
    return null;
  return {
    zh: `须为 ${s.min}–${s.max} ${s.unit.zh}${s.integer ? '的整数' : ''}`,
    en: `must be ${s.integer ? 'a whole number of ' : ''}${s.unit.en} from ${s.min} to ${s.max}`,
  };
}
