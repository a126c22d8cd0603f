import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Progress, Space, Typography } from 'antd';
import { ApiError } from '../../api/problem';
import { FormError, showProblem } from '../../app/components/FormError';
import { useAppT } from './i18n';
import { MaterialsEditor } from './MaterialsEditor';
import { SchemaFields, draftToFormValues } from './SchemaFields';
import {
  applicationFormData,
  buildPayload,
  missingUploads,
  parseDraft,
  planMaterials,
  serialiseDraft,
} from './model';
import { postMultipart } from './upload';
import type {
  ApplicationPayload,
  CatalogueField,
  CatalogueItem,
  CatalogueMaterial,
  Channel,
  WalletLicense,
} from './types';

export interface SubmitResult {
  id: string;
  applicationNo: string;
}

interface Values {
  form?: Record<string, unknown>;
  applicant?: Record<string, string | undefined>;
  pledge?: boolean;
  remoteConsultation?: string;
}

export interface ApplicationFormProps {
  target: { kind: 'item' | 'bundle'; code: string };
  items: readonly CatalogueItem[];
  fields: readonly CatalogueField[];
  materials: readonly CatalogueMaterial[];
  channel: Channel;
  /** The applicant's wallet (online); undefined when the server fills e-licences for someone else. */
  wallet?: readonly WalletLicense[];
  /** localStorage key for the draft (online applicants only). */
  draftKey?: string;
  /** Form.Items above the schema's (the clerk's applicant section, named `['applicant', …]`). */
  header?: ReactNode;
  /** Turns the header's values into the payload's applicant. */
  applicant?: (values: Record<string, string | undefined>) => ApplicationPayload['applicant'];
  /** Told of every failed submission (the window page looks for an unknown applicant). */
  onProblem?: (e: unknown) => void;
  onSubmitted: (result: SubmitResult) => void;
  submitLabel?: string;
}

/** Materials whose messages come back as `materials.<key>`. */
function materialErrors(e: unknown, lang: 'zh' | 'en'): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(e instanceof ApiError)) return out;
  for (const f of e.errors) {
    const m = /^materials?\.(.+)$/.exec(f.field);
    if (m) out[m[1]!] = lang === 'zh' ? f.zh : f.en;
  }
  return out;
}

/**
 * The application form shared by online applicants and the window: fields from the schema, the
 * material list with its sources and uploads, 告知承诺, 容缺, a draft kept in localStorage, and a
 * multipart submission with upload progress.
 */
export function ApplicationForm(props: ApplicationFormProps) {
  const { at, lang } = useAppT();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<Record<string, File | undefined>>({});
  const [tolerated, setTolerated] = useState<string[]>([]);
  const [matErrors, setMatErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [restored, setRestored] = useState(false);
  const submitting = progress !== null;

  const pledgeAllowed = props.items.length > 0 && props.items.every((i) => i.definition.pledgeAllowed);
  // As the server rules: 容缺 only when every item of the application allows it.
  const toleranceAllowed = props.items.length > 0 && props.items.every((i) => i.definition.toleranceAllowed);
  const plan = useMemo(
    () => planMaterials(props.materials, props.wallet, props.items),
    [props.materials, props.wallet, props.items],
  );
  const hasTolerable = toleranceAllowed && plan.some((m) => m.tolerable && m.source === 'upload');

  // Restore the draft once the schema is known.
  const restoredFor = useRef<string | null>(null);
  useEffect(() => {
    if (!props.draftKey || restoredFor.current === props.draftKey) return;
    restoredFor.current = props.draftKey;
    let text: string | null;
    try {
      text = localStorage.getItem(props.draftKey);
    } catch {
      return;
    }
    const draft = parseDraft(text);
    if (!draft) return;
    form.setFieldsValue({ form: draftToFormValues(props.fields, draft.form), pledge: draft.pledge === true });
    setTolerated(draft.tolerated ?? []);
    setRestored(true);
  }, [props.draftKey, props.fields, form]);

  const saveDraft = (nextTolerated = tolerated) => {
    if (!props.draftKey) return;
    const v = form.getFieldsValue(true) as Values;
    try {
      localStorage.setItem(
        props.draftKey,
        serialiseDraft(props.fields, v.form ?? {}, { pledge: v.pledge === true, tolerated: nextTolerated }),
      );
    } catch {
      // Storage full or unavailable: the form still works without a draft.
    }
  };

  const clearDraft = () => {
    if (!props.draftKey) return;
    try {
      localStorage.removeItem(props.draftKey);
    } catch {
      // nothing to clear
    }
  };

  const submit = async (values: Values) => {
    setError(null);
    const missing = missingUploads(plan, files, tolerated);
    if (missing.length) {
      const next: Record<string, string> = {};
      for (const m of missing) next[m.key] = at('apply.missingMaterial', { name: m.name });
      setMatErrors((prev) => ({ ...prev, ...next }));
      document
        .querySelector(`[data-testid="material-${missing[0]!.key}"]`)
        ?.scrollIntoView({ block: 'center' });
      return;
    }
    const payload = buildPayload({
      target: props.target,
      fields: props.fields,
      values: values.form ?? {},
      channel: props.channel,
      pledgeAllowed,
      pledge: values.pledge === true,
      toleranceAllowed,
      tolerated,
      plan,
      files,
      ...(props.applicant ? { applicant: props.applicant(values.applicant ?? {}) } : {}),
      ...(values.remoteConsultation ? { remoteConsultation: values.remoteConsultation } : {}),
    });
    const uploads: Record<string, File | undefined> = {};
    for (const m of plan) if (files[m.key] && !m.license) uploads[m.key] = files[m.key];
    setProgress(0);
    try {
      const result = await postMultipart<SubmitResult>(
        '/api/applications',
        applicationFormData(payload, uploads),
        setProgress,
      );
      clearDraft();
      props.onSubmitted(result);
    } catch (e) {
      setError(e);
      showProblem(form, e, lang);
      setMatErrors((prev) => ({ ...prev, ...materialErrors(e, lang) }));
      props.onProblem?.(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <Form<Values>
      form={form}
      name="application"
      layout="vertical"
      scrollToFirstError
      disabled={submitting}
      onValuesChange={() => saveDraft()}
      onFinish={(v) => void submit(v)}
      onFinishFailed={() => setError(null)}
      data-testid="application-form"
    >
      {props.header}
      {restored && (
        <Alert
          type="info"
          showIcon
          className="yw-form-error"
          data-testid="draft-restored"
          title={at('apply.draftRestored')}
          action={
            <Button
              size="small"
              type="link"
              data-testid="draft-clear"
              onClick={() => {
                clearDraft();
                form.resetFields(['form', 'pledge']);
                setTolerated([]);
                setRestored(false);
              }}
            >
              {at('apply.clearDraft')}
            </Button>
          }
        />
      )}
      <Card size="small" title={at('apply.formSection')} className="yw-section" data-testid="form-section">
        <SchemaFields fields={props.fields} />
      </Card>

      <Card
        size="small"
        title={at('apply.materialsSection')}
        className="yw-section"
        data-testid="materials-section"
      >
        {hasTolerable && (
          <Typography.Paragraph type="secondary" className="yw-hint" data-testid="tolerance-note">
            {at('apply.toleranceNote')}
          </Typography.Paragraph>
        )}
        <MaterialsEditor
          plan={plan}
          files={files}
          onFile={(key, file) => {
            setFiles((prev) => ({ ...prev, [key]: file }));
            if (file) setMatErrors((prev) => ({ ...prev, [key]: undefined }));
          }}
          toleranceAllowed={toleranceAllowed}
          tolerated={tolerated}
          onTolerated={(keys) => {
            setTolerated(keys);
            setMatErrors((prev) => {
              const next = { ...prev };
              for (const k of keys) delete next[k];
              return next;
            });
            saveDraft(keys);
          }}
          errors={matErrors}
          onError={(key, message) => setMatErrors((prev) => ({ ...prev, [key]: message }))}
          walletKnown={props.wallet !== undefined}
        />
      </Card>

      {pledgeAllowed && (
        <Card
          size="small"
          title={at('apply.pledgeSection')}
          className="yw-section"
          data-testid="pledge-section"
        >
          <Typography.Paragraph className="yw-pledge-text">{at('apply.pledgeText')}</Typography.Paragraph>
          <Form.Item name="pledge" valuePropName="checked" noStyle>
            <Checkbox data-testid="apply-pledge">{at('apply.pledge')}</Checkbox>
          </Form.Item>
        </Card>
      )}

      {props.channel === 'station' && (
        <Card size="small" title={at('window.remote')} className="yw-section">
          <Form.Item name="remoteConsultation" rules={[{ max: 2000 }]} noStyle>
            <Input.TextArea
              rows={3}
              maxLength={2000}
              showCount
              placeholder={at('window.remotePlaceholder')}
              data-testid="window-remote"
            />
          </Form.Item>
        </Card>
      )}

      <FormError error={error} />
      <Space orientation="vertical" className="yw-full yw-submit-bar">
        {submitting && (
          <Progress
            percent={progress ?? 0}
            size="small"
            status="active"
            data-testid="apply-progress"
            format={(p) => at('apply.uploadProgress', { percent: p ?? 0 })}
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={submitting}
          data-testid="apply-submit"
        >
          {submitting ? at('apply.submitting') : (props.submitLabel ?? at('apply.submit'))}
        </Button>
        {props.draftKey && (
          <Typography.Text type="secondary" className="yw-hint">
            {at('apply.draftSaved')}
          </Typography.Text>
        )}
      </Space>
    </Form>
  );
}
