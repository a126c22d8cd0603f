import type { APIRequestContext, Page } from 'playwright-core';
import { afterEach, expect, inject, test } from 'vitest';
import {
  DEMO_PASSWORD,
  DESKTOP,
  PHONE,
  csrfToken,
  openPage,
  screenshot,
  staffLogin,
  type OpenedPage,
} from './harness';

/**
 * 窗口受理 with 补正 end to end: the demo clerk takes an application at the window for the demo citizen
 * 李建国 (his 居民身份证 comes from the e-licence library; one material is uploaded) and asks for
 * 补正 with a reason; the clock stops; the citizen supplies the corrected file on his phone and the
 * case runs again (审查中) with a deadline no earlier than before; a reviewer of the item's
 * department approves, the clerk delivers (送达并办结), and the citizen sees 已办结, not 已超期.
 *
 * The pause lasts seconds here, so the deadline cannot move by whole days; the engine's arithmetic
 * of paused working days is covered by the workflow tests. This journey shows the clock stopping
 * and running on across the real screens.
 */

const CITIZEN = { name: '李建国', idNumber: '31010919780315241X', phone: '13900001001' };

const opened: OpenedPage[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) await o.close();
});

async function open(viewport: { width: number; height: number }): Promise<OpenedPage> {
  const o = await openPage(inject('baseUrl'), viewport);
  opened.push(o);
  return o;
}

/** The smallest PDF a content sniffer accepts; `tag` makes each file's content (and checksum) its own. */
const pdf = (tag: string) =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
      `trailer<</Root 1 0 R>>\n%${tag}\n%%EOF\n`,
  );

const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

async function settle(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached' });
}

interface Field {
  key: string;
  type: string;
  required: boolean;
}
interface Material {
  key: string;
  name: string;
  required: boolean;
  source: string;
  licenseType?: string;
}
interface ItemDetail {
  code: string;
  departmentName: string;
  definition: {
    name: string;
    departmentCode: string;
    instant: boolean;
    materials: Material[];
    form: { fields: Field[] };
  };
}

/** What the clerk types into each kind of field, for 李建国. */
const FILL: Record<string, (f: Field) => string> = {
  text: () => CITIZEN.name,
  idNumber: () => CITIZEN.idNumber,
  phone: () => CITIZEN.phone,
  address: () => '上海市虹口区欧阳路 218 弄 5 号',
  number: () => '1',
  textarea: () => '窗口代办',
};

/**
 * A 民政 or 人社 item from the seeded catalogue that is not decided on the spot, takes the 居民身份证
 * from the e-licence library and needs an upload, and whose form has only fields typed into boxes.
 */
async function pickItem(request: APIRequestContext): Promise<{ item: ItemDetail; upload: Material }> {
  const list = await request.get('/api/catalogue/items?pageSize=200');
  expect(list.ok()).toBe(true);
  const rows = ((await list.json()) as { items: { code: string; departmentName: string }[] }).items
    .filter((i) => /民政|人力资源和社会保障/.test(i.departmentName))
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const row of rows) {
    const res = await request.get(`/api/catalogue/items/${encodeURIComponent(row.code)}`);
    const item = (await res.json()) as ItemDetail;
    const d = item.definition;
    const upload = d.materials.find((m) => m.source === 'upload' && m.required);
    if (
      !d.instant &&
      upload &&
      d.materials.some((m) => m.source === 'elicense' && m.licenseType === 'resident-id') &&
      d.form.fields.every((f) => FILL[f.type])
    )
      return { item, upload };
  }
  throw new Error('no 民政/人社 item with a resident-id e-licence and an upload in the catalogue');
}

const deadlineText = async (page: Page, caseId: string) =>
  (await page.getByTestId(`case-${caseId}`).getByTestId('case-sla').textContent())!.trim();

/** "2026-12-04 17:30 前" → "2026-12-04 17:30" (sortable as text). */
function deadlineOf(text: string): string {
  const m = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(text);
  expect(m, `a deadline in “${text}”`).not.toBeNull();
  return m![1]!;
}

test('a window clerk takes an application for a citizen and asks for 补正; the citizen supplies it on a phone; the case runs on and completes on time', async () => {
  // ——— The clerk at the window.
  const clerk = await open(DESKTOP);
  const cp = clerk.page;
  await staffLogin(cp, 'clerk');
  const { item, upload } = await pickItem(cp.request);
  const code = item.code;
  const itemName = item.definition.name;

  await cp.getByTestId('nav-workbench-window').click();
  await cp.waitForURL('**/workbench/window');
  await cp.getByTestId('window-page').waitFor();
  await cp.getByTestId('window-item-search').click();
  await cp.keyboard.type(itemName);
  await cp.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: code }).click();
  await cp.getByTestId('application-form').waitFor();
  await settle(cp);

  await cp.getByTestId('window-id-number').fill(CITIZEN.idNumber);
  for (const f of item.definition.form.fields) await cp.getByTestId(`field-${f.key}`).fill(FILL[f.type]!(f));
  // The 居民身份证 is the library's; only the uploads are scanned at the window.
  await expect(cp.getByTestId('material-residentId').getAttribute('data-source')).resolves.toBe('elicense');
  for (const m of item.definition.materials.filter((x) => x.source === 'upload' && x.required)) {
    await cp.getByTestId(`material-input-${m.key}`).setInputFiles({
      name: `${m.key}.pdf`,
      mimeType: 'application/pdf',
      buffer: pdf(`${m.key}-at-the-window`),
    });
    await cp.getByTestId(`material-file-${m.key}`).waitFor();
  }
  await screenshot(cp, 'window-correction-intake-desktop');
  await cp.getByTestId('apply-submit').click();

  // The staff view of what was filed.
  await cp.waitForURL('**/workbench/applications/*', { timeout: 30_000 });
  await cp.getByTestId('application-detail').waitFor();
  const applicationId = (await cp.getByTestId('application-detail').getAttribute('data-id'))!;
  const applicationNo = (await cp.getByTestId('application-no').textContent())!.split(/\s+/).pop()!;
  const caseId = (await cp.locator('[data-testid^="case-"][data-item]').getAttribute('data-testid'))!.replace(
    /^case-/,
    '',
  );
  const caseCard = cp.getByTestId(`case-${caseId}`);
  await expect(cp.getByTestId('application-channel').textContent()).resolves.toBe('窗口受理');
  await expect(cp.getByTestId('application-applicant').textContent()).resolves.toContain('李');
  await expect(cp.getByTestId('app-material-residentId').getAttribute('data-source')).resolves.toBe(
    'elicense',
  );
  await expect(cp.getByTestId(`app-material-${upload.key}`).getAttribute('data-source')).resolves.toBe(
    'upload',
  );
  await expect(caseCard.getByTestId('case-state').getAttribute('data-state')).resolves.toBe('submitted');
  await expect(caseCard.getByTestId('case-sla').getAttribute('data-kind')).resolves.toBe('running');
  const before = deadlineOf(await deadlineText(cp, caseId));

  // 一次性告知补正, with the reason.
  const reason = `${upload.name}缺少盖章页，请补充完整的盖章扫描件`;
  await caseCard.getByTestId('case-action-askCorrection').click();
  await cp.getByTestId('action-comment').fill(reason);
  await cp.getByTestId('action-comment-submit').click();
  await expect.poll(() => caseCard.getByTestId('case-state').getAttribute('data-state')).toBe('correcting');
  await expect(caseCard.getByTestId('case-sla').getAttribute('data-kind')).resolves.toBe('paused');
  await expect(cp.getByTestId('application-status').getAttribute('data-status')).resolves.toBe(
    'awaiting-correction',
  );
  await caseCard.getByTestId('receipt-correction').waitFor();
  await settle(cp);
  await screenshot(cp, 'window-correction-asked-desktop');
  expect(clerk.errors).toEqual([]);

  // ——— The citizen, on his phone: the request, the stopped clock, the corrected file.
  const citizen = await open(PHONE);
  const p = citizen.page;
  await p.goto('/public/login');
  await p.getByTestId('public-login-account').fill(CITIZEN.phone);
  await p.getByTestId('public-login-password').fill(DEMO_PASSWORD);
  await p.getByTestId('public-login-submit').click();
  await p.waitForURL('**/me');
  await p.goto('/me/applications');
  const row = p.getByTestId(`my-application-${applicationNo}`);
  await row.waitFor();
  await expect(row.textContent()).resolves.toContain('待补正');
  await row.getByTestId('my-application-open').click();
  await p.waitForURL(`**/me/applications/${applicationId}`);
  const mine = p.getByTestId(`case-${caseId}`);
  await mine.waitFor();
  await expect(mine.getByTestId('case-state').textContent()).resolves.toBe('待补正');
  await expect(mine.getByTestId('case-correction').textContent()).resolves.toContain(reason);
  await expect(mine.getByTestId('case-sla').textContent()).resolves.toBe('补正中·计时暂停');
  await settle(p);
  expect(await noHorizontalScroll(p)).toBe(true);
  await screenshot(p, 'window-correction-asked-phone');

  await mine.getByTestId('case-action-supplyCorrection').click();
  const modal = p.getByTestId('supply-modal');
  await modal.getByTestId('supply-request').waitFor();
  await expect(modal.getByTestId('supply-request').textContent()).resolves.toContain(reason);
  await modal.getByTestId('supply-materials').click();
  await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: upload.name }).click();
  await modal.getByTestId(`supply-row-${upload.key}`).waitFor();
  // Close the option list by clicking the modal's title (Escape could close the modal itself).
  await modal.locator('.ant-modal-title').click();
  await p.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
  await modal.getByTestId(`supply-input-${upload.key}`).setInputFiles({
    name: `${upload.key}-corrected.pdf`,
    mimeType: 'application/pdf',
    buffer: pdf(`${upload.key}-corrected`),
  });
  await expect.poll(() => modal.getByTestId('supply-submit').isEnabled()).toBe(true);
  expect(await noHorizontalScroll(p)).toBe(true);
  await screenshot(p, 'window-correction-supply-phone');
  await modal.getByTestId('supply-submit').click();
  await expect.poll(() => mine.getByTestId('case-state').getAttribute('data-state')).toBe('reviewing');
  await expect(mine.getByTestId('case-state').textContent()).resolves.toBe('审查中');
  await expect(mine.getByTestId('case-sla').getAttribute('data-kind')).resolves.toBe('running');
  await expect(mine.getByTestId('case-sla').getAttribute('data-urgency')).resolves.toBe('normal');
  expect(await mine.getByTestId('case-correction').count()).toBe(0);
  await expect(p.getByTestId(`app-material-file-${upload.key}`).textContent()).resolves.toBe(
    `${upload.key}-corrected.pdf`,
  );
  await settle(p);
  await screenshot(p, 'window-correction-supplied-phone');

  // ——— Back at the window: running again, and the deadline did not come earlier.
  await cp.getByTestId('application-reload').click();
  await expect.poll(() => caseCard.getByTestId('case-state').getAttribute('data-state')).toBe('reviewing');
  await expect(caseCard.getByTestId('case-sla').getAttribute('data-kind')).resolves.toBe('running');
  const after = deadlineOf(await deadlineText(cp, caseId));
  expect(after >= before, `deadline ${after} is not earlier than ${before}`).toBe(true);
  expect(deadlineOf((await mine.getByTestId('case-sla').textContent()) ?? '')).toBe(after);

  // ——— A reviewer of the item's department approves; the district administrator adds one if needed.
  const admin = await open(DESKTOP);
  await staffLogin(admin.page, 'admin');
  const units = (await (await admin.page.request.get('/api/units?kind=department')).json()) as {
    items: { id: string; code: string }[];
  };
  const dept = units.items.find((u) => u.code === item.definition.departmentCode);
  expect(dept, `${item.definition.departmentCode} among the departments`).toBeDefined();
  const users = (await (
    await admin.page.request.get(`/api/users?unitId=${dept!.id}&pageSize=100`)
  ).json()) as { items: { username: string; roles: string[]; disabled?: boolean }[] };
  let reviewer = users.items.find((u) => u.roles.includes('reviewer') && !u.disabled)?.username;
  let reviewerPassword = DEMO_PASSWORD;
  if (!reviewer) {
    reviewer = `${code.toLowerCase().replace(/-\d+$/, '')}-reviewer-${String(Date.now()).slice(-6)}`;
    reviewerPassword = 'Reviewer@2026';
    const created = await admin.page.request.post('/api/users', {
      headers: { 'x-csrf-token': await csrfToken(admin.page) },
      data: {
        username: reviewer,
        displayName: '窗口补正审批员',
        password: reviewerPassword,
        roles: ['reviewer'],
        unitId: dept!.id,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  expect(admin.errors).toEqual([]);

  const rev = await open(DESKTOP);
  const rp = rev.page;
  await staffLogin(rp, reviewer, reviewerPassword);
  await rp.getByTestId('nav-workbench-queue').click();
  await rp.waitForURL('**/workbench/queue');
  const queued = rp.locator(`[data-testid="queue-row-${applicationNo}"][data-case="${caseId}"]`);
  await queued.waitFor();
  await expect(rp.getByTestId(`queue-deadline-${caseId}`).getAttribute('data-urgency')).resolves.not.toBe(
    'overdue',
  );
  await queued.click();
  await rp.waitForURL(`**/workbench/applications/${applicationId}`);
  const revCard = rp.getByTestId(`case-${caseId}`);
  await revCard.getByTestId('case-action-approve').click();
  await expect.poll(() => revCard.getByTestId('case-state').getAttribute('data-state')).toBe('approved');
  await revCard.getByTestId('receipt-approval').waitFor();
  expect(rev.errors).toEqual([]);

  // ——— The clerk delivers: 送达并办结.
  await cp.getByTestId('application-reload').click();
  await expect.poll(() => caseCard.getByTestId('case-state').getAttribute('data-state')).toBe('approved');
  await caseCard.getByTestId('case-action-deliver').click();
  await expect.poll(() => caseCard.getByTestId('case-state').getAttribute('data-state')).toBe('completed');
  await expect(cp.getByTestId('application-status').getAttribute('data-status')).resolves.toBe('completed');
  await settle(cp);
  await screenshot(cp, 'window-correction-completed-desktop');
  expect(clerk.errors).toEqual([]);

  // ——— The citizen: 已办结, on time.
  await p.reload();
  await p.getByTestId('application-detail').waitFor();
  await expect(mine.getByTestId('case-state').textContent()).resolves.toBe('已办结');
  await expect(p.getByTestId('application-status').textContent()).resolves.toBe('已办结');
  expect(await p.getByTestId('application-detail').textContent()).not.toContain('已超期');
  expect(await mine.getByTestId('case-sla').getAttribute('data-urgency')).not.toBe('overdue');
  const log = (await p.getByTestId(`case-log-${caseId}`).textContent()) ?? '';
  for (const step of ['一次性告知补正', '提交补正材料', '准予许可', '送达并办结'])
    expect(log).toContain(step);
  await p.goto('/me/applications');
  const done = p.getByTestId(`my-application-${applicationNo}`);
  await done.waitFor();
  await expect(done.textContent()).resolves.toContain('已办结');
  expect(await done.textContent()).not.toContain('已超期');
  await settle(p);
  expect(await noHorizontalScroll(p)).toBe(true);
  await screenshot(p, 'window-correction-completed-phone');
  expect(citizen.errors).toEqual([]);
});
