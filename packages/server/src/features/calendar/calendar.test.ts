import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let admin: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.staff('admin');
});
afterAll(() => t.close());

const deadline = (client: TestClient, start: string, workingDays: number) =>
  client.get(`/api/calendar/deadline?start=${start}&workingDays=${workingDays}`);

/** A plausible 2027 arrangement: New Year's Day, a Spring Festival week and one make-up Saturday. */
const schedule2027 = {
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  workdays: ['2027-02-20'],
  source: '测试：2027 年节假日安排',
};

const ics = (events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//yiwang//test//CN', ...events, 'END:VCALENDAR'].join('\r\n');
const allDay = (summary: string, start: string, end?: string) =>
  [
    'BEGIN:VEVENT',
    `UID:${summary}-${start}`,
    'DTSTAMP:20271104T000000Z',
    `DTSTART;VALUE=DATE:${start}`,
    ...(end ? [`DTEND;VALUE=DATE:${end}`] : []),
    `SUMMARY:${summary}`,
    'END:VEVENT',
  ].join('\r\n');

describe('the working-day calendar', () => {
  it('lists the seeded official years 2020 to 2026', async () => {
    const res = await (await t.staff('clerk')).get('/api/calendar/years');
    expect(res.statusCode).toBe(200);
    const years = res.json<{ items: { year: number }[] }>().items.map((y) => y.year);
    expect(years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('counts a make-up Saturday as a working day: 2026-02-13 plus one working day ends 2026-02-14 17:30', async () => {
    const res = await deadline(await t.staff('clerk'), '2026-02-13', 1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, deadline: '2026-02-14T09:30:00.000Z' });
  });

  it('says which year is missing when a deadline runs past the loaded years', async () => {
    const res = await deadline(admin, '2026-12-28', 10);
    expect(res.json()).toEqual({ ok: false, unknownYear: 2027 });
  });

  it('asks an anonymous caller to sign in before computing a deadline', async () => {
    expect((await deadline(t.client(), '2026-02-13', 1)).statusCode).toBe(401);
  });
});

describe('loading a year', () => {
  it('knows a deadline in 2027 once an administrator loads 2027', async () => {
    const res = await admin.put('/api/calendar/years/2027', schedule2027);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, ...schedule2027 });
    const after = (await deadline(admin, '2026-12-28', 10)).json<{ ok: boolean; deadline: string }>();
    expect(after.ok).toBe(true);
    // The start day does not count: 29–31 Dec are three working days, 1 Jan 2027 a holiday,
    // then seven more from Monday 4 Jan: Tuesday 12 Jan, 17:30 Shanghai.
    expect(after.deadline).toBe('2027-01-12T09:30:00.000Z');
  });

  it('loads a year from an ICS calendar', async () => {
    const text = ics([
      allDay('元旦(休)', '20280101', '20280104'),
      allDay('春节(休)', '20280126', '20280202'),
      allDay('春节(班)', '20280205'),
      allDay('春分', '20280320', '20280321'),
    ]);
    const res = await admin.post('/api/calendar/import', { format: 'ics', content: text, year: 2028 });
    expect(res.statusCode).toBe(200);
    const [year] = res.json<{ items: { year: number; holidays: string[]; workdays: string[] }[] }>().items;
    expect(year).toEqual({
      year: 2028,
      holidays: [
        ...['2028-01-01', '2028-01-02', '2028-01-03'],
        ...['2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29', '2028-01-30', '2028-01-31', '2028-02-01'],
      ],
      workdays: ['2028-02-05'],
      source: 'import (ics)',
      loadedAt: expect.any(String),
    });
    const years = (await admin.get('/api/calendar/years')).json<{ items: { year: number }[] }>().items;
    expect(years.map((y) => y.year)).toContain(2028);
  });

  it('refuses to let staff without the admin role load a year', async () => {
    const leader = await t.staff('leader');
    expect((await leader.put('/api/calendar/years/2029', schedule2027)).statusCode).toBe(403);
    const imported = await leader.post('/api/calendar/import', {
      format: 'json',
      content: JSON.stringify({ year: 2029, holidays: [], workdays: [] }),
    });
    expect(imported.statusCode).toBe(403);
    const years = (await admin.get('/api/calendar/years')).json<{ items: { year: number }[] }>().items;
    expect(years.map((y) => y.year)).not.toContain(2029);
  });

  it.each([
    ['a make-up working day that is not a weekend day', { holidays: [], workdays: ['2030-01-02'] }],
    ['a date outside the year', { holidays: ['2031-01-01'], workdays: [] }],
    ['a date that is not a date', { holidays: ['2030-02-30'], workdays: [] }],
    [
      'a day that is both a holiday and a working day',
      { holidays: ['2030-01-05'], workdays: ['2030-01-05'] },
    ],
  ])('refuses a schedule with %s', async (_why, lists) => {
    const res = await admin.put('/api/calendar/years/2030', { ...lists, source: 'test' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.length).toBeGreaterThan(0);
  });

  it('refuses an import it cannot read, naming content', async () => {
    const res = await admin.post('/api/calendar/import', {
      format: 'ics',
      content: 'not a calendar',
      year: 2030,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('content');
    const years = (await admin.get('/api/calendar/years')).json<{ items: { year: number }[] }>().items;
    expect(years.map((y) => y.year)).not.toContain(2030);
  });
});
