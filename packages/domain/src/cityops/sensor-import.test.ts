import { describe, expect, it } from 'vitest';
import { parseCsvRecords, toCsvText } from './sensor-csv';
import {
  checkImportRows,
  isBlankRow,
  mapImportHeader,
  parseInstalledAt,
  type ImportLookups,
} from './sensor-import';
import { PlaceIndex, checkCoordinates, resolvePlace, type PlaceRef } from './sensor-registry';

const places: PlaceRef[] = [
  { id: 's-bwt', code: '310109018', name: '北外滩街道', kind: 'street', parentId: 'd', path: 'd/s-bwt' },
  { id: 's-qyl', code: '310109010', name: '曲阳路街道', kind: 'street', parentId: 'd', path: 'd/s-qyl' },
  {
    id: 'c-cz',
    code: '310109018001',
    name: '长治居委会',
    kind: 'committee',
    parentId: 's-bwt',
    path: 'd/s-bwt/c-cz',
  },
  {
    id: 'c-a',
    code: '310109010001',
    name: '同名居委会',
    kind: 'committee',
    parentId: 's-qyl',
    path: 'd/s-qyl/c-a',
  },
  {
    id: 'c-b',
    code: '310109018002',
    name: '同名居委会',
    kind: 'committee',
    parentId: 's-bwt',
    path: 'd/s-bwt/c-b',
  },
];
const index = new PlaceIndex(places);
const lookups: ImportLookups = {
  types: [{ code: 'water-level', name: '积水水位', nameEn: 'Water level', defaultIntervalS: 60 }],
  places: index,
  mayPlaceIn: () => true,
};

describe('parseCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps each record’s line', () => {
    const text = '\uFEFFid,address\r\nS1,"虹口区, ""北外滩"""\r\n\r\nS2,"two\nlines"\nS3,plain';
    expect(parseCsvRecords(text)).toEqual([
      { line: 1, fields: ['id', 'address'] },
      { line: 2, fields: ['S1', '虹口区, "北外滩"'] },
      { line: 4, fields: ['S2', 'two\nlines'] },
      { line: 6, fields: ['S3', 'plain'] },
    ]);
  });
  it('reads back what toCsvText wrote, formula-looking cells defused', () => {
    const text = toCsvText(
      ['a', 'b'],
      [
        ['x,y', '=SUM(A1)'],
        [1, null],
      ],
    );
    expect(parseCsvRecords(text).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x,y', "'=SUM(A1)"],
      ['1', ''],
    ]);
  });
});

describe('mapImportHeader', () => {
  it('maps English and Chinese headers, whatever their case and spaces', () => {
    const { columns, missing } = mapImportHeader([
      '设备编号',
      'Type',
      '纬度',
      ' Longitude ',
      '居委会',
      '上报间隔（秒）',
    ]);
    expect(columns).toMatchObject({ id: 0, type: 1, latitude: 2, longitude: 3, committee: 4, interval_s: 5 });
    expect(missing).toEqual([]);
  });
  it('names what a file lacks', () => {
    expect(mapImportHeader(['id', 'model']).missing).toEqual(['type', 'latitude', 'longitude', 'street']);
  });
});

describe('resolvePlace', () => {
  it('finds a street by short name and derives the street from a committee’s code', () => {
    expect(resolvePlace(index, { street: '北外滩', committee: '' }).street?.id).toBe('s-bwt');
    const r = resolvePlace(index, { street: '', committee: '310109018001' });
    expect([r.street?.id, r.committee?.id, r.errors]).toEqual(['s-bwt', 'c-cz', []]);
  });
  it('refuses a committee that is not in the street', () => {
    expect(resolvePlace(index, { street: '曲阳路街道', committee: '长治' }).errors[0]).toMatchObject({
      field: 'committee',
      zh: '该居委会不属于所填街道',
    });
  });
  it('asks for the street when two committees share a name, and uses it when given', () => {
    expect(resolvePlace(index, { street: '', committee: '同名居委会' }).errors[0]?.field).toBe('committee');
    expect(resolvePlace(index, { street: '曲阳路', committee: '同名居委会' }).committee?.id).toBe('c-a');
  });
  it('reads a combined place column as a committee or a street', () => {
    expect(resolvePlace(index, { street: '', committee: '', place: '长治居委会' }).street?.id).toBe('s-bwt');
    expect(resolvePlace(index, { street: '', committee: '', place: '北外滩街道' }).committee).toBeNull();
  });
});

describe('checkCoordinates', () => {
  it('refuses swapped coordinates and points outside Hongkou', () => {
    expect(checkCoordinates(121.5, 31.25).map((e) => e.field)).toEqual(['latitude', 'longitude']);
    expect(checkCoordinates(31.25, 121.5)).toEqual([]);
    expect(checkCoordinates(31.23 - 0.01, 121.5)[0]?.en).toContain('Hongkou');
  });
});

describe('parseInstalledAt', () => {
  const now = new Date('2026-11-27T03:00:00Z');
  it('reads dates in the usual spellings and refuses impossible or future ones', () => {
    expect(parseInstalledAt('2025/3/1', now)).toBe('2025-03-01');
    expect(parseInstalledAt('2025-03-01 09:30', now)).toBe('2025-03-01');
    expect(parseInstalledAt(new Date('2024-02-29T00:00:00Z'), now)).toBe('2024-02-29');
    expect(parseInstalledAt('', now)).toBeNull();
    expect(parseInstalledAt('2025-02-30', now)).toBeUndefined();
    expect(parseInstalledAt('2026-11-28', now)).toBeUndefined();
    expect(parseInstalledAt('next week', now)).toBeUndefined();
  });
});

describe('checkImportRows', () => {
  const header = [
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
  ];
  const { columns } = mapImportHeader(header);
  const row = (n: number, cells: (string | number | null)[]) => ({ row: n, cells });

  it('accepts good rows, with the type’s default interval when none is given', () => {
    const { candidates, errors } = checkImportRows(
      [
        row(2, [
          'WL-1',
          'water-level',
          'X1',
          '北外滩街道',
          '',
          '31.25',
          '121.50',
          '东大名路',
          '',
          '2025-01-02',
        ]),
      ],
      columns,
      lookups,
    );
    expect(errors).toEqual([]);
    expect(candidates).toEqual([
      {
        row: 2,
        id: 'WL-1',
        typeCode: 'water-level',
        model: 'X1',
        streetId: 's-bwt',
        committeeId: null,
        latitude: 31.25,
        longitude: 121.5,
        address: '东大名路',
        intervalS: 60,
        installedAt: '2025-01-02',
      },
    ]);
  });

  it('reports every fault of a bad row by field, and leaves the row out whole', () => {
    const { candidates, errors, badRows } = checkImportRows(
      [
        row(2, ['WL 1', '无此类型', '', '曲阳路街道', '长治居委会', 'north', 200, '', 5, '2099-01-01']),
        row(3, ['WL-2', '积水水位', '', '', '310109018001', 31.25, 121.5, '', 300, null]),
        row(4, ['WL-2', 'Water level', '', '北外滩', '', 31.25, 121.5, '', null, null]),
      ],
      columns,
      lookups,
    );
    expect(candidates.map((c) => c.id)).toEqual(['WL-2']);
    expect(badRows).toBe(2);
    expect(errors.filter((e) => e.row === 2).map((e) => e.field)).toEqual([
      'id',
      'type',
      'committee',
      'latitude',
      'longitude',
      'interval_s',
      'installed_at',
    ]);
    expect(errors.filter((e) => e.row === 4)).toEqual([
      { row: 4, field: 'id', zh: '设备编号与第 3 行重复', en: 'the device id repeats row 3' },
    ]);
  });

  it('refuses a street outside the importer’s scope', () => {
    const { errors } = checkImportRows(
      [row(2, ['WL-3', 'water-level', '', '曲阳路街道', '', 31.28, 121.49, '', '', ''])],
      columns,
      { ...lookups, mayPlaceIn: (s) => s.path.startsWith('d/s-bwt') },
    );
    expect(errors).toEqual([
      { row: 2, field: 'street', zh: '该街道不在您的管辖范围内', en: 'that street is outside your scope' },
    ]);
  });

  it('finds a repeated id across slices of one file checked with the same map', () => {
    const seen = new Map<string, number>();
    const good = (n: number) => row(n, ['WL-9', 'water-level', '', '北外滩', '', 31.25, 121.5, '', '', '']);
    expect(checkImportRows([good(2)], columns, lookups, new Date(), seen).errors).toEqual([]);
    expect(checkImportRows([good(9)], columns, lookups, new Date(), seen).errors[0]).toMatchObject({
      row: 9,
      field: 'id',
      en: 'the device id repeats row 2',
    });
  });

  it('tells a blank row from a data row', () => {
    expect(isBlankRow(['', null, '  '])).toBe(true);
    expect(isBlankRow(['', 0])).toBe(false);
  });
});
