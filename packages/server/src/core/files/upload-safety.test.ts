/**
 * Uploads (issue 6, item 3): content sniffed against the declared type, per-route size limits
 * answered 413 problem+json, no client file name on the file system, decompression bombs
 * (huge images, zip bombs, lying zip directories) refused, and downloads served as attachments
 * with a safe type and nosniff. Every bomb is generated here, a few kilobytes each.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToXlsx } from '@yiwang/domain';
import { PDF, multipart, signInPublic, testItem } from '../../testing/service-kit';
import { createTestApp, type TestApp, type TestClient } from '../../testing/test-app';
import {
  MAX_IMAGE_PIXELS,
  XLSX_LIMITS,
  checkZipBomb,
  imageDimensions,
  zipEntries,
} from './decompression-limits';
import { attachment } from './download';
import { JPEG, PNG } from './image-fixtures.testing';

let t: TestApp;
let dataDir: string;
let inspector: TestClient;
let dispatcher: TestClient;

/** The 16×16 PNG fixture with its IHDR claiming `width`×`height` (the sniffer reads the signature only). */
function pngClaiming(width: number, height: number): Buffer {
  const b = Buffer.from(PNG);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

/** The 16×16 JPEG fixture with its frame header (SOF) claiming `width`×`height`. */
function jpegClaiming(width: number, height: number): Buffer {
  const b = Buffer.from(JPEG);
  for (let i = 2; i + 9 < b.length;) {
    const marker = b[i + 1]!;
    if (marker === 0xc0 || marker === 0xc2) {
      b.writeUInt16BE(height, i + 5);
      b.writeUInt16BE(width, i + 7);
      return b;
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw new Error('no SOF in the fixture');
}

const photoForm = (name: string, type: string, content: Buffer) => {
  const form = new FormData();
  form.append('photo', new Blob([content], { type }), name);
  return form;
};
const uploadPhoto = (name: string, type: string, content: Buffer) =>
  inspector.request({
    method: 'POST',
    url: '/api/work-order-photos',
    payload: photoForm(name, type, content),
  });

const importFile = (name: string, content: Buffer, type = 'application/octet-stream') => {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), name);
  return dispatcher.request({ method: 'POST', url: '/api/sensors/import', payload: form });
};

/** A workbook whose sheet is `bytes` zeros: deflate packs it about 1000:1. */
const zeroBomb = (bytes: number) =>
  Buffer.from(zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(bytes) }, { level: 9 }));

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  field: string,
) {
  expect(res.statusCode, (res as { body?: string }).body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as { zh: string; en: string; errors: { field: string }[] };
  expect(body.zh).toBeTruthy();
  expect(body.en).toBeTruthy();
  expect(body.errors[0]!.field).toBe(field);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'yiwang-upload-safety-'));
  t = await createTestApp({ dataDir });
  inspector = await t.staff('bwt-inspector');
  dispatcher = await t.staff('dispatcher');
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('image headers', () => {
  it('reads a PNG and a JPEG size from the header without decoding', () => {
    expect(imageDimensions(PNG, 'image/png')).toEqual({ width: 16, height: 16 });
    expect(imageDimensions(JPEG, 'image/jpeg')).toEqual({ width: 16, height: 16 });
    expect(imageDimensions(jpegClaiming(8160, 6144), 'image/jpeg')).toEqual({ width: 8160, height: 6144 });
  });
});

describe('photo uploads', () => {
  it('refuses a PNG whose header claims 65535×65535 pixels with 413, naming the photo', async () => {
    const res = await uploadPhoto('bomb.png', 'image/png', pngClaiming(65_535, 65_535));
    expectProblem(res, 413, 'photo');
    expect(res.json<{ en: string }>().en).toContain('65535×65535');
  });

  it('refuses a JPEG whose frame header claims more than 64 megapixels, and takes a 50 MP one', async () => {
    expectProblem(await uploadPhoto('bomb.jpg', 'image/jpeg', jpegClaiming(60_000, 60_000)), 413, 'photo');
    expect(8160 * 6144).toBeLessThan(MAX_IMAGE_PIXELS);
    const ok = await uploadPhoto('big.jpg', 'image/jpeg', jpegClaiming(8160, 6144));
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('judges by content: HTML named .png, SVG, and a PNG declared as JPEG are 415', async () => {
    const html = Buffer.from('<html><script>alert(1)</script></html>');
    expectProblem(await uploadPhoto('x.png', 'image/png', html), 415, 'photo');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expectProblem(await uploadPhoto('x.svg', 'image/svg+xml', svg), 415, 'photo');
    expectProblem(await uploadPhoto('x.jpg', 'image/jpeg', PNG), 415, 'photo');
  });

  it('refuses a photo over 10 MB with 413 problem+json', async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(10 * 1024 * 1024)]);
    expectProblem(await uploadPhoto('big.jpg', 'image/jpeg', big), 413, 'photo');
  });

  it('stores the file under its SHA-256, never under the name the client sent, and serves it as an attachment', async () => {
    const res = await uploadPhoto('../../../../tmp/evil<script>.png', 'image/png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    const photo = res.json<{ items: { id: string; url: string; sha256: string }[] }>().items[0]!;
    const names = (await readdir(dataDir, { recursive: true })).map(String);
    expect(names.some((n) => /evil|script|tmp/.test(n))).toBe(false);
    expect(names).toContain(join('files', photo.sha256.slice(0, 2), photo.sha256));

    const file = await inspector.get(`/api/work-order-photos/${photo.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="photo-${photo.id}.png"; filename*=UTF-8''photo-${photo.id}.png`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });
});

describe('一网通办 materials', () => {
  it('serves a material under a hostile name as an attachment with the name percent-encoded', async () => {
    const admin = await t.staff('admin');
    const def = testItem('TEST-601', 'D-WJW', {
      materials: [{ key: 'plan', name: '平面图', required: true, source: 'upload' }],
    });
    expect((await admin.post('/api/catalogue/items', { definition: def })).statusCode).toBe(201);
    const enterprise = await signInPublic(t, '13900001003');
    const hostile = '平面图"; filename=evil.html\r\n<script>.pdf';
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-601', form: { companyName: '一网小馆' } },
        { 'material.plan': { name: hostile, type: 'application/pdf', content: PDF } },
      ),
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (await enterprise.get(`/api/applications/${res.json().id}`)).json();
    const m = view.materials.find((x: { key: string }) => x.key === 'plan');
    const file = await enterprise.get(`/api/applications/${view.id}/files/${m.fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(file.headers['content-disposition']);
    expect(disposition).toBe(attachment(m.fileName));
    // one quoted ASCII fallback without quotes or percent signs, then the percent-encoded name
    expect(disposition).toMatch(
      /^attachment; filename="[\x20-\x21\x23-\x24\x26-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/,
    );
  });

  it('refuses a PNG bomb as a material as well (the same check for every upload)', async () => {
    const admin = await t.staff('admin');
    const def = testItem('TEST-602', 'D-WJW', {
      materials: [{ key: 'plan', name: '平面图', required: true, source: 'upload' }],
    });
    expect((await admin.post('/api/catalogue/items', { definition: def })).statusCode).toBe(201);
    const enterprise = await signInPublic(t, '13900001003');
    const res = await enterprise.request({
      method: 'POST',
      url: '/api/applications',
      payload: multipart(
        { itemCode: 'TEST-602', form: { companyName: '一网小馆' } },
        { 'material.plan': { name: 'plan.png', type: 'image/png', content: pngClaiming(100_000, 100_000) } },
      ),
    });
    expectProblem(res, 413, 'materials.plan');
  });
});

describe('sensor registry import (XLSX)', () => {
  it('passes an honest workbook and refuses a zip bomb by its central directory before unpacking it', async () => {
    const honest = Buffer.from(tableToXlsx('台账', ['id'], [['WL-0001']]));
    await expect(checkZipBomb(honest)).resolves.toBeUndefined();
    const bomb = zeroBomb(4 * 1024 * 1024);
    const [entry] = zipEntries(bomb).entries;
    expect(entry!.uncompressedSize / entry!.compressedSize).toBeGreaterThan(XLSX_LIMITS.maxRatio);
    const res = await importFile('sensors.xlsx', bomb);
    expectProblem(res, 413, 'file');
  });

  it('refuses a workbook whose entries unpack to more than the limit in total', async () => {
    const many = Buffer.from(
      zipSync({ 'a.xml': new Uint8Array(300_000).fill(65), 'b.xml': new Uint8Array(300_000).fill(66) }),
    );
    await expect(checkZipBomb(many, { ...XLSX_LIMITS, maxUncompressedBytes: 500_000 })).rejects.toMatchObject(
      { status: 413 },
    );
  });

  it('refuses a zip whose directory understates an entry’s size (the bounded inflate finds out)', async () => {
    const bomb = zeroBomb(4 * 1024 * 1024);
    const { centralOffset } = zipEntries(bomb);
    // the directory's (and the local header's) uncompressed size: 4 MB claimed as 1,000 bytes
    bomb.writeUInt32LE(1_000, centralOffset + 24);
    bomb.writeUInt32LE(1_000, 22);
    expect(zipEntries(bomb).entries[0]!.uncompressedSize).toBe(1_000);
    expectProblem(await importFile('sensors.xlsx', bomb), 413, 'file');
  });

  it('refuses a zip holding a local entry its directory does not list', async () => {
    const two = Buffer.from(zipSync({ 'xl/a.xml': Buffer.from('a'), 'xl/hidden.xml': Buffer.from('b') }));
    const { entries, centralOffset } = zipEntries(two);
    expect(entries.map((e) => e.name)).toEqual(['xl/a.xml', 'xl/hidden.xml']);
    // drop the second directory record: its local entry stays in the file, unlisted
    const firstRecord = 46 + Buffer.byteLength('xl/a.xml');
    const eocd = two.length - 22;
    const forged = Buffer.concat([two.subarray(0, centralOffset + firstRecord), two.subarray(eocd)]);
    const e = forged.length - 22;
    forged.writeUInt16LE(1, e + 8);
    forged.writeUInt16LE(1, e + 10);
    forged.writeUInt32LE(firstRecord, e + 12);
    expect(zipEntries(forged).entries).toHaveLength(1);
    const res = await importFile('sensors.xlsx', forged);
    expectProblem(res, 400, 'file');
  });

  it('still refuses an import file over 30 MB with 413 naming the file', async () => {
    const res = await importFile('sensors.csv', Buffer.alloc(30 * 1024 * 1024 + 1, 0x41), 'text/csv');
    expectProblem(res, 413, 'file');
  });
});

describe('Content-Disposition', () => {
  it('percent-encodes every character outside RFC 8187 attr-char and keeps an ASCII fallback', () => {
    expect(attachment("a'b(c).pdf")).toBe(
      `attachment; filename="a'b(c).pdf"; filename*=UTF-8''a%27b%28c%29.pdf`,
    );
    expect(attachment('营业执照.pdf')).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('营业执照')}.pdf`,
    );
  });
});
