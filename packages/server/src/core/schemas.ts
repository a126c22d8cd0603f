import { z } from 'zod';
import type { LocalizedText } from '@yiwang/domain';

/** A string check whose failure carries Chinese and English text (zod issue params, as the identity schemas do). */
export const checkedString = (check: (value: string) => boolean, text: LocalizedText) =>
  z.string().superRefine((value, ctx) => {
    if (!check(value))
      ctx.addIssue({ code: 'custom', message: text.zh, params: { reason: 'format', ...text } });
  });

export const Password = checkedString(
  (v) => v.length >= 8 && v.length <= 128 && /[A-Za-z]/.test(v) && /\d/.test(v),
  {
    zh: '密码须为 8–128 位，且同时包含字母和数字',
    en: 'the password must be 8–128 characters with letters and digits',
  },
);

export const PersonName = checkedString(
  (v) => v.trim().length >= 1 && v.length <= 50 && !/[\p{Cc}<>]/u.test(v),
  {
    zh: '姓名须为 1–50 个字符，且不含特殊符号',
    en: 'the name must be 1–50 characters without control characters or < >',
  },
);

export const Username = checkedString((v) => /^[a-z][a-z0-9._-]{2,31}$/.test(v), {
  zh: '用户名须为 3–32 位小写字母、数字或 . _ -，以字母开头',
  en: 'the username must be 3–32 lowercase letters, digits, . _ or -, starting with a letter',
});

export const Uuid = checkedString(
  (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  {
    zh: '标识格式不正确',
    en: 'must be a UUID',
  },
);

export const IdParams = z.object({ id: Uuid });

export const Page = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});

export const LocalizedTextSchema = z.object({ zh: z.string(), en: z.string() });
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  zh: z.string(),
  en: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), zh: z.string(), en: z.string() })).optional(),
});
