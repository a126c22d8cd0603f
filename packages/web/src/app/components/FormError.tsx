import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { errorText, fieldErrors } from '../../api/problem';
import { useLocale } from '../../i18n/useT';

/** The problem's own message above a form; the field messages go on the Form.Items through `showProblem`. */
export function FormError({ error }: { error: unknown }) {
  const { lang } = useLocale();
  if (!error) return null;
  const text = errorText(error, lang);
  // When the server's summary repeats a field message, the message under the field is enough.
  if (fieldErrors(error, lang).some((f) => f.errors.includes(text))) return null;
  return <Alert type="error" showIcon title={text} data-testid="form-error" className="yw-form-error" />;
}

/** Puts each `errors[]` entry of a problem on the matching Form.Item. */
export function showProblem(form: FormInstance, error: unknown, lang: 'zh' | 'en'): void {
  const fields = fieldErrors(error, lang);
  if (fields.length) form.setFields(fields);
}
