import { useState } from 'react';
import { Alert, App, Input, Modal, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { errorText } from '../../api/problem';
import type { Citizen, SessionUser } from '../../api/types';
import type { Lang } from '../../i18n/messages';
import { useLocale } from '../../i18n/useT';
import { downloadText } from '../../lib/download';

/** Strings of the 个人信息保护法 actions, zh first. */
const TEXT = {
  zh: {
    export: '导出个人信息',
    erase: '删除个人信息',
    exported: '已导出 {name} 的个人信息（已记入审计日志）',
    eraseTitle: '删除 {name} 的个人信息',
    eraseWarning:
      '将删除姓名、身份证号码、手机号码、登录能力、会话和通知，并去除12345来电和工单中的联系方式。依法须保存的记录（已办结的办件、已签发的电子证照、信用记录、评价和审计日志）将保留。此操作不可撤销，并记入审计日志。',
    reason: '删除依据（如：本人书面申请及日期）',
    reasonRequired: '请填写删除依据（至少2个字）',
    confirm: '确认删除',
    erased: '已删除 {name} 的个人信息',
  },
  en: {
    export: 'Export personal data',
    erase: 'Erase personal data',
    exported: "{name}'s personal data exported (recorded in the audit log)",
    eraseTitle: "Erase {name}'s personal data",
    eraseWarning:
      'Removes the name, ID number, phone, sign-in, sessions and notifications, and the contact details on 12345 calls and work orders. Records the law requires us to keep (decided applications, issued e-licences, credit records, ratings and the audit log) are kept. This cannot be undone and is recorded in the audit log.',
    reason: 'Grounds for erasure (e.g. written request and its date)',
    reasonRequired: 'Give the grounds (at least 2 characters)',
    confirm: 'Erase',
    erased: "{name}'s personal data erased",
  },
} as const satisfies Record<Lang, Record<string, string>>;

const fill = (text: string, name: string) => text.replace('{name}', name);

/**
 * Whether the user handles 个人信息保护法 requests: an administrator of the district unit itself
 * (the server checks the same).
 */
export const handlesPersonalDataRequests = (user: SessionUser | null | undefined) =>
  !!user && user.roles.includes('admin') && user.unit?.kind === 'district';

/** Export (JSON download) and erase (with a reason, confirmed) buttons for one citizen. */
export function PersonRightsActions({ citizen }: { citizen: Citizen }) {
  const { lang } = useLocale();
  const text = TEXT[lang];
  const { message } = App.useApp();
  const [erasing, setErasing] = useState(false);
  const exportData = useMutation({
    mutationFn: () => api.get<unknown>(`/api/citizens/${citizen.id}/export`),
    onSuccess: (data) => {
      downloadText(`person-${citizen.id}.json`, JSON.stringify(data, null, 2), 'application/json');
      void message.success(fill(text.exported, citizen.name));
    },
    onError: (error) => void message.error(errorText(error, lang)),
  });
  return (
    <Space size="small">
      <Typography.Link
        data-testid={`citizen-export-${citizen.id}`}
        disabled={exportData.isPending}
        onClick={() => exportData.mutate()}
      >
        {text.export}
      </Typography.Link>
      <Typography.Link
        type="danger"
        data-testid={`citizen-erase-${citizen.id}`}
        onClick={() => setErasing(true)}
      >
        {text.erase}
      </Typography.Link>
      {erasing && <EraseDialog citizen={citizen} onClose={() => setErasing(false)} />}
    </Space>
  );
}

function EraseDialog({ citizen, onClose }: { citizen: Citizen; onClose: () => void }) {
  const { lang } = useLocale();
  const text = TEXT[lang];
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const erase = useMutation({
    mutationFn: () => api.post(`/api/citizens/${citizen.id}/erase`, { confirm: true, reason: reason.trim() }),
    onSuccess: async () => {
      void message.success(fill(text.erased, citizen.name));
      await queryClient.invalidateQueries({ queryKey: ['citizens'] });
      onClose();
    },
  });
  const tooShort = reason.trim().length < 2;
  return (
    <Modal
      open
      title={fill(text.eraseTitle, citizen.name)}
      onCancel={onClose}
      data-testid="citizen-erase-modal"
      okText={text.confirm}
      okButtonProps={{ danger: true, loading: erase.isPending, 'data-testid': 'citizen-erase-confirm' }}
      onOk={() => {
        setTried(true);
        if (!tooShort) erase.mutate();
      }}
    >
      <Alert type="warning" showIcon title={text.eraseWarning} className="yw-form-error" />
      <Input.TextArea
        aria-label={text.reason}
        placeholder={text.reason}
        data-testid="citizen-erase-reason"
        maxLength={500}
        rows={3}
        value={reason}
        status={tried && tooShort ? 'error' : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
      {tried && tooShort && <Typography.Text type="danger">{text.reasonRequired}</Typography.Text>}
      {erase.isError && (
        <Alert type="error" showIcon title={errorText(erase.error, lang)} data-testid="form-error" />
      )}
    </Modal>
  );
}
