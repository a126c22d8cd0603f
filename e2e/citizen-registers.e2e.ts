import { afterEach, expect, inject, test } from 'vitest';
import { PHONE, csrfToken, openPage, screenshot, type OpenedPage } from './harness';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const BAD_CHECK_DIGIT = '110105194912310021';

/** A valid 居民身份证号码 (GB 11643): Hongkou region code, a random birth date and sequence, its check char. */
function randomResidentId(): string {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const rnd = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
  const first17 = `310109${rnd(1950, 2004)}${pad(rnd(1, 12), 2)}${pad(rnd(1, 28), 2)}${pad(rnd(0, 999), 3)}`;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const randomPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

let opened: OpenedPage | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

test('a citizen registers on a 375 px phone: a wrong check digit is named under the field, then /me shows the masked ID', async () => {
  opened = await openPage(inject('baseUrl'), PHONE);
  const { page, errors } = opened;
  const idNumber = randomResidentId();
  const phone = randomPhone();

  await page.goto('/');
  await page.getByTestId('home-register').click();
  await page.waitForURL('**/register');
  await page.getByTestId('register-tab-citizen').waitFor();

  await page.getByTestId('register-name').fill('张小测');
  await page.getByTestId('register-id-number').fill(BAD_CHECK_DIGIT);
  await page.getByTestId('register-phone').fill(phone);
  await page.getByTestId('register-password').fill('Citizen@2026');
  await page.getByTestId('register-submit').click();

  // The message sits on the ID number's Form.Item, which is labelled 身份证号码.
  const idItem = page.locator('.ant-form-item', { has: page.getByTestId('register-id-number') });
  const idError = idItem.locator('.ant-form-item-explain-error');
  await idError.waitFor();
  expect(await idError.textContent()).toBe('身份证号码校验位不正确');
  expect(await idItem.locator('label').textContent()).toBe('身份证号码');
  expect(await page.getByTestId('register-id-number').getAttribute('aria-invalid')).toBe('true');
  // Only that field is wrong, and the page stayed put.
  expect(await page.locator('.ant-form-item-explain-error').count()).toBe(1);
  expect(new URL(page.url()).pathname).toBe('/register');
  await screenshot(page, 'register-error-phone');

  // Corrected: the message goes and registration lands on /me.
  await page.getByTestId('register-id-number').fill(idNumber);
  await idError.waitFor({ state: 'detached' });
  await page.getByTestId('register-submit').click();
  await page.waitForURL('**/me');
  await page.getByTestId('me').waitFor();
  expect(await page.getByTestId('me-name').textContent()).toBe('张小测');
  const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
  expect(await page.getByTestId('me-id-number').textContent()).toBe(masked);
  expect(await page.getByTestId('me-phone').textContent()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  // The full number is nowhere on the page.
  expect(await page.locator('body').textContent()).not.toContain(idNumber);

  // Nothing wider than the phone.
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
  await screenshot(page, 'me-phone');
  expect(errors).toEqual([]);
});

test('the server itself refuses the wrong check digit and names the field', async () => {
  opened = await openPage(inject('baseUrl'), PHONE);
  const { page } = opened;
  await page.goto('/register');
  const res = await page.request.post('/api/auth/register/citizen', {
    headers: { 'x-csrf-token': await csrfToken(page) },
    data: { name: '李小测', idNumber: BAD_CHECK_DIGIT, phone: randomPhone(), password: 'Citizen@2026' },
  });
  expect(res.status()).toBe(400);
  const problem = (await res.json()) as { errors?: { field: string; zh: string }[] };
  expect(problem.errors).toContainEqual(
    expect.objectContaining({ field: 'idNumber', zh: '身份证号码校验位不正确' }),
  );
});
