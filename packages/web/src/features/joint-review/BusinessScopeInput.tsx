import { useState } from 'react';
import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/** The text after the last separator (；; ，, 、 or a new line): what the applicant is typing now. */
export function lastSegment(text: string): { head: string; tail: string } {
  const m = /^([\s\S]*[；;，,、\n])?([^；;，,、\n]*)$/.exec(text);
  return { head: m?.[1] ?? '', tail: (m?.[2] ?? text).trim() };
}

/**
 * 经营范围 with the wordings approved by joint review (合议核准制) offered as the applicant types:
 * choosing one completes the phrase being typed. Free text stays allowed.
 */
export function BusinessScopeInput({
  value,
  onChange,
  maxLength,
  ...rest
}: {
  value?: string;
  onChange?: (value: string) => void;
  maxLength?: number;
  'data-testid'?: string;
}) {
  const text = value ?? '';
  const { head, tail } = lastSegment(text);
  const [open, setOpen] = useState(false);
  const scopes = useQuery({
    queryKey: ['business-scopes', tail],
    queryFn: () =>
      api.get<{ items: { wording: string; industry: string }[] }>('/api/business-scopes', { q: tail }),
    enabled: open && tail.length >= 1,
    staleTime: 60_000,
  });
  return (
    <AutoComplete
      value={text}
      onChange={(v: string) => onChange?.(v)}
      onFocus={() => setOpen(true)}
      options={(scopes.data?.items ?? []).map((s) => ({
        value: `${head}${s.wording}`,
        label: `${s.wording}（${s.industry}）`,
      }))}
      style={{ width: '100%' }}
    >
      <Input.TextArea
        autoSize={{ minRows: 4, maxRows: 10 }}
        {...(maxLength ? { maxLength, showCount: true } : {})}
        data-testid={rest['data-testid']}
      />
    </AutoComplete>
  );
}
