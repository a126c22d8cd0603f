/**
 * 传感器台账导入: the columns of an import file, how a header written in Chinese or English maps
 * onto them, and the check of every row — pure, so a file of 61,000 rows is checked in memory
 * before one batch is written, and each bad row is named with the fields at fault.
 */
import type { PlaceIndex } from './sensor-registry';
import {
  checkCoordinates,
  checkInterval,
  checkSensorId,
  resolvePlace,
  type SensorFieldError,
} from './sensor-registry';

/** The columns of the import template, in order. */
export const SENSOR_IMPORT_COLUMNS = [
  'id',
  'type',
  'model',
  'street',
  'committee',
  'latitude',
  'longitude',
  'address',
  'interval_s',
  'installed_at',
] as const;
export type SensorImportColumn = (typeof SENSOR_IMPORT_COLUMNS)[number] | 'place';

/** What each column means, for the template's second header line and the docs. */
export const SENSOR_IMPORT_COLUMN_TITLES: Record<SensorImportColumn, { zh: string; en: string }> = {
  id: { zh: '设备编号', en: 'device id' },
  type: { zh: '传感器类型（编码或名称）', en: 'sensor type (code or name)' },
  model: { zh: '型号', en: 'model' },
  street: { zh: '街道（名称或区划代码）', en: 'street (name or division code)' },
  committee: { zh: '居委会（名称或区划代码）', en: 'residents’ committee (name or division code)' },
  place: { zh: '街道/居委会', en: 'street or committee' },
  latitude: { zh: '纬度', en: 'latitude' },
  longitude: { zh: '经度', en: 'longitude' },
  address: { zh: '安装地址', en: 'address' },
  interval_s: { zh: '上报间隔（秒）', en: 'reporting interval (s)' },
  installed_at: { zh: '安装日期', en: 'installation date' },
};

const ALIASES: Record<SensorImportColumn, readonly string[]> = {
  id: ['id', 'sensorid', 'deviceid', '设备编号', '传感器编号', '设备id', '编号'],
  type: ['type', 'typecode', 'sensortype', '类型', '传感器类型', '设备类型', '类型编码'],
  model: ['model', '型号', '设备型号'],
  street: ['street', 'streetcode', '街道', '所属街道', '街镇'],
  committee: ['committee', 'committeecode', '居委会', '所属居委会', '居委', '社区'],
  place: ['place', 'street/committee', '街道/居委会', '地点', '所属区域'],
  latitude: ['latitude', 'lat', '纬度'],
  longitude: ['longitude', 'lng', 'lon', 'long', '经度'],
  address: ['address', '地址', '安装地址', '安装位置'],
  interval_s: [
    'interval_s',
    'intervals',
    'interval',
    'reportinginterval',
    '上报间隔',
    '上报间隔秒',
    '上报间隔(秒)',
  ],
  installed_at: ['installed_at', 'installedat', 'installdate', '安装日期', '安装时间'],
};

const normalizeHeader = (h: string) =>
  h
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s（）]/g, (c) => (c === '（' ? '(' : c === '）' ? ')' : ''));

const ALIAS_INDEX = new Map<string, SensorImportColumn>(
  (Object.entries(ALIASES) as [SensorImportColumn, readonly string[]][]).flatMap(([col, names]) =>
    names.map((n) => [normalizeHeader(n), col] as const),
  ),
);

/**
 * Which column of the file holds which field. Unknown headers are ignored; a file without an
 * `id`, a `type`, coordinates and a street, committee or place column is refused as a whole.
 */
export function mapImportHeader(header: readonly unknown[]): {
  columns: Partial<Record<SensorImportColumn, number>>;
  missing: SensorImportColumn[];
} {
  const columns: Partial<Record<SensorImportColumn, number>> = {};
  header.forEach((h, i) => {
    const col = ALIAS_INDEX.get(normalizeHeader(h === null || h === undefined ? '' : String(h)));
    if (col && columns[col] === undefined) columns[col] = i;
  });
  const missing = (['id', 'type', 'latitude', 'longitude'] as const).filter((c) => columns[c] === undefined);
  const hasPlace =
    columns.street !== undefined || columns.committee !== undefined || columns.place !== undefined;
  return { columns, missing: hasPlace ? [...missing] : [...missing, 'street'] };
}

/** A cell as read from CSV (text) or XLSX (text, number, boolean or date). */
export type ImportCell = string | number | boolean | Date | null | undefined;

/** A row that passed every check, ready to be stored. */
export type SensorImportCandidate = {
  row: number;
  id: string;
  typeCode: string;
  model: string | null;
  streetId: string;
  committeeId: string | null;
  latitude: number;
  longitude: number;
  address: string | null;
  intervalS: number;
  /** YYYY-MM-DD */
  installedAt: string | null;
};

export type SensorImportError = { row: number } & SensorFieldError;

/** A sensor type as the import finds it: by code, Chinese name or English name. */
export type ImportType = { code: string; name: string; nameEn: string | null; defaultIntervalS: number };

export type ImportLookups = {
  types: readonly ImportType[];
  places: PlaceIndex;
  /** Whether the importing account may place a sensor in this street (its scope). */
  mayPlaceIn: (street: { id: string; path: string }) => boolean;
};

/** A row with no cell filled in: skipped, as a spreadsheet's empty lines are. */
export const isBlankRow = (cells: readonly ImportCell[]) => cells.every((c) => text(c) === '');

function text(v: ImportCell): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return String(v).trim();
}

const number = (v: ImportCell): number | null | undefined => {
  if (typeof v === 'number') return v;
  const s = text(v);
  if (!s) return null;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : undefined;
};

/**
 * An installation date as `YYYY-MM-DD`: a spreadsheet date cell, `2025-03-01`, `2025/3/1` or
 * `2025-03-01 09:30` (the time is dropped). Not after today in Shanghai.
 */
export function parseInstalledAt(v: ImportCell, now = new Date()): string | null | undefined {
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined;
    const d = v.toISOString().slice(0, 10);
    return d > today ? undefined : d;
  }
  const s = text(v);
  if (!s) return null;
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  const iso = check.toISOString().slice(0, 10);
  return iso > today || y < 1990 ? undefined : iso;
}

/**
 * Check the data rows of an import file. `rows[i].cells` are the file's cells, `rows[i].row`
 * the row number a spreadsheet shows (the header is row 1). A row with any fault is left out
 * whole and reported once per field; an id seen earlier in the file is a fault of the later row
 * (also across slices of one file checked with the same `seen`).
 *
 * @example
 * const { candidates, errors } = checkImportRows(rows, mapImportHeader(header).columns, lookups);
 */
export function checkImportRows(
  rows: readonly { row: number; cells: readonly ImportCell[] }[],
  columns: Partial<Record<SensorImportColumn, number>>,
  lookups: ImportLookups,
  now = new Date(),
  /** Ids seen in earlier rows (by row): pass the same map to check a file in slices. */
  seen = new Map<string, number>(),
): { candidates: SensorImportCandidate[]; errors: SensorImportError[]; badRows: number } {
  const typeIndex = new Map<string, ImportType>();
  for (const t of lookups.types)
    for (const key of [t.code, t.code.toLowerCase(), t.name, t.nameEn?.toLowerCase()])
      if (key && !typeIndex.has(key)) typeIndex.set(key, t);
  const candidates: SensorImportCandidate[] = [];
  const errors: SensorImportError[] = [];
  let badRows = 0;
  const cell = (cells: readonly ImportCell[], col: SensorImportColumn) =>
    columns[col] === undefined ? undefined : cells[columns[col]];

  for (const { row, cells } of rows) {
    const rowErrors: SensorFieldError[] = [];
    const id = text(cell(cells, 'id'));
    rowErrors.push(...checkSensorId(id));
    const earlier = id ? seen.get(id) : undefined;
    if (earlier !== undefined)
      rowErrors.push({
        field: 'id',
        zh: `设备编号与第 ${earlier} 行重复`,
        en: `the device id repeats row ${earlier}`,
      });
    else if (id) seen.set(id, row);

    const typeText = text(cell(cells, 'type'));
    const type = typeText ? (typeIndex.get(typeText) ?? typeIndex.get(typeText.toLowerCase())) : undefined;
    if (!typeText) rowErrors.push({ field: 'type', zh: '缺少传感器类型', en: 'the sensor type is required' });
    else if (!type)
      rowErrors.push({
        field: 'type',
        zh: `未知的传感器类型“${typeText}”`,
        en: `unknown sensor type “${typeText}”`,
      });

    const place = resolvePlace(lookups.places, {
      street: text(cell(cells, 'street')),
      committee: text(cell(cells, 'committee')),
      place: text(cell(cells, 'place')),
    });
    rowErrors.push(...place.errors);
    if (place.street && !place.errors.length && !lookups.mayPlaceIn(place.street))
      rowErrors.push({
        field:
          columns.street !== undefined ? 'street' : columns.committee !== undefined ? 'committee' : 'place',
        zh: '该街道不在您的管辖范围内',
        en: 'that street is outside your scope',
      });

    const latitude = number(cell(cells, 'latitude'));
    const longitude = number(cell(cells, 'longitude'));
    if (latitude === undefined)
      rowErrors.push({ field: 'latitude', zh: '纬度须为数字', en: 'the latitude must be a number' });
    if (longitude === undefined)
      rowErrors.push({ field: 'longitude', zh: '经度须为数字', en: 'the longitude must be a number' });
    rowErrors.push(
      ...checkCoordinates(latitude ?? null, longitude ?? null).filter(
        (e) =>
          !(e.field === 'latitude' && latitude === undefined) &&
          !(e.field === 'longitude' && longitude === undefined),
      ),
    );

    const intervalCell = number(cell(cells, 'interval_s'));
    let intervalS = type?.defaultIntervalS ?? 0;
    if (intervalCell === undefined)
      rowErrors.push({
        field: 'interval_s',
        zh: '上报间隔须为整数秒',
        en: 'the reporting interval must be a whole number of seconds',
      });
    else if (intervalCell !== null) {
      intervalS = intervalCell;
      rowErrors.push(...checkInterval(intervalCell, 'interval_s'));
    }

    const installedAt = parseInstalledAt(cell(cells, 'installed_at'), now);
    if (installedAt === undefined)
      rowErrors.push({
        field: 'installed_at',
        zh: '安装日期须为 YYYY-MM-DD 格式且不晚于今天',
        en: 'the installation date must be YYYY-MM-DD and not in the future',
      });

    const model = text(cell(cells, 'model'));
    const address = text(cell(cells, 'address'));
    if (model.length > 100)
      rowErrors.push({
        field: 'model',
        zh: '型号最多 100 个字符',
        en: 'the model has at most 100 characters',
      });
    if (address.length > 300)
      rowErrors.push({
        field: 'address',
        zh: '地址最多 300 个字符',
        en: 'the address has at most 300 characters',
      });

    if (rowErrors.length) {
      badRows++;
      for (const e of rowErrors) errors.push({ row, ...e });
      continue;
    }
    candidates.push({
      row,
      id,
      typeCode: type!.code,
      model: model || null,
      streetId: place.street!.id,
      committeeId: place.committee?.id ?? null,
      latitude: latitude!,
      longitude: longitude!,
      address: address || null,
      intervalS,
      installedAt: installedAt ?? null,
    });
  }
  return { candidates, errors, badRows };
}
