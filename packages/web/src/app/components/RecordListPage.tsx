import { useState, type ReactNode } from 'react';
import { Button, Empty, Form, Modal, Space, Spin, Table, Typography, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMutation, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { ExportColumn } from '../../lib/export';
import { ExportButtons } from '../../lib/ExportButtons';
import { FormError } from './FormError';
import { QueryError } from './results';

/** The state of the dialog that creates a record: open or not, its form, and the request. */
export type RecordCreating<V> = {
  open: boolean;
  setOpen: (open: boolean) => void;
  form: FormInstance<V>;
  mutation: UseMutationResult<unknown, Error, V>;
};

/** The “new” button and the dialog whose form creates a record. */
export type RecordCreate<V> = RecordCreating<V> & {
  label: string;
  buttonTestId: string;
  /** The form's items. */
  fields: ReactNode;
};

/**
 * The dialog's state for RecordListPage: `post` sends the form's values, and the page of the
 * record it answers (`pathOf`) opens.
 * @example const creating = useRecordCreate((v: NewBatch) => api.post<Batch>('/api/batches', v), (b) => `/me/batches/${b.id}`);
 */
export function useRecordCreate<V, R>(
  post: (values: V) => Promise<R>,
  pathOf: (created: R) => string,
): RecordCreating<V> {
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<V>();
  const mutation = useMutation({ mutationFn: post, onSuccess: (r) => navigate(pathOf(r)) });
  return { open, setOpen, form, mutation };
}

/**
 * A list page of records one may also start: the title with export buttons and a “new” button,
 * the table (or its loading and error states), and the dialog that creates one — 一楼一次办
 * batches and 合议核准 joint reviews.
 * @example <RecordListPage testId="batches" title="…" list={list} columns={cols} exportName="batches" … />
 */
export function RecordListPage<T extends { id: string }, V extends object>({
  testId,
  title,
  list,
  columns,
  exportName,
  exportColumns,
  emptyText,
  create,
}: {
  testId: string;
  title: ReactNode;
  list: UseQueryResult<{ items: T[] }>;
  columns: ColumnsType<T>;
  /** The export's file name prefix. */
  exportName: string;
  exportColumns: ExportColumn<T>[];
  emptyText: string;
  /** Absent when the user may not create one. */
  create?: RecordCreate<V> | undefined;
}) {
  return (
    <div data-testid={testId} style={{ maxWidth: 1100, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        <Space wrap>
          <ExportButtons
            filename={exportName}
            disabled={!list.data?.items.length}
            columns={exportColumns}
            rows={list.data?.items ?? []}
          />
          {create && (
            <Button type="primary" onClick={() => create.setOpen(true)} data-testid={create.buttonTestId}>
              {create.label}
            </Button>
          )}
        </Space>
      </Space>
      {list.isPending ? (
        <Spin className="yw-page-spin" />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<T>
          rowKey="id"
          size="small"
          scroll={{ x: 'max-content' }}
          dataSource={list.data.items}
          locale={{ emptyText: <Empty description={emptyText} /> }}
          columns={columns}
        />
      )}
      {create && (
        <Modal
          open={create.open}
          title={create.label}
          onCancel={() => create.setOpen(false)}
          onOk={() => create.form.submit()}
          confirmLoading={create.mutation.isPending}
          destroyOnHidden
        >
          <Form form={create.form} layout="vertical" onFinish={(v: V) => create.mutation.mutate(v)}>
            {create.fields}
            <FormError error={create.mutation.error} />
          </Form>
        </Modal>
      )}
    </div>
  );
}
