import type { FormField } from '@yiwang/domain';

/**
 * A valid value for each field of a generated form — for tests, journeys and benchmarks that
 * file real applications for seeded items.
 *
 * @example
 * const form = sampleForm(item.definition.form.fields);
 */
export function sampleForm(fields: readonly FormField[]): Record<string, string | number> {
  const form: Record<string, string | number> = {};
  for (const f of fields) {
    if (!f.required) continue;
    form[f.key] = sampleValue(f);
  }
  return form;
}

function sampleValue(f: FormField): string | number {
  switch (f.type) {
    case 'number':
      return f.min ?? 1;
    case 'date':
      return '2020-01-15';
    case 'select':
      return f.options?.[0]?.value ?? '';
    case 'idNumber':
      return '11010519491231002X';
    case 'creditCode':
      return '91310109MA1HKQ3W56';
    case 'phone':
      return '13800001111';
    case 'address':
      return '上海市虹口区东大名路 1 号';
    case 'businessScope':
      return '餐饮服务；食品销售';
    case 'textarea':
    case 'text':
      return `测试${f.key}`.slice(0, f.maxLength ?? 50);
  }
}
