import { DatePicker, Form, Input, Select, type FormRule } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { creditCodeRule, idNumberRule, normaliseId, phoneRule } from '../auth/validators';
import { BusinessScopeInput } from '../joint-review/BusinessScopeInput';
import { useAppT } from './i18n';
import { fieldLabel } from './model';
import type { CatalogueField } from './types';

/** Today and earlier only (a birth date, a date already passed), by the Shanghai calendar. */
const isFuture = (d: Dayjs | null | undefined): boolean =>
  !!d && d.isAfter(dayjs(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)), 'day');

/**
 * The Form.Items of an item's form schema, named `['form', key]` so the server's `form.<key>` errors
 * land on them. The same client checks as the register page for ID numbers, credit codes and phones.
 */
export function SchemaFields({ fields }: { fields: readonly CatalogueField[] }) {
  const { at, t, lang } = useAppT();
  return (
    <>
      {fields.map((f) => {
        const label = fieldLabel(f, lang);
        const rules: FormRule[] = [];
        if (f.required) {
          rules.push({
            required: true,
            whitespace: f.type !== 'number' && f.type !== 'date' && f.type !== 'select',
            message: t('common.required', { field: label }),
          });
        }
        const testId = `field-${f.key}`;
        let input: React.ReactNode;
        let normalize: ((v: unknown) => unknown) | undefined;
        switch (f.type) {
          case 'idNumber':
            rules.push(idNumberRule(t));
            normalize = normaliseId;
            input = (
              <Input
                maxLength={18}
                autoComplete="off"
                placeholder={at('field.idNumberPlaceholder')}
                data-testid={testId}
              />
            );
            break;
          case 'creditCode':
            rules.push(creditCodeRule(t));
            normalize = normaliseId;
            input = (
              <Input
                maxLength={18}
                autoComplete="off"
                placeholder={at('field.creditCodePlaceholder')}
                data-testid={testId}
              />
            );
            break;
          case 'phone':
            rules.push(phoneRule(t));
            input = (
              <Input
                maxLength={11}
                inputMode="tel"
                autoComplete="tel"
                placeholder={at('field.phonePlaceholder')}
                data-testid={testId}
              />
            );
            break;
          case 'number':
            // A text input with a numeric keyboard: what is typed is what the form holds, on every phone.
            rules.push({
              validator: async (_r, v: unknown) => {
                if (v === undefined || v === null || v === '') return;
                const n = Number(v);
                if (!Number.isFinite(n)) throw new Error(at('field.notNumber', { field: label }));
                if (f.min !== undefined && n < f.min)
                  throw new Error(at('field.tooSmall', { field: label, min: f.min }));
                if (f.max !== undefined && n > f.max)
                  throw new Error(at('field.tooBig', { field: label, max: f.max }));
              },
            });
            normalize = (v: unknown) => (typeof v === 'string' ? v.replace(/[^\d.-]/g, '') : v);
            input = <Input inputMode="decimal" autoComplete="off" data-testid={testId} />;
            break;
          case 'date':
            if (f.pastDate) {
              rules.push({
                validator: async (_r, v: Dayjs | null | undefined) => {
                  if (isFuture(v)) throw new Error(at('field.futureDate', { field: label }));
                },
              });
            }
            input = (
              <DatePicker
                className="yw-full"
                inputReadOnly
                {...(f.pastDate ? { disabledDate: isFuture } : {})}
                data-testid={testId}
              />
            );
            break;
          case 'select':
            input = (
              <Select
                data-testid={testId}
                options={(f.options ?? []).map((o) => ({
                  value: o.value,
                  label: o.label[lang] || o.label.zh,
                }))}
              />
            );
            break;
          case 'businessScope':
            if (f.maxLength)
              rules.push({
                max: f.maxLength,
                message: at('field.tooLong', { field: label, max: f.maxLength }),
              });
            // 合议核准制: approved wordings are offered as the applicant types.
            input = (
              <BusinessScopeInput {...(f.maxLength ? { maxLength: f.maxLength } : {})} data-testid={testId} />
            );
            break;
          case 'textarea':
            if (f.maxLength)
              rules.push({
                max: f.maxLength,
                message: at('field.tooLong', { field: label, max: f.maxLength }),
              });
            input = (
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 10 }}
                {...(f.maxLength ? { maxLength: f.maxLength, showCount: true } : {})}
                data-testid={testId}
              />
            );
            break;
          default:
            if (f.maxLength)
              rules.push({
                max: f.maxLength,
                message: at('field.tooLong', { field: label, max: f.maxLength }),
              });
            input = (
              <Input
                {...(f.maxLength ? { maxLength: f.maxLength } : {})}
                autoComplete={f.type === 'address' ? 'street-address' : 'off'}
                data-testid={testId}
              />
            );
        }
        return (
          <Form.Item
            key={f.key}
            name={['form', f.key]}
            label={label}
            rules={rules}
            required={f.required}
            {...(normalize ? { normalize } : {})}
          >
            {input}
          </Form.Item>
        );
      })}
    </>
  );
}

/** Stored draft values back into what the inputs take: date strings become dayjs. */
export function draftToFormValues(
  fields: readonly CatalogueField[],
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = stored[f.key];
    if (v === undefined || v === null) continue;
    if (f.type === 'date') {
      const d = typeof v === 'string' ? dayjs(v) : null;
      if (d?.isValid()) out[f.key] = d;
    } else out[f.key] = v;
  }
  return out;
}
