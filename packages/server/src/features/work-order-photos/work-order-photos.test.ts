import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, STREET } from '@yiwang/fixtures';
import { hashPassword } from '../../core/auth/password';
import { filePath } from '../../core/files/file-store';
import {
  JPEG,
  LATITUDE_RATIONALS,
  PNG,
  exifSegment,
  jpegWith,
} from '../../core/files/image-fixtures.testing';
import { signInPublic } from '../../testing/service-kit';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';

let t: TestApp;
let dataDir: string;
let dispatcher: TestClient;
let handler: TestClient;
let otherHandler: TestClient;
let inspector: TestClient;
const unit: Record<string, string> = {};
const GARBAGE = 'E-0102'; // 暴露垃圾, routed to 北外滩 below

type Photo = {
  id: string;
  stage: string | null;
  actionSeq: number | null;
  url: string;
  sha256: string;
  locationRemoved: boolean;
};

const photoForm = (...files: Array<{ name: string; type: string; content: Buffer }>) => {
  const form = new FormData();
  for (const f of files) form.append('photo', new Blob([f.content], { type: f.type }), f.name);
  return form;
};
const jpeg = (content = JPEG) => ({ name: 'scene.jpg', type: 'image/jpeg', content });
const png = { name: 'after.png', type: 'image/png', content: PNG };

async function upload(
  c: TestClient,
  url: string,
  ...files: Array<{ name: string; type: string; content: Buffer }>
) {
  return c.request({ method: 'POST', url, payload: photoForm(...files) });
}
async function uploadOk(
  c: TestClient,
  url: string,
  ...files: Array<{ name: string; type: string; content: Buffer }>
) {
  const res = await upload(c, url, ...files);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ items: Photo[] }>().items;
}

async function act(c: TestClient, id: string, action: string, extra: Record<string, unknown> = {}) {
  const view = (await c.get(`/api/work-orders/${id}`)).json<{ order: { version: number } }>();
  return c.post(`/api/work-orders/${id}/actions`, { action, expectedVersion: view.order.version, ...extra });
}

async function reportWithPhoto(photo = jpeg()) {
  const [p] = await uploadOk(inspector, '/api/work-order-photos', photo);
  const res = await inspector.post('/api/work-orders', {
    categoryCode: GARBAGE,
    placeUnitId: unit[STREET.beiwaitan],
    description: '路口成堆生活垃圾',
    latitude: 31.25,
    longitude: 121.5,
    photoIds: [p!.id],
  });
  expect(res.statusCode, res.body).toBe(201);
  return { order: res.json<{ order: { caseId: string; state: string } }>().order, photo: p! };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'yiwang-photos-'));
  t = await createTestApp({ dataDir });
  for (const u of await t.ctx.db.selectFrom('org_unit').select(['id', 'code']).execute()) unit[u.code] = u.id;
  await t.ctx.db
    .insertInto('account')
    .values({
      kind: 'staff',
      username: 'qyl-handler',
      display_name: '处置人员（曲阳路街道）',
      password_hash: await hashPassword(DEMO_PASSWORD),
      roles: ['handler'],
      unit_id: unit[STREET.quyanglu]!,
    })
    .execute();
  dispatcher = await t.staff('dispatcher');
  handler = await t.staff('bwt-handler');
  otherHandler = await t.staff('qyl-handler');
  inspector = await t.staff('bwt-inspector');
  const admin = await t.staff('admin');
  const rule = await admin.post('/api/cityops/routing-rules', {
    categoryCode: GARBAGE,
    placeUnitId: unit[STREET.beiwaitan],
    unitId: unit[STREET.beiwaitan],
  });
  // the demo seed may route it to the street already: the same rule
  expect([201, 409], rule.body).toContain(rule.statusCode);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('photos on work orders', () => {
  it('an inspector reports with a photo taken ahead; the GPS position is gone from the stored file', async () => {
    const withGps = jpegWith(exifSegment());
    const { order, photo } = await reportWithPhoto(jpeg(withGps));
    expect(order.state).toBe('dispatched');
    const view = (await handler.get(`/api/work-orders/${order.caseId}`)).json<{ photos: Photo[] }>();
    expect(view.photos).toEqual([
      expect.objectContaining({ id: photo.id, stage: 'report', actionSeq: null }),
    ]);
    expect(view.photos[0]!.locationRemoved).toBe(true);
    const file = await handler.get(photo.url);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.includes(LATITUDE_RATIONALS)).toBe(false);
    expect(file.rawPayload.length).toBe(withGps.length);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(photo.sha256);
    const row = await t.ctx.db
      .selectFrom('work_order_photo')
      .select('received_sha256')
      .where('id', '=', photo.id)
      .executeTakeFirstOrThrow();
    expect(row.received_sha256).toBe(createHash('sha256').update(withGps).digest('hex'));
  });

  it('the handler’s feedback carries photos; the inspector verifies with one and closes', async () => {
    const { order } = await reportWithPhoto();
    expect((await act(handler, order.caseId, 'accept')).statusCode).toBe(200);
    const added = await uploadOk(handler, `/api/work-orders/${order.caseId}/photos`, png, jpeg());
    expect(added.map((p) => p.stage)).toEqual(['other', 'other']);
    const fb = await act(handler, order.caseId, 'feedback', {
      comment: '已清运',
      data: { photoIds: added.map((p) => p.id) },
    });
    expect(fb.statusCode, fb.body).toBe(200);
    const seq = fb
      .json<{ actions: Array<{ seq: number; action: string; data?: { photoIds?: string[] } }> }>()
      .actions.findLast((a) => a.action === 'feedback')!;
    expect(seq.data?.photoIds).toEqual(added.map((p) => p.id));
    const list = (await inspector.get(`/api/work-orders/${order.caseId}/photos`)).json<{ items: Photo[] }>();
    expect(list.items.map((p) => [p.stage, p.actionSeq])).toEqual([
      ['report', null],
      ['feedback', seq.seq],
      ['feedback', seq.seq],
    ]);

    expect(list.items.slice(1).map((p) => p.id)).toEqual(added.map((p) => p.id)); // in the order sent
    // a photo given once cannot be given again
    const again = await act(handler, order.caseId, 'feedback', {
      comment: 'x',
      data: { photoIds: [added[0]!.id] },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].field).toBe('data.photoIds');

    const queue = (await inspector.get('/api/work-orders/awaiting-verification')).json();
    const mine = queue.items.find((i: { caseId: string }) => i.caseId === order.caseId);
    expect(mine.feedback).toMatchObject({ comment: '已清运', seq: seq.seq });
    expect(mine.photos.filter((p: Photo) => p.stage === 'feedback')).toHaveLength(2);
    expect((await otherHandler.get('/api/work-orders/awaiting-verification')).statusCode).toBe(403);

    const [check] = await uploadOk(inspector, `/api/work-orders/${order.caseId}/photos`, jpeg());
    const v = await act(inspector, order.caseId, 'verify', { data: { photoIds: [check!.id] } });
    expect(v.statusCode, v.body).toBe(200);
    const closed = await act(inspector, order.caseId, 'close', {
      comment: '核查属实',
      data: { outcome: 'resolved' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const done = (await dispatcher.get(`/api/work-orders/${order.caseId}`)).json<{ photos: Photo[] }>();
    expect(done.photos.find((p) => p.id === check!.id)?.stage).toBe('verification');
    const after = (await inspector.get('/api/work-orders/awaiting-verification')).json();
    expect(after.items.some((i: { caseId: string }) => i.caseId === order.caseId)).toBe(false);
  });

  it('refuses a text file named .jpg with a 415 naming the field, and writes nothing', async () => {
    const before = await t.ctx.db
      .selectFrom('work_order_photo')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await upload(inspector, '/api/work-order-photos', {
      name: 'photo.jpg',
      type: 'image/jpeg',
      content: Buffer.from('not a picture at all, just text\n'),
    });
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ field: 'photo', zh: expect.stringContaining('JPEG') }),
    ]);
    const pdf = await upload(inspector, '/api/work-order-photos', jpeg(), {
      name: 'scan.pdf',
      type: 'application/pdf',
      content: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().errors[0].field).toBe('photo[1]');
    const json = await inspector.post('/api/work-order-photos', { photo: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().errors[0].field).toBe('photo');
    const afterCount = await t.ctx.db
      .selectFrom('work_order_photo')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(afterCount.n).toBe(before.n);
  });

  it('a handler of another street gets 404 for the order’s photos; an unattached photo is its uploader’s alone', async () => {
    const { order, photo } = await reportWithPhoto();
    expect((await otherHandler.get(photo.url)).statusCode).toBe(404);
    expect((await otherHandler.get(`/api/work-orders/${order.caseId}/photos`)).statusCode).toBe(404);
    expect((await upload(otherHandler, `/api/work-orders/${order.caseId}/photos`, jpeg())).statusCode).toBe(
      404,
    );
    expect((await handler.get(photo.url)).statusCode).toBe(200);

    const [loose] = await uploadOk(inspector, '/api/work-order-photos', png);
    expect((await inspector.get(loose!.url)).statusCode).toBe(200);
    expect((await dispatcher.get(loose!.url)).statusCode).toBe(404);
    // nobody else can give it to a report
    const res = await dispatcher.post('/api/work-orders', {
      categoryCode: GARBAGE,
      placeUnitId: unit[STREET.beiwaitan],
      description: '借用他人照片',
      photoIds: [loose!.id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('photoIds');
  });

  it('a citizen reports with a photo and sees it; another citizen does not', async () => {
    const citizen = await signInPublic(t, '13900001001');
    const [p] = await uploadOk(citizen, '/api/work-order-photos', jpeg());
    const res = await citizen.post('/api/work-orders/citizen-reports', {
      categoryCode: GARBAGE,
      placeUnitId: unit[STREET.beiwaitan],
      description: '小区门口垃圾无人清运',
      photoIds: [p!.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json<{ order: { caseId: string }; photos: Photo[] }>();
    expect(o.photos.map((x) => x.stage)).toEqual(['report']);
    expect((await citizen.get(p!.url)).statusCode).toBe(200);
    const other = await signInPublic(t, '13900001002');
    expect((await other.get(p!.url)).statusCode).toBe(404);
    expect((await upload(citizen, `/api/work-orders/${o.order.caseId}/photos`, jpeg())).statusCode).toBe(403);
  });

  it('forgets a photo uploaded ahead that no report took up within a day, on the uploader’s next upload', async () => {
    const note = Buffer.from('stale upload, never reported', 'latin1');
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0, note.length + 2]), note]);
    const [stale] = await uploadOk(inspector, '/api/work-order-photos', jpeg(jpegWith(comment)));
    const [shared] = await uploadOk(inspector, '/api/work-order-photos', png);
    await t.ctx.db
      .updateTable('work_order_photo')
      .set({ created_at: new Date(Date.now() - 2 * 86_400_000) })
      .where('id', 'in', [stale!.id, shared!.id])
      .execute();
    const path = filePath(dataDir, stale!.sha256);
    await access(path);
    const [fresh] = await uploadOk(inspector, '/api/work-order-photos', jpeg());
    expect((await inspector.get(stale!.url)).statusCode).toBe(404);
    expect((await inspector.get(shared!.url)).statusCode).toBe(404);
    expect((await inspector.get(fresh!.url)).statusCode).toBe(200);
    await expect(access(path)).rejects.toThrow();
    // the PNG's content is also an attached photo's: it stays
    await access(filePath(dataDir, shared!.sha256));
  });
});
