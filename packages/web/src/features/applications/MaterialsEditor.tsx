import { useRef } from 'react';
import { Button, Checkbox, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloudServerOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useAppT, type AppT } from './i18n';
import { fileProblem, licenseTypeName, type PlannedMaterial } from './model';
import type { Lang } from '../../i18n/messages';

/** The source tag of a material: 免提交·电子证照库 No.…, 同批办理·核发后自动关联, 免提交·部门共享, or 上传. */
export function MaterialSourceTag({ m, at }: { m: PlannedMaterial; at: AppT }) {
  if (m.source === 'elicense' && !m.license && m.issuedInBundle) {
    return (
      <Tag
        color="cyan"
        icon={<CloudServerOutlined />}
        data-testid={`material-source-${m.key}`}
        data-source="bundle"
        className="yw-wrap-tag"
      >
        {at('material.issuedInBundle')}
      </Tag>
    );
  }
  if (m.source === 'elicense') {
    return (
      <Tag
        color="green"
        icon={<CloudServerOutlined />}
        data-testid={`material-source-${m.key}`}
        data-source="elicense"
        className="yw-wrap-tag"
      >
        {m.license ? at('material.fromLicenseNo', { no: m.license.licenseNo }) : at('material.fromLicense')}
      </Tag>
    );
  }
  if (m.source === 'district') {
    return (
      <Tag
        color="cyan"
        icon={<CloudServerOutlined />}
        data-testid={`material-source-${m.key}`}
        data-source="district"
      >
        {at('material.fromDistrict')}
      </Tag>
    );
  }
  return (
    <Tag data-testid={`material-source-${m.key}`} data-source="upload">
      {at('material.upload')}
    </Tag>
  );
}

export interface MaterialsEditorProps {
  plan: readonly PlannedMaterial[];
  files: Record<string, File | undefined>;
  onFile: (key: string, file: File | undefined) => void;
  toleranceAllowed: boolean;
  tolerated: readonly string[];
  onTolerated: (keys: string[]) => void;
  /** Messages per material key (client checks and the server's `materials.<key>` errors). */
  errors: Record<string, string | undefined>;
  onError: (key: string, message: string | undefined) => void;
  /** Whether the wallet was read (online applicants); clerks see the server fill e-licences. */
  walletKnown: boolean;
}

/** The material list of an application: where each comes from, an upload per material, 容缺 choices. */
export function MaterialsEditor(props: MaterialsEditorProps) {
  const { at, lang } = useAppT();
  return (
    <div data-testid="materials" className="yw-list">
      {props.plan.map((m) => (
        <MaterialRow key={m.key} m={m} {...props} at={at} lang={lang} />
      ))}
    </div>
  );
}

function MaterialRow({
  m,
  files,
  onFile,
  toleranceAllowed,
  tolerated,
  onTolerated,
  errors,
  onError,
  walletKnown,
  at,
  lang,
}: MaterialsEditorProps & { m: PlannedMaterial; at: AppT; lang: Lang }) {
  const input = useRef<HTMLInputElement>(null);
  const file = files[m.key];
  const isTolerated = tolerated.includes(m.key) && !file;
  const error = errors[m.key];
  // An e-licence the library does not hold for the applicant may be given as a scan instead.
  // 证照联办: one issued by another item of the bundle is linked once issued, never asked for.
  const fromBundle = m.source === 'elicense' && !m.license && m.issuedInBundle === true;
  const uploadable = m.source === 'upload' || (m.source === 'elicense' && !m.license && !fromBundle);
  return (
    <div data-testid={`material-${m.key}`} data-source={m.source} className="yw-list-item yw-material">
      <div className="yw-material-head">
        <Typography.Text strong className="yw-wrap">
          {m.name}
        </Typography.Text>
        <Space size={4} wrap>
          {m.source === 'upload' && (
            <Tag color={m.required ? 'red' : 'default'}>
              {m.required ? at('material.required') : at('material.optional')}
            </Tag>
          )}
          {m.tolerable && toleranceAllowed && <Tag color="gold">{at('material.tolerable')}</Tag>}
          <MaterialSourceTag m={m} at={at} />
        </Space>
      </div>
      {m.source === 'elicense' && !m.license && !fromBundle && walletKnown && (
        <Typography.Text type="secondary" className="yw-material-note">
          {at('material.fromLicenseMissing', { type: licenseTypeName(m.license, lang) ?? m.name })}
        </Typography.Text>
      )}
      {m.source === 'elicense' && m.license && (
        <Typography.Text
          type="secondary"
          className="yw-material-note"
          data-testid={`material-license-${m.key}`}
        >
          <CheckCircleFilled className="yw-ok-icon" /> {m.license.title}
        </Typography.Text>
      )}
      {m.source === 'elicense' && !m.license && !fromBundle && !walletKnown && (
        <Typography.Text type="secondary" className="yw-material-note">
          {at('material.licenseFallback')}
        </Typography.Text>
      )}
      {uploadable && (
        <div className="yw-material-upload">
          <input
            ref={input}
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            className="yw-hidden-input"
            data-testid={`material-input-${m.key}`}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              const problem = fileProblem(f);
              if (problem) {
                onError(m.key, at(`material.${problem}`));
                return;
              }
              onError(m.key, undefined);
              onFile(m.key, f);
            }}
          />
          <Space wrap size={8}>
            <Button
              icon={<UploadOutlined />}
              size="small"
              disabled={isTolerated}
              onClick={() => input.current?.click()}
              data-testid={`material-choose-${m.key}`}
            >
              {file ? at('material.replace') : at('material.choose')}
            </Button>
            {file ? (
              <span className="yw-file-name" data-testid={`material-file-${m.key}`}>
                <PaperClipOutlined /> {file.name}
                <Button
                  type="link"
                  size="small"
                  onClick={() => onFile(m.key, undefined)}
                  data-testid={`material-remove-${m.key}`}
                >
                  {at('material.remove')}
                </Button>
              </span>
            ) : (
              <Typography.Text type="secondary" className="yw-hint">
                {at('material.hint')}
              </Typography.Text>
            )}
          </Space>
          {toleranceAllowed && m.tolerable && !file && (
            <Checkbox
              className="yw-material-tolerate"
              checked={isTolerated}
              data-testid={`material-tolerate-${m.key}`}
              onChange={(e) =>
                onTolerated(
                  e.target.checked
                    ? [...tolerated.filter((k) => k !== m.key), m.key]
                    : tolerated.filter((k) => k !== m.key),
                )
              }
            >
              {at('apply.tolerate')}
            </Checkbox>
          )}
        </div>
      )}
      {error && (
        <Typography.Text type="danger" data-testid={`material-error-${m.key}`} className="yw-material-error">
          {error}
        </Typography.Text>
      )}
    </div>
  );
}
