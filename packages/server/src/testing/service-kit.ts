import { expect } from 'vitest';
import type { TestApp } from './test-app';

/** The smallest file that sniffs as a PDF. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

export const formField = (key: string, type = 'text', required = true) => ({
  key,
  label: { zh: key, en: key },
  type,
  required,
});

/**
 * A service item definition for tests: a department's 行政许可 with one text field and no
 * materials, to be specialised with `extra`.
 *
 * @example
 * await admin.post('/api/catalogue/items', { definition: testItem('TEST-101', 'D-SCJGJ', { issuesLicenseType: 'business-licence' }) });
 */
export const testItem = (code: string, departmentCode: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: `测试事项 ${code}`,
  type: '行政许可',
  departmentCode,
  basis: '《测试条例》',
  legalLimitDays: 20,
  promisedLimitDays: 5,
  instant: false,
  visits: 0,
  fee: '不收费',
  materials: [],
  form: { fields: [formField('companyName')] },
  lifeEvents: ['测试'],
  keywords: [],
  pledgeAllowed: false,
  toleranceAllowed: false,
  riskLevel: 'low',
  demoAssumptions: ['everything: test data'],
  ...extra,
});

/** A multipart body as a browser sends it: a `payload` JSON part and `material.<key>` files. */
export function multipart(
  payload: unknown,
  files: Record<string, { name: string; type: string; content: Buffer }> = {},
) {
  const form = new FormData();
  form.append('payload', JSON.stringify(payload));
  for (const [key, f] of Object.entries(files))
    form.append(key, new Blob([f.content], { type: f.type }), f.name);
  return form;
}

/** A citizen or enterprise signed in at /public/login (demo password). */
export async function signInPublic(t: TestApp, account: string) {
  const c = t.client();
  const res = await c.post('/api/auth/public/login', { account, password: 'Yiwang@2026' });
  expect(res.statusCode, res.body).toBe(200);
  return c;
}
