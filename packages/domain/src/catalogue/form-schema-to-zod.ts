import { z } from 'zod';
import type { LocalizedText } from '../localized-text';
import { isoDateToDayIndex, shanghaiDate } from '../calendar/shanghai-time';
import { CreditCode, MobilePhone, ResidentId } from '../identity/identity-schemas';
import type { IdentityIssueParams } from '../identity/identity-issue';
import type { FormField, ServiceForm } from './service-item';

/** A submitted form's values: strings, and numbers for `number` fields; optional fields left empty are absent. */
export type FormValues = Record<string, string | number>;

export type FormSchemaOptions = {
  /** Today's date in Shanghai (`YYYY-MM-DD`) for `pastDate` fields; defaults to the current date. */
  today?: string;
};

type Refusal = { reason: string } & LocalizedText;
type Checked = { ok: true; value: string | number } | { ok: false; refusal: Refusal };

const DEFAULT_MAX_LENGTH: Record<FormField['type'], number> = {
  text: 200,
  textarea: 2000,
  number: 0,
  date: 10,
  select: 60,
  idNumber: 18,
  creditCode: 18,
  phone: 11,
  address: 200,
  businessScope: 1000,
};

const refuse = (field: FormField, reason: string, zh: string, en: string): Checked => ({
  ok: false,
  refusal: { reason, zh: `${field.label.zh}${zh}`, en: `${field.label.en}: ${en}` },
});

/** Run an identity schema and name the field in its message. */
function identity(field: FormField, schema: z.ZodType<string>, value: string): Checked {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const params = (result.error.issues[0] as { params?: IdentityIssueParams } | undefined)?.params;
  return refuse(
    field,
    params?.reason ?? 'format',
    `：${params?.zh ?? '格式不正确'}`,
    params?.en ?? 'has the wrong format',
  );
}

function checkField(field: FormField, raw: unknown, today: string): Checked {
  if (field.type === 'number') {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n))
      return refuse(field, 'type', '应为数字', 'must be a number');
    if (field.min !== undefined && n < field.min)
      return refuse(field, 'too-small', `不能小于 ${field.min}`, `must be at least ${field.min}`);
    if (field.max !== undefined && n > field.max)
      return refuse(field, 'too-big', `不能大于 ${field.max}`, `must be at most ${field.max}`);
    return { ok: true, value: n };
  }
  if (typeof raw !== 'string') return refuse(field, 'type', '应为文字', 'must be text');
  const value = raw.trim();
  const maxLength = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
  if ([...value].length > maxLength)
    return refuse(field, 'too-long', `最多 ${maxLength} 个字`, `must have at most ${maxLength} characters`);
  if (/[\p{Cc}]/u.test(value.replace(/[\r\n\t]/g, '')))
    return refuse(field, 'control', '含有不可见的控制字符', 'contains control characters');
  switch (field.type) {
    case 'idNumber':
      return identity(field, ResidentId, value);
    case 'creditCode':
      return identity(field, CreditCode, value);
    case 'phone':
      return identity(field, MobilePhone, value);
    case 'select':
      return field.options?.some((o) => o.value === value)
        ? { ok: true, value }
        : refuse(field, 'option', '的取值不在可选范围内', 'is not one of the choices');
    case 'date': {
      const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? isoDateToDayIndex(value) : undefined;
      if (day === undefined)
        return refuse(field, 'date', '应为有效日期（年-月-日）', 'must be a valid date (YYYY-MM-DD)');
      if (field.pastDate && day > (isoDateToDayIndex(today) ?? day))
        return refuse(field, 'future-date', '不能晚于今天', 'cannot be in the future');
      return { ok: true, value };
    }
    case 'address':
    case 'businessScope':
      return [...value].length < 2
        ? refuse(field, 'too-short', '至少 2 个字', 'must have at least 2 characters')
        : { ok: true, value };
    default:
      return { ok: true, value };
  }
}

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * A zod schema for the data submitted through an item's form. Every issue is `code: 'custom'`
 * at the field's key, with the Chinese text as `message` and `params` = `{ reason, zh, en }`
 * naming the field by its label — as the identity schemas do — so the server turns it into a
 * problem naming the field. Text is trimmed, ID numbers and credit codes upper-cased, numbers
 * may come as numeric strings; optional fields left empty are dropped; keys not in the form
 * are refused.
 *
 * @example
 * const schema = formSchemaToZod(definition.form);
 * schema.parse({ companyName: '上海某某餐饮有限公司', legalRepIdNumber: '11010519491231002x' });
 * // { companyName: '上海某某餐饮有限公司', legalRepIdNumber: '11010519491231002X' }
 * schema.safeParse({ birthDate: '2999-01-01' }).error?.issues[0]?.params;
 * // { reason: 'future-date', zh: '出生日期不能晚于今天', en: 'Date of birth: cannot be in the future' }
 */
export function formSchemaToZod(form: ServiceForm, options: FormSchemaOptions = {}): z.ZodType<FormValues> {
  const fields = form.fields;
  return z.record(z.string(), z.unknown()).transform((input, ctx) => {
    const today = options.today ?? shanghaiDate(Date.now());
    const out: FormValues = {};
    const known = new Set(fields.map((f) => f.key));
    for (const key of Object.keys(input)) {
      if (known.has(key)) continue;
      const params: IdentityIssueParams = {
        reason: 'unknown-field',
        zh: `表单中没有字段 ${key}`,
        en: `the form has no field ${key}`,
      };
      ctx.addIssue({ code: 'custom', path: [key], message: params.zh, params });
    }
    for (const field of fields) {
      const raw = input[field.key];
      if (isEmpty(raw)) {
        if (field.required) {
          const params: IdentityIssueParams = {
            reason: 'required',
            zh: `请填写${field.label.zh}`,
            en: `${field.label.en} is required`,
          };
          ctx.addIssue({ code: 'custom', path: [field.key], message: params.zh, params });
        }
        continue;
      }
      const checked = checkField(field, raw, today);
      if (checked.ok) out[field.key] = checked.value;
      else
        ctx.addIssue({
          code: 'custom',
          path: [field.key],
          message: checked.refusal.zh,
          params: checked.refusal,
        });
    }
    return out;
  });
}
