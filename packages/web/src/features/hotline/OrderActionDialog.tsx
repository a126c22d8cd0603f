import { useState, type ReactNode } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import { errorText } from '../../api/problem';
import { useHlT } from './i18n';

/** An action on an order from the desk, with the version seen (409: reload). */
function useOrderAction(onDone: () => void) {
  const { ht, lang } = useHlT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { caseId: string; body: Record<string, unknown> }) =>
      api.post(`/api/work-orders/${v.caseId}/actions`, v.body),
    onSuccess: () => {
      message.success(ht('hl.saved'));
      void qc.invalidateQueries({ queryKey: ['hotline'] });
      void qc.invalidateQueries({ queryKey: ['work-orders'] });
      onDone();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        message.warning(ht('hl.stale'));
        void qc.invalidateQueries({ queryKey: ['hotline'] });
      } else message.error(errorText(e, lang));
    },
  });
}

/**
 * The dialog recording a first contact (`contact`) or a callback (`callback`) on the order in
 * `target`: any fields of the action's own (`children`, their values in `data`), then the note.
 * It closes itself and calls `onDone` once saved.
 * @example <OrderActionDialog target={t} title="回访" action="callback" data={{ satisfaction }} onClose={close} onDone={reset}><Rate …/></OrderActionDialog>
 */
export function OrderActionDialog({
  target,
  title,
  action,
  data,
  okDisabled,
  onClose,
  onDone,
  children,
}: {
  target: { caseId: string; orderNo: string; version: number } | null;
  title: string;
  action: 'contact' | 'callback';
  data?: Record<string, unknown>;
  okDisabled?: boolean;
  onClose: () => void;
  /** After the action is saved (the dialog clears its note itself). */
  onDone: () => void;
  children?: ReactNode;
}) {
  const { ht } = useHlT();
  const [note, setNote] = useState('');
  const act = useOrderAction(() => {
    setNote('');
    onDone();
  });
  return (
    <Modal
      open={!!target}
      title={`${title} · ${target?.orderNo ?? ''}`}
      onCancel={onClose}
      okButtonProps={{ disabled: okDisabled ?? false }}
      confirmLoading={act.isPending}
      onOk={() =>
        target &&
        act.mutate({
          caseId: target.caseId,
          body: {
            action,
            expectedVersion: target.version,
            ...(data ? { data } : {}),
            ...(note.trim() ? { comment: note.trim() } : {}),
          },
        })
      }
    >
      <Form layout="vertical">
        {children}
        <Form.Item label={ht('hl.contactNote')}>
          <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
